// SPDX-License-Identifier: GPL-2.0-or-later
/* The VMClock page check (rows of hostile pages) and the VMClock event
 * line, text and JSON. */
#include <stdint.h>
#include <string.h>

#include "reseedwatch.h"
#include "unit.h"
#include "vmclock.h"

/* A page of len bytes (at most 4096) as the device would show it. */
struct spec {
	uint32_t magic, size, seq;
	uint64_t flags, disruption, gen;
};

static void put(unsigned char *b, size_t off, uint64_t v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[off + i] = (unsigned char)(v >> (8 * i));
}

static void mk(unsigned char *b, const struct spec *s)
{
	memset(b, 0xa5, 4096);
	put(b, 0, s->magic, 4);
	put(b, 4, s->size, 4);
	put(b, 12, s->seq, 4);
	put(b, 16, s->disruption, 8);
	put(b, 24, s->flags, 8);
	put(b, 104, s->gen, 8);
}

#define GOOD { 0x4b4c4356, 4096, 2, 0x300, 0, 0 }

static void row(const char *what, struct spec s, size_t len, int want)
{
	unsigned char b[4096];
	struct rw_vmclock_page p;
	int r;

	mk(b, &s);
	r = rw_vmclock_parse(b, len, &p);
	CHECK(r == want, "%s: verdict %d (want %d: %s)", what, r, want, rw_vmclock_strerror(want));
}

static void pages(void)
{
	unsigned char b[4096];
	struct rw_vmclock_page p;
	struct spec s = GOOD;

	row("a good page", s, 4096, RW_VMC_OK);
	row("exactly the structure", s, 112, RW_VMC_OK);
	row("one byte short", s, 111, RW_VMC_SHORT);
	row("no bytes", s, 0, RW_VMC_SHORT);
	s.magic = 0x564c434b;	/* "VCLK" big-endian */
	row("the magic byte-swapped", s, 4096, RW_VMC_MAGIC);
	s = (struct spec)GOOD;
	s.size = 111;
	row("size 111", s, 4096, RW_VMC_SIZE);
	s.size = 112;
	row("size 112", s, 4096, RW_VMC_OK);
	s = (struct spec)GOOD;
	s.seq = 0xffffffff;
	row("seq_count odd", s, 4096, RW_VMC_ODD);
	s.flags = 0;
	row("odd comes before a missing flag", s, 4096, RW_VMC_ODD);
	s = (struct spec)GOOD;
	s.flags = 0x200;
	row("notifications without the counter", s, 4096, RW_VMC_NOGEN);
	s.flags = ~(uint64_t)0x100;
	row("every flag but the counter's", s, 4096, RW_VMC_NOGEN);
	s.flags = 0x100;
	row("the counter without notifications", s, 4096, RW_VMC_OK);

	s = (struct spec){ 0x4b4c4356, 0xffffffff, 0xfffffffe, 0xffffffffffffffff, 0x8000000000000001,
			   0x0123456789abcdef };
	mk(b, &s);
	CHECK(rw_vmclock_parse(b, 4096, &p) == RW_VMC_OK, "extreme values are accepted");
	CHECK(p.vm_generation_counter == 0x0123456789abcdefULL, "the counter is little-endian, 64-bit");
	CHECK(p.disruption_marker == 0x8000000000000001ULL, "the marker is little-endian, 64-bit");
	CHECK(p.seq_count == 0xfffffffe && p.size == 0xffffffff, "seq_count and size decoded");
	CHECK(strstr(rw_vmclock_strerror(RW_VMC_ODD), "seq_count stayed odd") != NULL, "words for odd");
	CHECK(strcmp(rw_vmclock_strerror(99), "unknown problem") == 0, "words for an unknown code");
}

static void print(const struct rw_event *e, bool json, char *line, size_t size)
{
	FILE *f = fmemopen(line, size, "w");

	if (f) {
		rw_event_print(f, e, json);
		fclose(f);
	}
}

static void events(void)
{
	struct rw_event e = { .when = { 0, 5000 }, .source = "poll", .name = "vmclock",
			      .origin = RW_ORIGIN_VMCLOCK, .kind = RW_KIND_CLONE, .old64 = 1,
			      .new64 = 0x100000000ULL };
	char line[512];

	print(&e, false, line, sizeof(line));
	CHECK(strcmp(line, "1970-01-01T00:00:00.000005Z vmclock 0x0000000000000001 -> 0x0000000100000000 clone vm_generation_counter=4294967296\n") == 0,
	      "clone line: %s", line);
	print(&e, true, line, sizeof(line));
	CHECK(strcmp(line, "{\"time\": \"1970-01-01T00:00:00.000005Z\", \"old\": \"0x0000000000000001\", \"new\": \"0x0000000100000000\", \"notifier\": \"vm_generation_counter\", \"notifier_id\": null, \"counter\": 4294967296, \"step\": 1, \"missed\": null, \"source\": \"poll\", \"origin\": \"vmclock\", \"kind\": \"clone\"}\n") == 0,
	      "clone JSON: %s", line);
	e.kind = RW_KIND_MIGRATION;
	e.old64 = 7;
	e.new64 = 8;
	print(&e, false, line, sizeof(line));
	CHECK(strstr(line, " vmclock 0x0000000000000007 -> 0x0000000000000008 migration disruption_marker=8\n") != NULL,
	      "migration line: %s", line);
	e.kind = RW_KIND_BACKWARDS;
	e.old64 = 9;
	e.new64 = 3;
	print(&e, false, line, sizeof(line));
	CHECK(strstr(line, " backwards vm_generation_counter=3 (the counter went backwards: treat it as a clone)\n") != NULL,
	      "backwards line: %s", line);
	print(&e, true, line, sizeof(line));
	CHECK(strstr(line, "\"kind\": \"backwards\"}") != NULL, "backwards JSON: %s", line);
}

int main(void)
{
	pages();
	events();
	return unit_done();
}
