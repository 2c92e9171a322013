// SPDX-License-Identifier: GPL-2.0-or-later
/* One line of trace_pipe: a pure parser (fuzz/fuzz-trace.c). The comm at
 * the start is chosen by whoever made the call, so nothing is found by
 * scanning from the left past it: the event's name is longer than any comm,
 * and the fields between them are read backwards from it. */
#include <errno.h>
#include <string.h>

#include "record.h"

static const char mark_create[] = ": io_uring_create: ";
static const char mark_exit[] = ": sys_io_uring_setup -> ";

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Decimal digits [p, end) into *v (at most max): true if all were digits. */
static bool dec(const char *p, const char *end, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;

	if (p >= end)
		return false;
	for (; p < end; p++) {
		if (!is_digit(*p) || x > (max - (uint64_t)(*p - '0')) / 10)
			return false;
		x = x * 10 + (uint64_t)(*p - '0');
	}
	*v = x;
	return true;
}

/* "CPU:N [LOST M EVENTS]" or "CPU:N [LOST EVENTS]", the whole line. */
static int parse_lost(const char *s, size_t len, struct rec_event *ev)
{
	const char *end = s + len, *p, *q;
	uint64_t v;

	if (len < 4 || memcmp(s, "CPU:", 4) != 0)
		return -EINVAL;
	for (p = q = s + 4; q < end && is_digit(*q); q++)
		;
	if (!dec(p, q, 1u << 20, &v))
		return -EINVAL;
	ev->cpu = (unsigned int)v;
	if ((size_t)(end - q) < 7 || memcmp(q, " [LOST ", 7) != 0)
		return -EINVAL;
	p = q + 7;
	ev->lost = 0;
	if (p < end && is_digit(*p)) {
		for (q = p; q < end && is_digit(*q); q++)
			;
		if (!dec(p, q, UINT64_MAX, &ev->lost) || q >= end || *q != ' ')
			return -EINVAL;
		p = q + 1;
	}
	if ((size_t)(end - p) != 7 || memcmp(p, "EVENTS]", 7) != 0)
		return -EINVAL;
	ev->kind = REC_LOST;
	return 0;
}

/* "<comm>-<tid> [<cpu>] <flags> <secs>.<usecs>" of the header [s, end). */
static int parse_header(const char *s, const char *end, struct rec_event *ev)
{
	const char *p = end, *ts, *dot = NULL, *br, *close;
	uint64_t secs, usecs, v;
	size_t n;

	while (p > s && (is_digit(p[-1]) || p[-1] == '.')) {
		if (p[-1] == '.') {
			if (dot)
				return -EINVAL;
			dot = p - 1;
		}
		p--;
	}
	ts = p;
	if (!dot || !dec(ts, dot, UINT64_MAX / 1000000 - 1, &secs) ||
	    end - dot - 1 != 6 || !dec(dot + 1, end, 999999, &usecs))
		return -EINVAL;
	ev->ts_us = secs * 1000000 + usecs;
	if (ts == s || ts[-1] != ' ')
		return -EINVAL;
	/* The CPU: the last '[' (the flags are letters, digits and dots). */
	br = memrchr(s, '[', (size_t)(ts - s));
	if (!br)
		return -EINVAL;
	close = memchr(br, ']', (size_t)(ts - br));
	if (!close || !dec(br + 1, close, 1u << 20, &v) || close + 1 >= ts || close[1] != ' ')
		return -EINVAL;
	ev->cpu = (unsigned int)v;
	for (p = br; p > s && p[-1] == ' '; p--)
		;
	if (p == br)
		return -EINVAL;
	close = p;
	while (p > s && is_digit(p[-1]))
		p--;
	if (!dec(p, close, INT32_MAX, &v) || p == s || p[-1] != '-')
		return -EINVAL;
	ev->tid = (pid_t)v;
	close = p - 1;
	for (p = s; p < close && *p == ' '; p++)
		;
	n = (size_t)(close - p);
	if (n >= REC_COMM_MAX || memchr(p, '\0', n))
		return -EINVAL;
	if (n == 5 && memcmp(p, "<...>", 5) == 0)
		n = 0;		/* the kernel no longer knew its name */
	memcpy(ev->comm, p, n);
	ev->comm[n] = '\0';
	return 0;
}

/* "ring <ptr>, fd <N> sq size ...": the fd. */
static int parse_create(const char *p, const char *end, struct rec_event *ev)
{
	const char *f, *q;
	uint64_t v;

	if ((size_t)(end - p) < 5 || memcmp(p, "ring ", 5) != 0)
		return -EINVAL;
	f = memmem(p, (size_t)(end - p), ", fd ", 5);
	if (!f)
		return -EINVAL;
	f += 5;
	for (q = f; q < end && is_digit(*q); q++)
		;
	if (!dec(f, q, INT32_MAX, &v) || (q < end && *q != ' '))
		return -EINVAL;
	ev->kind = REC_CREATE;
	ev->ret = (int64_t)v;
	return 0;
}

/* "0x<hex>" to the end: the syscall's return value as unsigned long. */
static int parse_exit(const char *p, const char *end, struct rec_event *ev)
{
	uint64_t v = 0;
	int d;

	if (end - p < 3 || end - p > 18 || p[0] != '0' || p[1] != 'x')
		return -EINVAL;
	for (p += 2; p < end; p++) {
		if (is_digit(*p))
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else
			return -EINVAL;
		v = v << 4 | (uint64_t)d;
	}
	ev->ret = (int64_t)v;
	ev->kind = ev->ret < 0 ? REC_FAIL : REC_OK;
	return 0;
}

int rec_trace_parse(const char *line, size_t len, struct rec_event *ev)
{
	const char *end = line + len, *c, *x, *m;
	int r;

	memset(ev, 0, sizeof(*ev));
	c = memmem(line, len, mark_create, sizeof(mark_create) - 1);
	x = memmem(line, len, mark_exit, sizeof(mark_exit) - 1);
	if (!c && !x)
		return parse_lost(line, len, ev);
	m = c && (!x || c < x) ? c : x;
	r = parse_header(line, m, ev);
	if (r < 0)
		return r;
	if (m == c)
		r = parse_create(m + sizeof(mark_create) - 1, end, ev);
	else
		r = parse_exit(m + sizeof(mark_exit) - 1, end, ev);
	if (r < 0)
		memset(ev, 0, sizeof(*ev));
	return r;
}
