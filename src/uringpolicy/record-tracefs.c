// SPDX-License-Identifier: GPL-2.0-or-later
/* uringpolicy record: a tracefs instance of its own. Its name carries the
 * owner's PID and start time, so a later run tells an instance left by a
 * killed run (owner gone, or its PID reused) from a live run's, removes the
 * first and never touches the second. Removing an instance disables its
 * events; the top-level ones and other instances are never written. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "hk/err.h"
#include "hk/io.h"
#include "hk/parse.h"
#include "hk/proc.h"
#include "record.h"

#define TRACING "sys/kernel/tracing"

static const char *const events[2] = {
	"io_uring/io_uring_create",
	"syscalls/sys_exit_io_uring_setup",
};
static const char *const needs[2] = {
	"CONFIG_IO_URING and CONFIG_TRACING",
	"CONFIG_FTRACE_SYSCALLS",
};

int rec_instance_owner_alive(const char *name)
{
	const char *p, *dot;
	uint64_t start, now;
	char num[24];
	int pid, r;

	if (strncmp(name, REC_INSTANCE_PREFIX, strlen(REC_INSTANCE_PREFIX)) != 0)
		return -EINVAL;
	p = name + strlen(REC_INSTANCE_PREFIX);
	dot = strchr(p, '.');
	if (!dot || (size_t)(dot - p) >= sizeof(num))
		return -EINVAL;
	memcpy(num, p, (size_t)(dot - p));
	num[dot - p] = '\0';
	if (hk_parse_int(num, 1, INT32_MAX, &pid) < 0 ||
	    hk_parse_u64(dot + 1, 0, UINT64_MAX, &start) < 0)
		return -EINVAL;
	r = hk_proc_starttime(pid, &now);
	if (r == -ENOENT || r == -ESRCH)
		return 0;
	/* Unsure (say, /proc unreadable): count it as alive, never remove it. */
	return r < 0 || now == start;
}

static int tracing_open(int *fd)
{
	int root = hk_sysroot_fd(), r;
	struct stat st;
	size_t i;

	r = root < 0 ? root : hk_openat(root, TRACING, O_RDONLY | O_DIRECTORY);
	if (r == -EACCES || r == -EPERM) {
		hk_err("cannot open /%s: %s (run as root)", TRACING, strerror(-r));
		return HK_EXIT_PERM;
	}
	if (r < 0) {
		hk_err("cannot open /%s: %s (kernel built without CONFIG_TRACING?)", TRACING, strerror(-r));
		return r == -ENOENT || r == -ENOTDIR ? HK_EXIT_UNSUPPORTED : hk_exit_for_errno(r);
	}
	*fd = r;
	if (fstatat(r, "instances", &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode)) {
		hk_err("cannot use /%s: tracefs is not mounted there (mount -t tracefs tracefs /%s)",
		       TRACING, TRACING);
		return HK_EXIT_UNSUPPORTED;
	}
	for (i = 0; i < 2; i++) {
		char path[96];

		snprintf(path, sizeof(path), "events/%s", events[i]);
		if (fstatat(r, path, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode)) {
			hk_err("cannot trace %s: the kernel has no such event (built without %s?)",
			       events[i], needs[i]);
			return HK_EXIT_UNSUPPORTED;
		}
	}
	return 0;
}

/* Remove the instances whose owner is gone. */
static void remove_stale(int tracing)
{
	struct dirent *de;
	int fd;
	DIR *d;

	fd = hk_openat(tracing, "instances", O_RDONLY | O_DIRECTORY);
	d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((de = readdir(d))) {
		if (rec_instance_owner_alive(de->d_name) != 0)
			continue;
		if (unlinkat(fd, de->d_name, AT_REMOVEDIR) == 0)
			hk_warn("removed the tracefs instance %s of a record run that ended without removing it",
				de->d_name);
		else if (errno != ENOENT)	/* another run removed it first */
			hk_warn("cannot remove the stale tracefs instance %s: %s", de->d_name,
				strerror(errno));
	}
	closedir(d);
}

/* Write one value below our instance. HK_EXIT_* after saying what failed. */
static int put(struct rec_instance *in, const char *path, const char *val)
{
	int r = hk_write_attr_str(in->dir, path, val);

	if (r == 0)
		return 0;
	hk_err("cannot write '%s' to /%s/instances/%s/%s: %s", val, TRACING, in->name, path,
	       strerror(-r));
	return r == -EACCES || r == -EPERM ? HK_EXIT_PERM : HK_EXIT_KERNEL;
}

