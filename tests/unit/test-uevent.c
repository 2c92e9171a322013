// SPDX-License-Identifier: GPL-2.0-or-later
/* The uevent parser, the reseed uevent check, the names file parser and the
 * event line: table-driven rows. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hk/nl.h"
#include "reseedwatch.h"
#include "unit.h"

/* Build a datagram from NUL-separated parts given as one string with '|'. */
static size_t mk(char *buf, size_t size, const char *spec)
{
	size_t n = strlen(spec), i;

	if (n + 1 > size)
		abort();
	for (i = 0; i < n; i++)
		buf[i] = spec[i] == '|' ? '\0' : spec[i];
	buf[n] = '\0';
	return n + 1;
}

#define GOOD "change@/kernel/random/epoch|ACTION=change|DEVPATH=/kernel/random/epoch|SUBSYSTEM=random|EPOCH=0x02000007|NOTIFIER=vmgenid|NOTIFIER_ID=2|COUNTER=7|SEQNUM=1234"

static void parse_row(const char *spec, int want)
{
	char buf[1024];
	struct hk_uevent ev;
	size_t len = mk(buf, sizeof(buf), spec);
	int r = hk_uevent_parse(buf, len, &ev);

	CHECK(r == want, "hk_uevent_parse '%.60s...' -> %d (want %d)", spec, r, want);
}

static void check_row(const char *spec, unsigned int pid, unsigned int groups,
		      const struct rw_names *names, int want, uint32_t want_epoch)
{
	char buf[1024];
	struct rw_uevent_info info = { 0 };
	size_t len = mk(buf, sizeof(buf), spec);
	int r = rw_uevent_check(buf, len, pid, groups, names, &info);

	CHECK(r == want && (!r || info.epoch == want_epoch), "rw_uevent_check '%.70s' pid %u -> %d 0x%08x",
	      spec, pid, r, (unsigned int)info.epoch);
}

static void parser(void)
{
	struct hk_uevent ev;
	char buf[1024];
	size_t len;
	int r;

	/* The generic parser. */
	parse_row(GOOD, 0);
	parse_row("add@/devices/virtual/mem/null|ACTION=add|DEVPATH=/devices/virtual/mem/null|SUBSYSTEM=mem|SEQNUM=1|MAJOR=1|MINOR=3", 0);
	parse_row("libudev|", -EINVAL);
	parse_row("", -EINVAL);
	parse_row("@/x|ACTION=|DEVPATH=/x|SUBSYSTEM=a|SEQNUM=1", -EINVAL);
	parse_row("change@x|ACTION=change|DEVPATH=x|SUBSYSTEM=a|SEQNUM=1", -EINVAL);
	parse_row("change@/x|ACTION=add|DEVPATH=/x|SUBSYSTEM=a|SEQNUM=1", -EINVAL);
	parse_row("change@/x|ACTION=change|DEVPATH=/y|SUBSYSTEM=a|SEQNUM=1", -EINVAL);
	parse_row("change@/x|ACTION=change|DEVPATH=/x|SUBSYSTEM=|SEQNUM=1", -EINVAL);
	parse_row("change@/x|ACTION=change|DEVPATH=/x|SUBSYSTEM=a|SEQNUM=", -EINVAL);
	parse_row("change@/x|ACTION=change|DEVPATH=/x|SUBSYSTEM=a|SEQNUM=1x", -EINVAL);
	parse_row("change@/x|ACTION=change|DEVPATH=/x|SUBSYSTEM=a", -EINVAL);
	parse_row("change@/x|ACTION=change|DEVPATH=/x|SUBSYSTEM=a|SEQNUM=1|SEQNUM=2", -EINVAL);
	parse_row("change@/x|ACTION=change|DEVPATH=/x|SUBSYSTEM=a|SEQNUM=1|=v", -EINVAL);
	parse_row("change@/x|ACTION=change|DEVPATH=/x|SUBSYSTEM=a|SEQNUM=1|NOEQUALS", -EINVAL);
	parse_row("change@/x|ACTION=change|DEVPATH=/x||SUBSYSTEM=a|SEQNUM=1", -EINVAL);
	/* A prefix of a key is another key. */
	parse_row("change@/x|ACTION=change|DEVPATH=/x|SUBSYSTEM=a|SEQNUM=1|A=1|AB=2|ABC=3", 0);

	/* Not NUL-terminated: rejected without reading past the end. */
	len = mk(buf, sizeof(buf), GOOD);
	r = hk_uevent_parse(buf, len - 1, &ev);
	CHECK(r == -EINVAL, "unterminated datagram rejected");

	/* 64 variables fit, 65 do not. */
	{
		char big[4096];
		size_t n = 0;
		int i;

		n += (size_t)snprintf(big + n, sizeof(big) - n, "change@/x|ACTION=change|DEVPATH=/x|SUBSYSTEM=a|SEQNUM=1");
		for (i = 0; i < 60; i++)
			n += (size_t)snprintf(big + n, sizeof(big) - n, "|K%d=v", i);
		parse_row(big, 0);
		snprintf(big + n, sizeof(big) - n, "|K60=v");
		parse_row(big, -E2BIG);
	}

	/* CHECK evaluates its condition twice: no side effects in it. */
	len = mk(buf, sizeof(buf), GOOD);
	r = hk_uevent_parse(buf, len, &ev);
	CHECK(r == 0 && strcmp(ev.action, "change") == 0 &&
	      strcmp(ev.devpath, "/kernel/random/epoch") == 0 && strcmp(ev.subsystem, "random") == 0 &&
	      ev.nvars == 8, "fields of a good uevent");
	CHECK(r == 0 && strcmp(hk_uevent_get(&ev, "NOTIFIER"), "vmgenid") == 0 && !hk_uevent_get(&ev, "NOTIFIE") &&
	      !hk_uevent_get(&ev, "") && !hk_uevent_get(&ev, "X"), "hk_uevent_get matches whole keys");
}

