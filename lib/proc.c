// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc/PID/status and stat parsing, relative to the sysroot. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

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
	size_t cap = 0;
	gid_t *n;
	char *end;

	free(st->groups);
	st->groups = NULL;
	st->ngroups = 0;
	for (;;) {
		unsigned long v;

		while (*val == ' ' || *val == '\t')
			val++;
		if (!*val)
			return 0;
		errno = 0;
		v = strtoul(val, &end, 10);
		if (end == val || errno || v > UINT32_MAX)
			return -EINVAL;
		if ((size_t)st->ngroups == cap) {
			cap = cap ? cap * 2 : 32;
			n = realloc(st->groups, cap * sizeof(*n));
			if (!n)
				return -ENOMEM;
			st->groups = n;
		}
		st->groups[st->ngroups++] = (gid_t)v;
		val = end;
	}
}

/* Only capabilities in the initial user namespace count for capable(). */
static void read_userns(int dfd, struct hk_proc_status *st)
{
	char path[64], link[64];
	unsigned long ino = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "proc/%ld/ns/user", (long)st->pid);
	n = readlinkat(dfd, path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = 0;
		st->init_userns = sscanf(link, "user:[%lu]", &ino) == 1 &&
				  ino == HK_USERNS_INIT_INO;
	} else if (errno == ENOENT) {
		/* No namespace support in the kernel: everything is "initial". */
		st->init_userns = 1;
	} else {
		/* ns/user needs ptrace read access: another user's process. */
		st->init_userns = -1;
		st->userns_err = errno;
	}
}

/* /proc/PID/status holds one line per group: up to NGROUPS_MAX (65536) of them. */
#define STATUS_MAX (1024 * 1024)

void hk_proc_status_free(struct hk_proc_status *st)
{
	free(st->groups);
	st->groups = NULL;
	st->ngroups = 0;
}

static int parse_status(char *buf, struct hk_proc_status *st)
{
	char *line, *save = NULL, *val;
	int r, seen = 0;

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
	return seen == 7 ? 0 : -EINVAL;
}

int hk_proc_status_read(pid_t pid, struct hk_proc_status *st)
{
	int dfd = hk_sysroot_fd(), r;
	uint8_t *buf;
	char path[64];
	size_t len;

	if (dfd < 0)
		return dfd;
	memset(st, 0, sizeof(*st));
	st->seccomp = -1;
	st->pid = pid ? pid : getpid();
	snprintf(path, sizeof(path), "proc/%ld/status", (long)st->pid);
	r = hk_read_file_alloc(dfd, path, STATUS_MAX, &buf, &len);
	if (r < 0)
		return r;
	r = parse_status((char *)buf, st);
	free(buf);
	if (r < 0) {
		hk_proc_status_free(st);
		return r;
	}
	read_userns(dfd, st);
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

/* The super options of the mount whose device is dev, from the last
 * field of a mountinfo line ("... - proc proc rw,hidepid=invisible,gid=10"). */
static bool mountinfo_proc_opts(const char *line, dev_t dev, const char **opts)
{
	unsigned int maj, min;
	const char *sep;

	if (sscanf(line, "%*u %*u %u:%u", &maj, &min) != 2 || makedev(maj, min) != dev)
		return false;
	sep = strstr(line, " - ");
	if (!sep || strncmp(sep, " - proc ", 8) != 0)
		return false;
	*opts = strrchr(sep, ' ');
	return *opts != NULL;
}

static void opt_value(const char *opts, const char *name, char *buf, size_t size)
{
	size_t len = strlen(name);
	const char *p;

	buf[0] = 0;
	for (p = opts; p && *p; p = strchr(p, ',')) {
		if (*p == ',' || *p == ' ')
			p++;
		if (strncmp(p, name, len) == 0 && p[len] == '=') {
			snprintf(buf, size, "%.*s", (int)strcspn(p + len + 1, ",\n"), p + len + 1);
			return;
		}
	}
}

int hk_proc_hidepid(int procfd, char *hidepid, size_t size, long *gid)
{
	char line[4096], g[32];
	const char *opts;
	struct stat st;
	int r = 0;
	FILE *f;

	*gid = -1;
	hidepid[0] = 0;
	if (fstat(procfd, &st) < 0)
		return -errno;
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (mountinfo_proc_opts(line, st.st_dev, &opts)) {
			opt_value(opts, "hidepid", hidepid, size);
			opt_value(opts, "gid", g, sizeof(g));
			if (*g)
				*gid = strtol(g, NULL, 10);
			break;
		}
	fclose(f);
	/* invisible (2) and ptraceable (4) leave processes out; noaccess (1)
	 * leaves them unreadable; off (0) hides nothing. */
	if (strcmp(hidepid, "invisible") == 0 || strcmp(hidepid, "2") == 0 ||
	    strcmp(hidepid, "ptraceable") == 0 || strcmp(hidepid, "4") == 0)
		r = 1;
	return r;
}
