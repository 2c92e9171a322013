// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc/PID/status and stat parsing, relative to the sysroot. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hk/io.h"
#include "hk/parse.h"
#include "hk/proc.h"

static int parse_ids(const char *val, unsigned int *ids, int n)
{
	char *end;
	int i;

	for (i = 0; i < n; i++) {
		unsigned long v;

		errno = 0;
		v = strtoul(val, &end, 10);
		if (end == val || errno)
			return -EINVAL;
		ids[i] = (unsigned int)v;
		val = end;
	}
	return 0;
}

static int parse_groups(const char *val, struct hk_proc_status *st)
{
	char *end;

	st->ngroups = 0;
	for (;;) {
		unsigned long v;

		while (*val == ' ' || *val == '\t')
			val++;
		if (!*val)
			return 0;
		errno = 0;
		v = strtoul(val, &end, 10);
		if (end == val || errno)
			return -EINVAL;
		if (st->ngroups < HK_MAX_GROUPS)
			st->groups[st->ngroups++] = (gid_t)v;
		val = end;
	}
}

int hk_proc_status_read(pid_t pid, struct hk_proc_status *st)
{
	char path[64], buf[8192], link[64], *line, *save = NULL, *val;
	int dfd = hk_sysroot_fd(), r, seen = 0;
	ssize_t n;

	if (dfd < 0)
		return dfd;
	memset(st, 0, sizeof(*st));
	st->seccomp = -1;
	st->pid = pid ? pid : getpid();
	snprintf(path, sizeof(path), "proc/%ld/status", (long)st->pid);
	n = hk_read_file(dfd, path, buf, sizeof(buf) - 1);
	if (n < 0)
		return (int)n;
	buf[n] = 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		val = strchr(line, ':');
		if (!val)
			continue;
		*val++ = 0;
		while (*val == ' ' || *val == '\t')
			val++;
		if (strcmp(line, "Name") == 0) {
			snprintf(st->comm, sizeof(st->comm), "%s", val);
		} else if (strcmp(line, "Uid") == 0) {
			r = parse_ids(val, st->uid, 4);
			if (r < 0)
				return r;
			seen |= 1;
		} else if (strcmp(line, "Gid") == 0) {
			r = parse_ids(val, st->gid, 4);
			if (r < 0)
				return r;
			seen |= 2;
		} else if (strcmp(line, "Groups") == 0) {
			r = parse_groups(val, st);
			if (r < 0)
				return r;
		} else if (strcmp(line, "CapEff") == 0) {
			errno = 0;
			st->cap_eff = strtoull(val, NULL, 16);
			if (errno)
				return -EINVAL;
			seen |= 4;
		} else if (strcmp(line, "Seccomp") == 0) {
			if (hk_parse_int(val, 0, 2, &st->seccomp) < 0)
				st->seccomp = -1;
		}
	}
	if (seen != 7)
		return -EINVAL;

	/* Only capabilities in the initial user namespace count for capable(). */
	snprintf(path, sizeof(path), "proc/%ld/ns/user", (long)st->pid);
	n = readlinkat(dfd, path, link, sizeof(link) - 1);
	if (n > 0) {
		unsigned long ino = 0;

		link[n] = 0;
		st->init_userns = sscanf(link, "user:[%lu]", &ino) == 1 &&
				  ino == HK_USERNS_INIT_INO;
	} else {
		/* No namespace support in the kernel: everything is "initial". */
		st->init_userns = errno == ENOENT;
	}
	return 0;
}

int hk_proc_stat_starttime(const char *stat, uint64_t *ticks)
{
	const char *p;
	int field;

	/* comm may contain spaces and parentheses: fields restart after the last ')'. */
	p = strrchr(stat, ')');
	if (!p)
		return -EINVAL;
	for (field = 2; field < 22 && *p; p++)
		if (*p == ' ')
			field++;
	if (field != 22)
		return -EINVAL;
	errno = 0;
	*ticks = strtoull(p, NULL, 10);
	return errno ? -errno : 0;
}

int hk_proc_starttime(pid_t pid, uint64_t *ticks)
{
	char path[64], buf[1024];
	int dfd = hk_sysroot_fd();
	ssize_t n;

	if (dfd < 0)
		return dfd;
	snprintf(path, sizeof(path), "proc/%ld/stat", (long)pid);
	n = hk_read_file(dfd, path, buf, sizeof(buf) - 1);
	if (n < 0)
		return (int)n;
	buf[n] = 0;
	return hk_proc_stat_starttime(buf, ticks);
}
