// SPDX-License-Identifier: GPL-2.0-or-later
/* Counting the io_uring instances a process holds: every file table of its
 * threads (a thread that called unshare(CLONE_FILES) has its own), each ring
 * once however many descriptors point at it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/kcmp.h>

#include "hk/parse.h"
#include "hk/proc.h"
#include "scan.h"

/* Longer links need not be read whole to be told apart from a ring's. */
#define RING_LINK "anon_inode:" HK_FDLINK_IO_URING

struct rings {
	struct { dev_t dev; ino_t ino; } *key;
	size_t n, cap;
	ino_t unknown;		/* a ring that cannot be stat'ed counts alone */
};

static int add_ring(struct rings *r, int fdfd, const char *name)
{
	struct stat st;
	size_t i;

	/* Each ring has its own anonymous inode (anon_inode_create_getfile). */
	if (fstatat(fdfd, name, &st, 0) < 0) {
		st.st_dev = 0;
		st.st_ino = ++r->unknown;
	}
	for (i = 0; i < r->n; i++)
		if (r->key[i].dev == st.st_dev && r->key[i].ino == st.st_ino)
			return 0;
	if (r->n == r->cap) {
		void *k = realloc(r->key, (r->cap = r->cap ? r->cap * 2 : 4) * sizeof(*r->key));

		if (!k)
			return -ENOMEM;
		r->key = k;
	}
	r->key[r->n].dev = st.st_dev;
	r->key[r->n++].ino = st.st_ino;
	return 0;
}

/* A directory below procfd as a DIR; NULL with *err = -errno. */
static DIR *open_dir(int procfd, const char *path, int *err)
{
	int fd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;

	if (fd < 0) {
		*err = -errno;
		return NULL;
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		*err = -ENOMEM;
	}
	return d;
}

/* Add the rings of one file table (a .../fd directory); -errno if unreadable. */
static int scan_table(int procfd, const char *path, struct rings *r)
{
	char link[sizeof(RING_LINK) + 1];
	struct dirent *de;
	int fdfd, err = 0;
	ssize_t len;
	DIR *d = open_dir(procfd, path, &err);

	if (!d)
		return err;
	fdfd = dirfd(d);
	while (!err && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		len = readlinkat(fdfd, de->d_name, link, sizeof(link));
		if (len > 0 && len < (ssize_t)sizeof(link) && hk_proc_fdlink_is_io_uring(link, (size_t)len))
			err = add_ring(r, fdfd, de->d_name);
	}
	closedir(d);
	return err;
}

/* Does thread tid share pid's file table? kcmp(2) knows; without it (no
 * CONFIG_KCMP) scan the thread's table too: its rings are deduplicated. */
static bool shares_files(int pid, int tid)
{
	return syscall(SYS_kcmp, pid, tid, KCMP_FILES, 0, 0) == 0;
}

static int scan_threads(int procfd, int pid, struct rings *r)
{
	char path[64];
	struct dirent *de;
	int tid, err = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%d/task", pid);
	d = open_dir(procfd, path, &err);
	if (!d)
		return err;
	while (!err && (de = readdir(d))) {
		if (hk_parse_int(de->d_name, 1, INT32_MAX, &tid) < 0 || tid == pid ||
		    shares_files(pid, tid))
			continue;
		snprintf(path, sizeof(path), "%d/task/%d/fd", pid, tid);
		err = scan_table(procfd, path, r);
		if (err == -ENOENT || err == -ESRCH)
			err = 0;	/* the thread ended */
	}
	closedir(d);
	return err;
}

int up_count_rings(int procfd, int pid)
{
	struct rings r = { 0 };
	struct stat st;
	char path[64];
	int err;

	snprintf(path, sizeof(path), "%d/fd", pid);
	err = scan_table(procfd, path, &r);
	/* The task directory links once per thread: more than one thread? */
	snprintf(path, sizeof(path), "%d/task", pid);
	if (!err && fstatat(procfd, path, &st, 0) == 0 && st.st_nlink > 3)
		err = scan_threads(procfd, pid, &r);
	free(r.key);
	return err < 0 ? err : (int)r.n;
}

/* The scan is one readlinkat(2) per descriptor of every process: with tens of
 * thousands of descriptors it is CPU-bound in the kernel, so it is split over
 * the online CPUs (at most SCAN_THREADS), each taking every n-th process. */
#define SCAN_THREADS 8

struct scan {
	int procfd;
	const int *pids;
	int *rings;
	size_t n, first, step;
};

static void *scan_part(void *arg)
{
	struct scan *s = arg;
	size_t i;

	for (i = s->first; i < s->n; i += s->step)
		s->rings[i] = up_count_rings(s->procfd, s->pids[i]);
	return NULL;
}

void up_scan_all(int procfd, const int *pids, int *rings, size_t n)
{
	struct scan parts[SCAN_THREADS];
	pthread_t tids[SCAN_THREADS];
	bool started[SCAN_THREADS] = { false };
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nthreads, i;

	nthreads = cpus < 1 ? 1 : cpus > SCAN_THREADS ? SCAN_THREADS : (size_t)cpus;
	if (n < 64 * nthreads)
		nthreads = 1;	/* a thread costs more than it saves */
	for (i = 0; i < nthreads; i++)
		parts[i] = (struct scan){ procfd, pids, rings, n, i, nthreads };
	/* Part 0 runs here; a part whose thread cannot start runs here too. */
	for (i = 1; i < nthreads; i++)
		started[i] = pthread_create(&tids[i], NULL, scan_part, &parts[i]) == 0;
	scan_part(&parts[0]);
	for (i = 1; i < nthreads; i++) {
		if (started[i])
			pthread_join(tids[i], NULL);
		else
			scan_part(&parts[i]);
	}
}
