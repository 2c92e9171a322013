// SPDX-License-Identifier: GPL-2.0-or-later
/* rec_trace_parse(): trace_pipe lines as Linux 6.12 prints them, and
 * hostile ones (a comm is chosen by whoever makes the call). */
#include <errno.h>
#include <string.h>

#include "record.h"
#include "unit.h"

static int parse(const char *s, struct rec_event *ev)
{
	return rec_trace_parse(s, strlen(s), ev);
}

static void good(void)
{
	struct rec_event ev;

	CHECK(parse("             fio-1234    [001] ..... 12345.678901: io_uring_create: ring 000000003c6b8a1c, fd 3 sq size 4, cq size 8, flags 0x0", &ev) == 0 &&
	      ev.kind == REC_CREATE && ev.tid == 1234 && ev.cpu == 1 && ev.ts_us == 12345678901ULL &&
	      ev.ret == 3 && strcmp(ev.comm, "fio") == 0, "io_uring_create line");
	CHECK(parse("  hk-uring-probe-99      [000] d..1.     7.000002: sys_io_uring_setup -> 0xffffffffffffffff", &ev) == 0 &&
	      ev.kind == REC_FAIL && ev.ret == -1 && ev.tid == 99 && ev.ts_us == 7000002 &&
	      strcmp(ev.comm, "hk-uring-probe") == 0, "sys_exit line: EPERM");
	CHECK(parse("           <...>-5       [003] ..... 1.000000: sys_io_uring_setup -> 0x4", &ev) == 0 &&
	      ev.kind == REC_OK && ev.ret == 4 && ev.comm[0] == '\0', "unknown comm, success");
	CHECK(parse("CPU:2 [LOST 17 EVENTS]", &ev) == 0 && ev.kind == REC_LOST && ev.lost == 17 && ev.cpu == 2,
	      "lost events");
	CHECK(parse("CPU:0 [LOST EVENTS]", &ev) == 0 && ev.kind == REC_LOST && ev.lost == 0, "lost, count unknown");
	/* A comm made to look like a header: fields are read back from the event. */
	CHECK(parse("a-1 [9] . 2.000000-77      [002] ..... 3.000004: io_uring_create: ring 0, fd 5 sq size 1, cq size 2, flags 0x0", &ev) == 0 &&
	      ev.tid == 77 && ev.cpu == 2 && ev.ts_us == 3000004 && strcmp(ev.comm, "a-1 [9] . 2.000000") == 0,
	      "hostile comm with dashes, brackets and a timestamp");
	CHECK(parse(" x-8 [000] ..... 1.000000: sys_io_uring_setup -> 0xfffffffffffffff3", &ev) == 0 &&
	      ev.ret == -13, "EACCES");
}

static void bad(void)
{
	static const char *const lines[] = {
		"",
		"# tracer: nop",
		"CPU:2 [LOST 17 EVENTS] ",
		"CPU:x [LOST 1 EVENTS]",
		"fio-1 [000] ..... 1.00000: io_uring_create: ring 0, fd 3 sq size 4",
		"fio-1 [000] ..... 1.000000: io_uring_create: ring 0, fd -3 sq size 4",
		"fio-1 [000] ..... 1.000000: io_uring_create: fd 3",
		"fio-1 [000] ..... .000000: io_uring_create: ring 0, fd 3 sq",
		"fio-x [000] ..... 1.000000: io_uring_create: ring 0, fd 3 sq",
		"fio1 [000] ..... 1.000000: io_uring_create: ring 0, fd 3 sq",
		"fio-1 000] ..... 1.000000: io_uring_create: ring 0, fd 3 sq",
		"fio-1 [000] ..... 1.000000: sys_io_uring_setup -> 0x",
		"fio-1 [000] ..... 1.000000: sys_io_uring_setup -> 0x10000000000000000",
		"fio-1 [000] ..... 1.000000: sys_io_uring_setup -> 0xFF",
		"fio-1 [000] ..... 1.000000: sys_io_uring_setup -> 3",
		"fio-1 [000] ..... 99999999999999999999.000000: sys_io_uring_setup -> 0x1",
		"fio-1 [000] ..... 1.000000: io_uring_submit_req: ring 0",
	};
	struct rec_event ev;
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		CHECK(parse(lines[i], &ev) == -EINVAL, "refused: '%s'", lines[i]);
	CHECK(rec_trace_parse("fio-1 [000] . 1.000000: io_uring_create: ring 0, fd 3 sq", 20, &ev) == -EINVAL,
	      "cut short");
}

int main(void)
{
	good();
	bad();
	return unit_done();
}