static int make_instance(struct rec_instance *in)
{
	uint64_t start;
	char path[160];
	int r;

	r = hk_proc_self_starttime(&start);
	if (r < 0) {
		hk_err("cannot read this process's start time: %s", strerror(-r));
		return hk_exit_for_errno(r);
	}
	snprintf(in->name, sizeof(in->name), REC_INSTANCE_PREFIX "%ld.%" PRIu64, (long)getpid(), start);
	snprintf(path, sizeof(path), "instances/%s", in->name);
	if (mkdirat(in->tracing, path, 0700) < 0) {
		r = errno;
		hk_err("cannot create the tracefs instance /%s/%s: %s%s", TRACING, path, strerror(r),
		       r == EACCES || r == EPERM ? " (run as root)" : "");
		return r == EACCES || r == EPERM ? HK_EXIT_PERM : hk_exit_for_errno(-r);
	}
	r = hk_openat(in->tracing, path, O_RDONLY | O_DIRECTORY);
	if (r < 0) {
		hk_err("cannot open the tracefs instance /%s/%s: %s", TRACING, path, strerror(-r));
		unlinkat(in->tracing, path, AT_REMOVEDIR);
		return hk_exit_for_errno(r);
	}
	in->dir = r;
	return 0;
}

static int setup(struct rec_instance *in)
{
	char path[128];
	int code, r;
	size_t i;

	/* Timestamps on the boot clock, as /proc/PID/stat's start time. */
	code = put(in, "trace_clock", "boot");
	if (code)
		return code;
	/* Wake the reader at every event (older kernels have no such file). */
	if (faccessat(in->dir, "buffer_percent", F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
		code = put(in, "buffer_percent", "0");
		if (code)
			return code;
	}
	/* Successful setups are seen by io_uring_create: keep only failures. */
	code = put(in, "events/syscalls/sys_exit_io_uring_setup/filter", "ret < 0");
	if (code)
		return code;
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "events/%s/enable", events[i]);
		code = put(in, path, "1");
		if (code)
			return code;
		in->enabled[i] = true;
	}
	r = hk_openat(in->dir, "trace_pipe", O_RDONLY | O_NONBLOCK);
	if (r < 0) {
		hk_err("cannot open /%s/instances/%s/trace_pipe: %s", TRACING, in->name, strerror(-r));
		return hk_exit_for_errno(r);
	}
	in->pipe = r;
	return 0;
}

int rec_instance_start(struct rec_instance *in)
{
	int code;

	in->tracing = in->dir = in->pipe = -1;
	in->enabled[0] = in->enabled[1] = false;
	in->name[0] = '\0';
	code = tracing_open(&in->tracing);
	if (!code) {
		remove_stale(in->tracing);
		code = make_instance(in);
	}
	if (!code)
		code = setup(in);
	if (code)
		rec_instance_stop(in);
	return code;
}

int rec_instance_stop(struct rec_instance *in)
{
	char path[160];
	int code = 0, r;
	size_t i;

	for (i = 0; i < 2; i++) {
		if (!in->enabled[i])
			continue;
		snprintf(path, sizeof(path), "events/%s/enable", events[i]);
		r = hk_write_attr_str(in->dir, path, "0");
		if (r < 0) {
			hk_err("cannot disable %s in /%s/instances/%s: %s", events[i], TRACING, in->name,
			       strerror(-r));
			code = HK_EXIT_KERNEL;
		}
		in->enabled[i] = false;
	}
	if (in->pipe >= 0)
		close(in->pipe);
	if (in->dir >= 0) {
		close(in->dir);
		snprintf(path, sizeof(path), "instances/%s", in->name);
		/* Removing it also disables whatever could not be disabled above. */
		if (unlinkat(in->tracing, path, AT_REMOVEDIR) < 0) {
			hk_err("cannot remove the tracefs instance /%s/%s: %s (the next run removes it)",
			       TRACING, path, strerror(errno));
			code = HK_EXIT_KERNEL;
		}
	}
	if (in->tracing >= 0)
		close(in->tracing);
	in->tracing = in->dir = in->pipe = -1;
	return code;
}