static void reseed_check(void)
{
	struct rw_names names;

	/* The reseed check. */
	rw_names_parse(&names, "1 rndreseedcrng\n2 vmgenid\n3 timer");
	check_row(GOOD, 0, 1, &names, 1, 0x02000007);
	check_row(GOOD, 0, 1, NULL, 1, 0x02000007);
	check_row(GOOD, 1234, 1, &names, 0, 0);		/* from user space */
	check_row(GOOD, 0, 2, &names, 0, 0);		/* udev's group */
	check_row("add@/kernel/random/epoch|ACTION=add|DEVPATH=/kernel/random/epoch|SUBSYSTEM=random|SEQNUM=5",
		  0, 1, &names, 0, 0);
	check_row("change@/kernel/random/epochs|ACTION=change|DEVPATH=/kernel/random/epochs|SUBSYSTEM=random|EPOCH=0x02000007|NOTIFIER=vmgenid|NOTIFIER_ID=2|COUNTER=7|SEQNUM=1",
		  0, 1, &names, 0, 0);
	check_row("change@/kernel/random/epoch|ACTION=change|DEVPATH=/kernel/random/epoch|SUBSYSTEM=mem|EPOCH=0x02000007|NOTIFIER=vmgenid|NOTIFIER_ID=2|COUNTER=7|SEQNUM=1",
		  0, 1, &names, 0, 0);
	/* The parts must agree with EPOCH, in the kernel's spelling. */
	check_row("change@/kernel/random/epoch|ACTION=change|DEVPATH=/kernel/random/epoch|SUBSYSTEM=random|EPOCH=0x02000007|NOTIFIER=vmgenid|NOTIFIER_ID=3|COUNTER=7|SEQNUM=1",
		  0, 1, &names, 0, 0);
	check_row("change@/kernel/random/epoch|ACTION=change|DEVPATH=/kernel/random/epoch|SUBSYSTEM=random|EPOCH=0x02000007|NOTIFIER=vmgenid|NOTIFIER_ID=2|COUNTER=8|SEQNUM=1",
		  0, 1, &names, 0, 0);
	check_row("change@/kernel/random/epoch|ACTION=change|DEVPATH=/kernel/random/epoch|SUBSYSTEM=random|EPOCH=0x02000007|NOTIFIER=vmgenid|NOTIFIER_ID=02|COUNTER=7|SEQNUM=1",
		  0, 1, &names, 0, 0);
	check_row("change@/kernel/random/epoch|ACTION=change|DEVPATH=/kernel/random/epoch|SUBSYSTEM=random|EPOCH=0x0200000A|NOTIFIER=vmgenid|NOTIFIER_ID=2|COUNTER=10|SEQNUM=1",
		  0, 1, &names, 0, 0);
	check_row("change@/kernel/random/epoch|ACTION=change|DEVPATH=/kernel/random/epoch|SUBSYSTEM=random|EPOCH=0x2000007|NOTIFIER=vmgenid|NOTIFIER_ID=2|COUNTER=7|SEQNUM=1",
		  0, 1, &names, 0, 0);
	check_row("change@/kernel/random/epoch|ACTION=change|DEVPATH=/kernel/random/epoch|SUBSYSTEM=random|EPOCH=0x00000000|NOTIFIER=none|NOTIFIER_ID=0|COUNTER=0|SEQNUM=1",
		  0, 1, &names, 0, 0);
	/* The name must be the kernel's name for that ID. */
	check_row("change@/kernel/random/epoch|ACTION=change|DEVPATH=/kernel/random/epoch|SUBSYSTEM=random|EPOCH=0x02000007|NOTIFIER=timer|NOTIFIER_ID=2|COUNTER=7|SEQNUM=1",
		  0, 1, &names, 0, 0);
	check_row("change@/kernel/random/epoch|ACTION=change|DEVPATH=/kernel/random/epoch|SUBSYSTEM=random|EPOCH=0x02000007|NOTIFIER=Vmgenid|NOTIFIER_ID=2|COUNTER=7|SEQNUM=1",
		  0, 1, NULL, 0, 0);
	check_row("change@/kernel/random/epoch|ACTION=change|DEVPATH=/kernel/random/epoch|SUBSYSTEM=random|EPOCH=0x09000001|NOTIFIER=unknown|NOTIFIER_ID=9|COUNTER=1|SEQNUM=1",
		  0, 1, &names, 1, 0x09000001);
	check_row("change@/kernel/random/epoch|ACTION=change|DEVPATH=/kernel/random/epoch|SUBSYSTEM=random|NOTIFIER=vmgenid|NOTIFIER_ID=2|COUNTER=7|SEQNUM=1",
		  0, 1, &names, 0, 0);
}

