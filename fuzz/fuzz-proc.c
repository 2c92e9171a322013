// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: the /proc parsers of lib/proc.c. Byte 0 picks the parser: a
 * status file, a stat file, an fd link target or a namespace link; the rest
 * is the file or link, in a buffer of its exact size. Each result is checked
 * against a reference written differently (C strings, strtok and strtoull,
 * as the readers once were, but strict), and what was parsed is written
 * back in the kernel's format and must parse to the same values. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk/proc.h"

/* A strict unsigned decimal of at most max, as a C string. */
static bool ref_num(const char *s, uint64_t max, uint64_t *v)
{
	char *end;

	if (!*s || strspn(s, "0123456789") != strlen(s))
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return !errno && *v <= max;
}

/* The reference's view of the last "Uid:"/"Gid:" line: 1 ok, 0 bad, -1 absent. */
static int ref_ids(char *text, const char *key, unsigned int *ids)
{
	char *line, *save = NULL, *tok, *s2;
	size_t kl = strlen(key);
	int found = -1, n;
	uint64_t v;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, key, kl) != 0 || line[kl] != ':')
			continue;
		found = 1;
		s2 = NULL;
		for (n = 0, tok = strtok_r(line + kl + 1, " \t", &s2); tok; tok = strtok_r(NULL, " \t", &s2), n++)
			if (n >= 4 || !ref_num(tok, UINT32_MAX, &v))
				found = 0;
			else
				ids[n] = (unsigned int)v;
		if (n != 4)
			found = 0;
		line[kl] = ':';
	}
	return found;
}

static void status(const char *b, size_t n)
{
	struct hk_proc_status st, back;
	unsigned int uid[4], gid[4];
	char *text, *doc = NULL;
	size_t len = 0;
	FILE *f;
	int r, i, ru, rg;

	r = hk_proc_status_parse(b, n, &st);
	if (r != 0 && r != -EINVAL)
		abort();
	if (!memchr(b, 0, n) && (text = strndup(b, n))) {
		/* strtok_r ends at each key's line; copy per key. */
		char *t2 = strdup(text);

		ru = ref_ids(text, "Uid", uid);
		rg = t2 ? ref_ids(t2, "Gid", gid) : 1;
		free(t2);
		free(text);
		/* Uid and Gid are required: a bad or missing one is refused. */
		if (r == 0 && (ru != 1 || rg != 1))
			abort();
		if (r == 0 && (memcmp(uid, st.uid, sizeof(uid)) || memcmp(gid, st.gid, sizeof(gid))))
			abort();
	}
	if (r != 0) {
		if (st.groups)
			abort();
		return;
	}
	if (st.seccomp < -1 || st.seccomp > 2 || strnlen(st.comm, sizeof(st.comm)) == sizeof(st.comm) ||
	    (st.ngroups && !st.groups) || (size_t)st.ngroups > (n + 1) / 2)
		abort();
	/* Written back as the kernel writes it, it reads back the same. */
	f = open_memstream(&doc, &len);
	if (!f)
		abort();
	fprintf(f, "Name:\tx\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nGroups:",
		st.uid[0], st.uid[1], st.uid[2], st.uid[3], st.gid[0], st.gid[1], st.gid[2], st.gid[3]);
	for (i = 0; i < st.ngroups; i++)
		fprintf(f, "%s%u", i ? " " : "\t", st.groups[i]);
	fprintf(f, "\nCapEff:\t%016" PRIx64 "\n", st.cap_eff);
	if (st.seccomp >= 0)
		fprintf(f, "Seccomp:\t%d\n", st.seccomp);
	fclose(f);
	if (hk_proc_status_parse(doc, len, &back) != 0 || memcmp(back.uid, st.uid, sizeof(st.uid)) ||
	    memcmp(back.gid, st.gid, sizeof(st.gid)) || back.ngroups != st.ngroups ||
	    (st.ngroups && memcmp(back.groups, st.groups, (size_t)st.ngroups * sizeof(gid_t))) ||
	    back.cap_eff != st.cap_eff || back.seccomp != st.seccomp)
		abort();
	hk_proc_status_free(&back);
	hk_proc_status_free(&st);
	free(doc);
}

