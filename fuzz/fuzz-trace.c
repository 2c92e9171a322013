// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: rec_trace_parse(), the trace_pipe line parser of uringpolicy
 * record. What it accepts is within range, and written back in the
 * kernel's format (after a comm padded as the kernel pads it) parses to the
 * same values. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

static void roundtrip(const struct rec_event *ev)
{
	char line[512], tail[128];
	struct rec_event back;
	int n;

	if (ev->kind == REC_CREATE)
		snprintf(tail, sizeof(tail), "io_uring_create: ring 0000000012345678, fd %d sq size 4, cq size 8, flags 0x0",
			 (int)ev->ret);
	else if (ev->kind == REC_LOST)
		return;
	else
		snprintf(tail, sizeof(tail), "sys_io_uring_setup -> 0x%" PRIx64, (uint64_t)ev->ret);
	n = snprintf(line, sizeof(line), "%16s-%-7d [%03u] d..1. %5" PRIu64 ".%06" PRIu64 ": %s",
		     ev->comm[0] ? ev->comm : "<...>", (int)ev->tid, ev->cpu, ev->ts_us / 1000000,
		     ev->ts_us % 1000000, tail);
	if (rec_trace_parse(line, (size_t)n, &back) != 0 || back.kind != ev->kind || back.tid != ev->tid ||
	    back.cpu != ev->cpu || back.ts_us != ev->ts_us || back.ret != ev->ret ||
	    strcmp(back.comm, ev->comm) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec_event ev;
	char *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (rec_trace_parse(buf, size, &ev) == 0) {
		if (strlen(ev.comm) >= REC_COMM_MAX || ev.tid < 0 ||
		    (ev.kind == REC_CREATE && (ev.ret < 0 || ev.ret > INT32_MAX)) ||
		    (ev.kind == REC_FAIL && ev.ret >= 0) || (ev.kind == REC_OK && ev.ret < 0))
			abort();
		roundtrip(&ev);
	}
	free(buf);
	return 0;
}
