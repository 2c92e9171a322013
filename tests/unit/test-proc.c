// SPDX-License-Identifier: GPL-2.0-or-later
/* lib/proc.c: the status, stat, namespace and fd link parsers, through the
 * readers on a fake sysroot and directly. The first two cases were read as
 * UID 0 and as a start time by the old strtoul/strtoull parsers. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "hk/io.h"
#include "hk/proc.h"
#include "unit.h"

#define STAT_HEAD "42 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 "

static char root[64];

static void put(const char *pid, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/proc/%s", root, pid);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/proc/%s/%s", root, pid, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static int status_of(const char *text, struct hk_proc_status *st)
{
	put("42", "status", text);
	return hk_proc_status_read(42, st);
}

static int start_of(const char *text, uint64_t *t)
{
	put("42", "stat", text);
	return hk_proc_starttime(42, t);
}

static void readers(void)
{
	struct hk_proc_status st;
	uint64_t t = 0;
	int r;

	r = status_of("Name:\tx\nUid:\t4294967296\t0\t0\t0\nGid:\t0\t0\t0\t0\nCapEff:\t0\n", &st);
	CHECK(r == -EINVAL, "a UID above 2^32-1 is refused, not read as 0 (%d)", r);
	r = start_of(STAT_HEAD "-5 0\n", &t);
	CHECK(r == -EINVAL, "a negative start time is refused (%d)", r);
	r = start_of(STAT_HEAD " 0\n", &t);
	CHECK(r == -EINVAL, "an empty start time field is refused (%d)", r);
	r = status_of("Name:\tx\nUid:\t1\t2\t3\t4 5\nGid:\t0\t0\t0\t0\nCapEff:\t0\n", &st);
	CHECK(r == -EINVAL, "a fifth UID is refused (%d)", r);
	r = status_of("Name:\tx\nUid:\t1\t2\t3\t4\nGid:\t0\t0\t0\t0\nCapEff:\t0x1ff\n", &st);
	CHECK(r == -EINVAL, "CapEff with a 0x prefix is refused (%d)", r);
	r = status_of("Name:\ta b\nUid:\t1\t2\t3\t4\nGid:\t5\t6\t7\t8\nGroups:\t9 10 \n"
		      "CapEff:\t000001ffffffffff\nSeccomp:\t2", &st);
	CHECK(r == 0 && st.pid == 42 && st.uid[1] == 2 && st.gid[3] == 8 && st.ngroups == 2 &&
	      st.groups[1] == 10 && st.cap_eff == 0x1ffffffffffULL && st.seccomp == 2 &&
	      strcmp(st.comm, "a b") == 0, "a status file without a final newline (%d)", r);
	if (r == 0)
		hk_proc_status_free(&st);
	r = status_of("Name:\tx\nTgid:\t41\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nCapEff:\t0\n", &st);
	CHECK(r == 0 && st.pid == 42 && st.tgid == 41, "Tgid: the thread's process (%d)", r);
	if (r == 0)
		hk_proc_status_free(&st);
	r = status_of("Name:\tx\nTgid:\t4194305\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nCapEff:\t0\n", &st);
	CHECK(r == 0 && st.tgid == 0, "a Tgid above PID_MAX_LIMIT is not a PID: 0, unknown (%d)", r);
	if (r == 0)
		hk_proc_status_free(&st);
	r = status_of("Name:\tx\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nCapEff:\t0\nSeccomp:\t3\n", &st);
	CHECK(r == 0 && st.seccomp == -1 && st.tgid == 0, "Seccomp 3 is unknown (-1), not 3; no Tgid is 0");
	if (r == 0)
		hk_proc_status_free(&st);
	r = start_of("42 (a) (b c)) S) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 777 0\n", &t);
	CHECK(r == 0 && t == 777, "comm with blanks and parentheses: fields go on after the last ')'");
}

static void parsers(void)
{
	static const char big[] = "9 (" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
				  ") S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 5";
	struct hk_proc_stat ps;
	struct hk_fdlink fl;
	uint64_t ino;

	CHECK(hk_proc_stat_parse(big, strlen(big), &ps) == 0 && ps.pid == 9 && ps.starttime == 5 &&
	      strlen(ps.comm) == 63 && ps.state == 'S', "a long comm is cut, the fields still read");
	CHECK(hk_proc_stat_parse(STAT_HEAD "18446744073709551616", strlen(STAT_HEAD) + 20, &ps) == -EINVAL,
	      "a start time above 2^64-1 is refused");
	CHECK(hk_proc_ns_link_parse("user:[4026531837]", 17, "user", &ino) == 0 && ino == HK_USERNS_INIT_INO,
	      "user:[4026531837] is the initial user namespace");
	CHECK(hk_proc_ns_link_parse("user:[4026531837]x", 18, "user", &ino) == -EINVAL &&
	      hk_proc_ns_link_parse("pid:[1]", 7, "user", &ino) == -EINVAL &&
	      hk_proc_ns_link_parse("user:[]", 7, "user", &ino) == -EINVAL, "other ns links are refused");
	CHECK(hk_proc_fdlink_is_io_uring("anon_inode:[io_uring]", 21), "a ring's link");
	CHECK(!hk_proc_fdlink_is_io_uring("anon_inode:[io_uring]", 20) &&
	      !hk_proc_fdlink_is_io_uring("anon_inode:[io_uring]x", 22) &&
	      !hk_proc_fdlink_is_io_uring("/anon_inode:[io_uring]", 22), "nothing else is a ring");
	CHECK(hk_proc_fdlink_parse("socket:[123]", 12, &fl) == 0 && fl.type == HK_FDLINK_SOCKET && fl.ino == 123,
	      "socket:[123]");
	CHECK(hk_proc_fdlink_parse("pipe:[]", 7, &fl) == -EINVAL && hk_proc_fdlink_parse("", 0, &fl) == -EINVAL,
	      "pipe:[] and an empty link are refused");
	CHECK(hk_proc_fdlink_parse("/tmp/x (deleted)", 16, &fl) == 0 && fl.type == HK_FDLINK_PATH,
	      "a path");
	CHECK(hk_proc_self_seccomp() >= 0, "this process's Seccomp field reads");
	CHECK(hk_proc_self_starttime(&ino) == 0 && ino > 0, "this process's start time reads");
}

int main(void)
{
	char path[128];

	snprintf(root, sizeof(root), "/tmp/test-proc.XXXXXX");
	if (!mkdtemp(root))
		return 99;
	snprintf(path, sizeof(path), "%s/proc", root);
	mkdir(path, 0755);
	hk_sysroot_set(root);
	readers();
	parsers();
	hk_sysroot_set(NULL);
	snprintf(path, sizeof(path), "rm -rf '%s'", root);
	if (system(path) != 0)
		return 99;
	return unit_done();
}
