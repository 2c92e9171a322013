// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc/PID/status, stat, ns and fd links: pure parsers (fuzz/fuzz-proc.c)
 * and their readers, relative to the sysroot or, for this process, the
 * real /proc. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "hk/codec.h"
#include "hk/io.h"
#include "hk/proc.h"

/* Digits of a u64 at p (no sign, no blank, no overflow) before end: the
 * byte after them, or NULL. */
static const char *take_u64(const char *p, const char *end, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;
	const char *s;

	for (s = p; s < end && *s >= '0' && *s <= '9'; s++) {
		if ((uint64_t)(*s - '0') > max || x > (max - (uint64_t)(*s - '0')) / 10)
			return NULL;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	if (s == p)
		return NULL;
	*v = x;
	return s;
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* n decimal IDs separated by blanks, and nothing after them. */
static int parse_ids(const char *p, const char *end, unsigned int *ids, int n)
{
	uint64_t v;
	int i;

	for (i = 0; i < n; i++) {
		if (i && (p == end || (*p != ' ' && *p != '\t')))
			return -EINVAL;
		p = take_u64(skip_blanks(p, end), end, UINT32_MAX, &v);
		if (!p)
			return -EINVAL;
		ids[i] = (unsigned int)v;
	}
	return skip_blanks(p, end) == end ? 0 : -EINVAL;
}

static int parse_groups(const char *p, const char *end, struct hk_proc_status *st)
{
	size_t cap = 0;
	uint64_t v;
	gid_t *n;

	free(st->groups);
	st->groups = NULL;
	st->ngroups = 0;
	for (;;) {
		p = skip_blanks(p, end);
		if (p == end)
			return 0;
		p = take_u64(p, end, UINT32_MAX, &v);
		if (!p || (p < end && *p != ' ' && *p != '\t'))
			return -EINVAL;
		if ((size_t)st->ngroups == cap) {
			cap = cap ? cap * 2 : 32;
			n = realloc(st->groups, cap * sizeof(*n));
			if (!n)
				return -ENOMEM;
			st->groups = n;
		}
		st->groups[st->ngroups++] = (gid_t)v;
	}
}

/* CapEff: 1 to 16 hex digits. */
static int parse_capmask(const char *p, const char *end, uint64_t *mask)
{
	int d;

	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (p == end || end - p > 16)
		return -EINVAL;
	for (*mask = 0; p < end; p++) {
		d = hk_hex_digit(*p);
		if (d < 0)
			return -EINVAL;
		*mask = *mask << 4 | (uint64_t)d;
	}
	return 0;
}

/* One "Key:\tvalue" line; the bit it stands for among the required ones. */
static int status_line(const char *key, size_t klen, const char *val, const char *end,
		       struct hk_proc_status *st)
{
	uint64_t v = 0;
	int r;

#define KEY(k) (klen == sizeof(k) - 1 && memcmp(key, k, klen) == 0)
	if (KEY("Name")) {
		snprintf(st->comm, sizeof(st->comm), "%.*s", (int)(end - val), val);
	} else if (KEY("Uid")) {
		r = parse_ids(val, end, st->uid, 4);
		return r < 0 ? r : 1;
	} else if (KEY("Gid")) {
		r = parse_ids(val, end, st->gid, 4);
		return r < 0 ? r : 2;
	} else if (KEY("Groups")) {
		return parse_groups(val, end, st);
	} else if (KEY("CapEff")) {
		r = parse_capmask(val, end, &st->cap_eff);
		return r < 0 ? r : 4;
	} else if (KEY("Tgid")) {
		/* A PID is at most 2^22 (PID_MAX_LIMIT); anything else is not one. */
		st->tgid = take_u64(val, end, 4194304, &v) == end && v > 0 ? (pid_t)v : 0;
	} else if (KEY("Seccomp")) {
		/* 0 off, 1 strict, 2 filter; anything else is unknown. */
		st->seccomp = take_u64(val, end, 2, &v) == end ? (int)v : -1;
	}
#undef KEY
	return 0;
}

int hk_proc_status_parse(const char *buf, size_t len, struct hk_proc_status *st)
{
	const char *p = buf, *end = buf + len, *eol, *colon;
	int r, seen = 0;

	memset(st, 0, sizeof(*st));
	st->seccomp = -1;
	for (; p < end; p = eol + 1) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		colon = memchr(p, ':', (size_t)(eol - p));
		if (!colon)
			continue;
		r = status_line(p, (size_t)(colon - p), skip_blanks(colon + 1, eol), eol, st);
		if (r < 0) {
			hk_proc_status_free(st);
			return r;
		}
		seen |= r;
	}
	if (seen != 7) {
		hk_proc_status_free(st);
		return -EINVAL;
	}
	return 0;
}

int hk_proc_ns_link_parse(const char *link, size_t len, const char *type, uint64_t *ino)
{
	size_t tl = strlen(type);
	const char *end = link + len, *p;

	if (len < tl + 4 || memcmp(link, type, tl) != 0 || link[tl] != ':' || link[tl + 1] != '[')
		return -EINVAL;
	p = take_u64(link + tl + 2, end, UINT64_MAX, ino);
	return p && p + 1 == end && *p == ']' ? 0 : -EINVAL;
}

/* Only capabilities in the initial user namespace count for capable(). */
static void read_userns(int dfd, struct hk_proc_status *st)
{
	char path[64], link[64];
	uint64_t ino = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "proc/%ld/ns/user", (long)st->pid);
	n = readlinkat(dfd, path, link, sizeof(link));
	if (n >= 0) {
		st->init_userns = hk_proc_ns_link_parse(link, (size_t)n, "user", &ino) == 0 &&
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

static int status_at(int dfd, const char *path, struct hk_proc_status *st)
{
	uint8_t *buf;
	size_t len;
	int r;

	r = hk_read_file_alloc(dfd, path, STATUS_MAX, &buf, &len);
	if (r < 0)
		return r;
	r = hk_proc_status_parse((const char *)buf, len, st);
	free(buf);
	return r;
}

int hk_proc_status_read(pid_t pid, struct hk_proc_status *st)
{
	int dfd = hk_sysroot_fd(), r;
	char path[64];

	if (dfd < 0)
		return dfd;
	if (!pid)
		pid = getpid();
	snprintf(path, sizeof(path), "proc/%ld/status", (long)pid);
	r = status_at(dfd, path, st);
	if (r < 0)
		return r;
	st->pid = pid;
	read_userns(dfd, st);
	return 0;
}

int hk_proc_stat_parse(const char *buf, size_t len, struct hk_proc_stat *st)
{
	const char *end = buf + len, *open, *close, *p;
	uint64_t v;
	int field;

	/* comm may hold blanks and parentheses: it runs from the first '('
	 * to the last ')', and the fields restart after that. */
	open = memchr(buf, '(', len);
	close = memrchr(buf, ')', len);
	if (!open || !close || close < open || open == buf || open[-1] != ' ')
		return -EINVAL;
	p = take_u64(buf, end, INT32_MAX, &v);
	if (p != open - 1 || v == 0)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	st->pid = (pid_t)v;
	snprintf(st->comm, sizeof(st->comm), "%.*s", (int)(close - open - 1), open + 1);
	p = close + 1;
	for (field = 3; field <= 22; field++) {
		if (p == end || *p != ' ' || p + 1 == end || p[1] == ' ' || p[1] == '\n')
			return -EINVAL;
		p++;
		if (field == 3)
			st->state = *p;
		if (field == 22) {
			p = take_u64(p, end, UINT64_MAX, &st->starttime);
			return p && (p == end || *p == ' ' || *p == '\n') ? 0 : -EINVAL;
		}
		while (p < end && *p != ' ' && *p != '\n')
			p++;
	}
	return -EINVAL;
}

/* A stat line is about 300 bytes; comm can be 64 escaped bytes. */
#define STAT_MAX 4096

static int starttime_at(int dfd, const char *path, uint64_t *ticks)
{
	struct hk_proc_stat st;
	char buf[STAT_MAX];
	ssize_t n;
	int r;

	n = hk_read_file(dfd, path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	r = hk_proc_stat_parse(buf, (size_t)n, &st);
	if (r == 0)
		*ticks = st.starttime;
	return r;
}

int hk_proc_starttime(pid_t pid, uint64_t *ticks)
{
	int dfd = hk_sysroot_fd();
	char path[64];

	if (dfd < 0)
		return dfd;
	snprintf(path, sizeof(path), "proc/%ld/stat", (long)pid);
	return starttime_at(dfd, path, ticks);
}

long hk_clk_tck(void)
{
	unsigned long hz = getauxval(AT_CLKTCK);

	return hz > 0 && hz <= 1000000 ? (long)hz : 100;
}

/* This process's own files are always read from the real /proc: a fake
 * sysroot stands in for other processes only. */
int hk_proc_self_starttime(uint64_t *ticks)
{
	return starttime_at(AT_FDCWD, "/proc/self/stat", ticks);
}

int hk_proc_self_seccomp(void)
{
	struct hk_proc_status st;

	if (status_at(AT_FDCWD, "/proc/self/status", &st) < 0)
		return -1;
	hk_proc_status_free(&st);
	return st.seccomp;
}

int hk_proc_self_ns(const char *type, uint64_t *ino)
{
	char path[64], link[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", type);
	n = readlink(path, link, sizeof(link));
	if (n < 0)
		return -errno;
	return hk_proc_ns_link_parse(link, (size_t)n, type, ino);
}

int hk_self_init_userns(void)
{
	uint64_t ino = 0;
	int r = hk_proc_self_ns("user", &ino);

	if (r == -ENOENT)
		return 1;	/* no namespaces in this kernel */
	if (r == -EINVAL)
		return 0;
	return r < 0 ? r : ino == HK_USERNS_INIT_INO;
}

int hk_proc_fdlink_parse(const char *link, size_t len, struct hk_fdlink *fl)
{
	static const struct { const char *prefix; enum hk_fdlink_type type; } kinds[] = {
		{ "anon_inode:", HK_FDLINK_ANON },
		{ "socket:[", HK_FDLINK_SOCKET },
		{ "pipe:[", HK_FDLINK_PIPE },
	};
	const char *end = link + len, *p;
	size_t i, pl;

	memset(fl, 0, sizeof(*fl));
	if (len == 0)
		return -EINVAL;
	fl->type = link[0] == '/' ? HK_FDLINK_PATH : HK_FDLINK_OTHER;
	fl->name = link;
	fl->name_len = len;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		pl = strlen(kinds[i].prefix);
		if (len <= pl || memcmp(link, kinds[i].prefix, pl) != 0)
			continue;
		fl->type = kinds[i].type;
		fl->name = link + pl;
		fl->name_len = len - pl;
		if (fl->type == HK_FDLINK_ANON)
			return 0;
		/* socket:[INODE], pipe:[INODE] */
		p = take_u64(link + pl, end, UINT64_MAX, &fl->ino);
		if (!p || p + 1 != end || *p != ']')
			return -EINVAL;
		fl->name_len = (size_t)(p - fl->name);
		return 0;
	}
	return 0;
}

bool hk_proc_fdlink_is_io_uring(const char *link, size_t len)
{
	struct hk_fdlink fl;

	return hk_proc_fdlink_parse(link, len, &fl) == 0 && fl.type == HK_FDLINK_ANON &&
	       fl.name_len == sizeof(HK_FDLINK_IO_URING) - 1 &&
	       memcmp(fl.name, HK_FDLINK_IO_URING, fl.name_len) == 0;
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