static void stat_file(const char *b, size_t n)
{
	struct hk_proc_stat st, back;
	char *text, *p, line[256], tok[64];
	uint64_t ref;
	int field, r, k;

	r = hk_proc_stat_parse(b, n, &st);
	if (r != 0 && r != -EINVAL)
		abort();
	if (r != 0)
		return;
	if (st.pid < 1 || strnlen(st.comm, sizeof(st.comm)) == sizeof(st.comm))
		abort();
	/* The reference: after the last ')', field 22 is the 20th blank. */
	if (!memchr(b, 0, n) && (text = strndup(b, n))) {
		p = strrchr(text, ')');
		for (field = 2; p && field < 22 && *p; p++)
			if (*p == ' ')
				field++;
		if (!p || field != 22)
			abort();
		snprintf(tok, sizeof(tok), "%.*s", (int)strcspn(p, " \n"), p);
		if (!ref_num(tok, UINT64_MAX, &ref) || ref != st.starttime)
			abort();
		free(text);
	}
	k = snprintf(line, sizeof(line), "%d (%s) %c 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 %" PRIu64 " 23 24\n",
		     (int)st.pid, st.comm, st.state, st.starttime);
	if (k < 0 || (size_t)k >= sizeof(line) || hk_proc_stat_parse(line, (size_t)k, &back) != 0 ||
	    back.pid != st.pid || back.starttime != st.starttime || back.state != st.state)
		abort();
}

static void fd_link(const char *b, size_t n)
{
	static const char ring[] = "anon_inode:[io_uring]";
	struct hk_fdlink fl;
	bool is_ring;
	int r;

	r = hk_proc_fdlink_parse(b, n, &fl);
	is_ring = hk_proc_fdlink_is_io_uring(b, n);
	/* The one classification the tools act on: exactly the ring's link. */
	if (is_ring != (n == sizeof(ring) - 1 && memcmp(b, ring, n) == 0))
		abort();
	if (r != 0) {
		if (r != -EINVAL)
			abort();
		return;
	}
	if (fl.name < b || fl.name + fl.name_len > b + n || (fl.type == HK_FDLINK_PATH) != (b[0] == '/'))
		abort();
	if (fl.type == HK_FDLINK_ANON && (n < 11 || memcmp(b, "anon_inode:", 11) || fl.name != b + 11))
		abort();
	if (fl.type == HK_FDLINK_SOCKET || fl.type == HK_FDLINK_PIPE) {
		char *digits;
		uint64_t v;

		/* The inode digits (leading zeros too), then "]" and nothing after it. */
		if (fl.name_len == 0 || fl.name + fl.name_len + 1 != b + n || fl.name[fl.name_len] != ']')
			abort();
		digits = strndup(fl.name, fl.name_len);
		if (!digits)
			return;
		if (!ref_num(digits, UINT64_MAX, &v) || v != fl.ino)
			abort();
		free(digits);
	}
}

static void ns_link(const char *b, size_t n)
{
	static const char *const types[] = { "user", "pid", "net", "mnt" };
	uint64_t ino, v;
	char *digits;
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (hk_proc_ns_link_parse(b, n, types[i], &ino) != 0)
			continue;
		/* TYPE:[digits]: the digits, read by strtoull, are ino. */
		digits = strndup(b + strlen(types[i]) + 2, n - strlen(types[i]) - 3);
		if (!digits)
			return;
		if (!ref_num(digits, UINT64_MAX, &v) || v != ino || b[n - 1] != ']')
			abort();
		free(digits);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *b;
	size_t n;

	if (size < 1)
		return 0;
	n = size - 1;
	b = malloc(n ? n : 1);
	if (!b)
		return 0;
	memcpy(b, data + 1, n);
	switch (data[0] % 4) {
	case 0:
		status(b, n);
		break;
	case 1:
		stat_file(b, n);
		break;
	case 2:
		fd_link(b, n);
		break;
	default:
		ns_link(b, n);
		break;
	}
	free(b);
	return 0;
}
