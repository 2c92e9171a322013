// SPDX-License-Identifier: GPL-2.0-or-later
/* Who made a private entry: tsmctl-PID-TIME-PIDNS-RANDOM, and whether that
 * process still runs. TIME is when the entry was made (CLOCK_BOOTTIME, in
 * clock ticks) as the initial time namespace counts: the process with PID
 * that started no later is its creator, as no two live processes share a
 * PID. Start times in /proc/PID/stat are shifted by the reader's boottime
 * offset (fs/proc/array.c), as CLOCK_BOOTTIME is by the writer's, so each
 * takes its own offset off before it records or compares. (Names made by
 * earlier builds record the creator's start time, which is earlier:
 * they are judged alike.) */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hk/io.h"
#include "hk/proc.h"
#include "tsm.h"

#define PRIVATE_PREFIX "tsmctl-"

/* Digits only, no sign, no blanks; advances *p past them. */
static bool take_u64(const char **p, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (x > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return false;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	*v = x;
	return true;
}

bool tsm_parse_private(const char *name, struct tsm_owner *o)
{
	const char *p = name;
	uint64_t pid, start, ns;
	int i;

	if (strncmp(p, PRIVATE_PREFIX, strlen(PRIVATE_PREFIX)) != 0)
		return false;
	p += strlen(PRIVATE_PREFIX);
	if (!take_u64(&p, &pid) || *p++ != '-' || !take_u64(&p, &start) || *p++ != '-' ||
	    !take_u64(&p, &ns) || *p++ != '-')
		return false;
	for (i = 0; i < 8; i++, p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	if (*p || pid < 1 || pid > INT32_MAX)
		return false;
	if (o) {
		o->pid = (pid_t)pid;
		o->made = start;
		o->pidns = ns;
	}
	return true;
}

int tsm_private_name(char *buf, size_t size, const struct tsm_owner *o, uint32_t rnd)
{
	int n = snprintf(buf, size, PRIVATE_PREFIX "%ld-%" PRIu64 "-%" PRIu64 "-%08x",
			 (long)o->pid, o->made, o->pidns, rnd);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* A file of /proc/self, NUL-terminated: its length or -errno. */
static ssize_t read_self(const char *name, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = hk_read_sig(fd, buf, size - 1, NULL);
	close(fd);
	if (n >= 0)
		buf[n] = 0;
	return n;
}

/* The initial time namespace (PROC_TIME_INIT_INO): no offsets to read. */
#define TIME_NS_INIT "time:[4026531834]"

/* This process's boottime offset in nanoseconds (always the real /proc:
 * a fake sysroot stands in for other processes only). 0 without time
 * namespaces, or in the initial one. */
static int boottime_offset(int64_t *ns)
{
	char buf[256], *line;
	long long sec, nsec;
	ssize_t n;

	*ns = 0;
	n = readlink("/proc/self/ns/time", buf, sizeof(buf));
	if (n == (ssize_t)strlen(TIME_NS_INIT) && memcmp(buf, TIME_NS_INIT, (size_t)n) == 0)
		return 0;
	n = read_self("timens_offsets", buf, sizeof(buf));
	if (n < 0)
		return n == -ENOENT ? 0 : (int)n;
	for (line = buf; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (sscanf(line, "boottime %lld %lld", &sec, &nsec) == 2) {
			*ns = (int64_t)sec * 1000000000 + nsec;
			return 0;
		}
	}
	return -EINVAL;
}

/* Ticks as this process's /proc shows them, as the initial time namespace
 * does: the offset in whole ticks, rounded down, taken off. */
static int to_initial(uint64_t ticks, uint64_t *out)
{
	int64_t off, tick = 1000000000 / hk_clk_tck(), q;
	int r;

	r = boottime_offset(&off);
	if (r < 0)
		return r;
	q = off / tick - (off % tick < 0);
	*out = ticks - (uint64_t)q;
	return 0;
}

/* The clock, not /proc/self/stat: the vDSO answers without a system call,
 * where reading our start time costs a tenth of a report under emulation
 * (bench/tsmctl-report). */
int tsm_self_owner(struct tsm_owner *o)
{
	uint64_t hz = (uint64_t)hk_clk_tck(), ino = 0;
	struct timespec now;
	int r;

	o->pid = getpid();
	if (clock_gettime(CLOCK_BOOTTIME, &now) < 0)
		return -errno;
	/* as the kernel's nsec_to_clock_t() rounds start times: down */
	r = to_initial((uint64_t)now.tv_sec * hz + (uint64_t)now.tv_nsec / (1000000000 / hz), &o->made);
	if (r < 0)
		return r;
	o->pidns = hk_proc_self_ns("pid", &ino) == 0 ? ino : 0;
	return 0;
}

enum tsm_owner_state tsm_owner_state(const struct tsm_owner *o, uint64_t self_pidns)
{
	uint64_t start;
	int64_t d;
	int r;

	/* A PID from another namespace names some other process here. */
	if (o->pidns != self_pidns)
		return TSM_OWNER_UNKNOWN;
	r = hk_proc_starttime(o->pid, &start);
	if (r == -ENOENT || r == -ESRCH)
		return TSM_OWNER_GONE;
	if (r == 0)
		r = to_initial(start, &start);
	if (r < 0)
		return TSM_OWNER_UNKNOWN;
	/* Offsets that are not whole ticks round the two views apart by at
	 * most one tick; a PID reused within a tick or two of the entry's
	 * making is taken for its creator (the entry is kept, never the
	 * other way round). */
	d = (int64_t)(start - o->made);
	return d <= 1 ? TSM_OWNER_RUNNING : TSM_OWNER_GONE;
}

const char *tsm_owner_state_name(enum tsm_owner_state s)
{
	switch (s) {
	case TSM_OWNER_RUNNING:
		return "running";
	case TSM_OWNER_GONE:
		return "gone";
	default:
		return "unknown";
	}
}