static void names_file(void)
{
	struct rw_names names;
	char idbuf[16];
	int r;

	/* The names file. */
	r = rw_names_parse(&names, "1 rndreseedcrng\n2 vmgenid\n3 timer\n");
	CHECK(r == 3 &&
	      strcmp(rw_name(&names, 2, idbuf, sizeof(idbuf)), "vmgenid") == 0 &&
	      strcmp(rw_name(&names, 9, idbuf, sizeof(idbuf)), "id-9") == 0 &&
	      strcmp(rw_name(&names, 0, idbuf, sizeof(idbuf)), "none") == 0, "names file and id-N");
	r = rw_names_parse(&names, "0 zero\n256 big\n01 lead\n4 UPPER\n5 way_too_long_name_x\n6  two\n7\n 8 x\n9 ok\n9 dup\n");
	CHECK(r == 1 &&
	      strcmp(names.name[9], "ok") == 0 && !names.name[6][0], "malformed name lines are skipped");
	r = rw_names_parse(&names, "");
	CHECK(r == 0 && names.loaded, "an empty names file");
}

static void event_line(void)
{
	struct rw_event e;
	char line[512];
	FILE *f;
	int r;

	/* The event line. */
	f = fmemopen(line, sizeof(line), "w");
	e = (struct rw_event){ .old = 0x01000003, .new = 0x03000004, .when = { 0, 5000 },
			       .source = "poll", .name = "timer" };
	r = f ? rw_event_print(f, &e, false) : -1;
	CHECK(r == 0, "event line written");
	fclose(f);
	CHECK(strcmp(line, "1970-01-01T00:00:00.000005Z epoch 0x01000003 -> 0x03000004 timer counter=4 step=1\n") == 0,
	      "event line: %s", line);
	f = fmemopen(line, sizeof(line), "w");
	e.new = 0x02000007;
	e.name = "vmgenid";
	rw_event_print(f, &e, false);
	fclose(f);
	CHECK(strstr(line, " vmgenid counter=7 step=4 (missed 3 events between two looks)\n") != NULL,
	      "missed events noted: %s", line);
	f = fmemopen(line, sizeof(line), "w");
	rw_event_print(f, &e, true);
	fclose(f);
	CHECK(strcmp(line, "{\"time\": \"1970-01-01T00:00:00.000005Z\", \"old\": \"0x01000003\", \"new\": \"0x02000007\", \"notifier\": \"vmgenid\", \"notifier_id\": 2, \"counter\": 7, \"step\": 4, \"missed\": 3, \"source\": \"poll\", \"origin\": \"epoch\", \"kind\": \"reseed\"}\n") == 0,
	      "JSON event: %s", line);
	e.old = 0x01ffffff;
	e.new = 0x01000000;
	CHECK(rw_event_step(&e) == 1, "the counter wraps at 2^24");
	e.old = e.new = 0x01000005;
	e.new = 0x02000005;
	CHECK(rw_event_step(&e) == 0x1000000, "same counter, other value: 2^24 events");
}

int main(void)
{
	parser();
	reseed_check();
	names_file();
	event_line();
	return unit_done();
}
