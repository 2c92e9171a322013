// SPDX-License-Identifier: GPL-2.0-or-later
/* configfs-tsm report entries: where they live, what they may be called,
 * and the one place that makes and removes private entries. Who made a
 * private entry is in owner.c, the signals that must not leak one in
 * signals.c, reading attributes in blob.c. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <linux/magic.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/io.h"
#include "tsmctl.h"

#ifndef CONFIGFS_MAGIC
#define CONFIGFS_MAGIC 0x62656570
#endif

/* Real configfs, or (in a fake sysroot for tests) a directory with something in it. */
static bool configfs_mounted(int fd)
{
	struct statfs sfs;
	struct dirent *de;
	bool any = false;
	DIR *d;
	int dup_fd;

	if (!hk_sysroot_is_fake())
		return fstatfs(fd, &sfs) == 0 && sfs.f_type == CONFIGFS_MAGIC;
	dup_fd = dup(fd);
	d = dup_fd < 0 ? NULL : fdopendir(dup_fd);
	if (!d) {
		if (dup_fd >= 0)
			close(dup_fd);
		return false;
	}
	while (!any && (de = readdir(d)))
		any = strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
	closedir(d);
	return any;
}

int tsm_open_reports(int *fd)
{
	int root, r, cfd;
	bool mounted;

	r = hk_open_root(TSM_REPORT_DIR, O_RDONLY | O_DIRECTORY);
	if (r >= 0) {
		*fd = r;
		return 0;
	}
	root = hk_sysroot_fd();
	if (root < 0) {
		hk_err("cannot open the root directory: %s", strerror(-root));
		return HK_EXIT_IO;
	}
	if (r == -EACCES || r == -EPERM) {
		hk_err("cannot open /%s: %s (configfs-tsm needs root)", TSM_REPORT_DIR, strerror(-r));
		return HK_EXIT_PERM;
	}
	if (r != -ENOENT && r != -ENOTDIR) {
		hk_err("cannot open /%s: %s", TSM_REPORT_DIR, strerror(-r));
		return HK_EXIT_UNSUPPORTED;
	}
	cfd = hk_openat(root, TSM_CONFIG_DIR, O_RDONLY | O_DIRECTORY);
	if (cfd < 0) {
		hk_err("cannot use configfs-tsm: /%s does not exist (kernel without CONFIG_CONFIGFS_FS, or /sys is not mounted)",
		       TSM_CONFIG_DIR);
		return HK_EXIT_UNSUPPORTED;
	}
	mounted = configfs_mounted(cfd);
	close(cfd);
	if (!mounted)
		hk_err("cannot use configfs-tsm: configfs is not mounted on /%s (mount -t configfs configfs /%s)",
		       TSM_CONFIG_DIR, TSM_CONFIG_DIR);
	else
		hk_err("cannot use configfs-tsm: /%s does not exist (kernel older than 6.7, or CONFIG_TSM_REPORTS not built or its module tsm not loaded)",
		       TSM_REPORT_DIR);
	return HK_EXIT_UNSUPPORTED;
}

int tsm_opendir_reports(int dirfd, DIR **d)
{
	int dfd = dup(dirfd);

	*d = dfd < 0 ? NULL : fdopendir(dfd);
	if (*d)
		return 0;
	hk_err("cannot list /%s: %s", TSM_REPORT_DIR, strerror(errno));
	if (dfd >= 0)
		close(dfd);
	return HK_EXIT_KERNEL;
}

int tsm_check_name(const char *name, bool allow_private)
{
	size_t n = strlen(name), i;
	const char *cmd = hk_cmd_name();

	if (n == 0)
		return hk_usage_error(cmd, "an entry name cannot be empty");
	if (n > NAME_MAX)
		return hk_usage_error(cmd, "entry name of %zu bytes is longer than NAME_MAX (%d)", n, NAME_MAX);
	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return hk_usage_error(cmd, "entry name contains a control character (byte %zu is 0x%02x)",
					      i, (unsigned int)(unsigned char)name[i]);
	if (strchr(name, '/'))
		return hk_usage_error(cmd, "invalid entry name '%s': it contains '/'", name);
	if (strstr(name, ".."))
		return hk_usage_error(cmd, "invalid entry name '%s': it contains '..'", name);
	if (strcmp(name, ".") == 0)
		return hk_usage_error(cmd, "invalid entry name '.'");
	if (!allow_private && tsm_parse_private(name, NULL))
		return hk_usage_error(cmd, "invalid entry name '%s': names like tsmctl-PID-TIME-PIDNS-RANDOM are reserved for private entries, which prune removes",
				      name);
	return 0;
}

void tsm_entry_init(struct tsm_entry *e, int dirfd)
{
	memset(e, 0, sizeof(*e));
	e->dirfd = dirfd;
	e->fd = -1;
}

int tsm_entry_make_private(struct tsm_entry *e)
{
	struct tsm_owner o;
	sigset_t block, old;
	char name[NAME_MAX + 1];
	uint32_t rnd;
	ssize_t n;
	int r, tries;

	r = tsm_self_owner(&o);
	if (r < 0)
		return r;
	for (tries = 0; tries < 3; tries++) {
		do
			n = getrandom(&rnd, sizeof(rnd), 0);
		while (n < 0 && errno == EINTR && !tsm_caught());
		if (n != (ssize_t)sizeof(rnd))
			return n < 0 ? -errno : -EIO;
		r = tsm_private_name(name, sizeof(name), &o, rnd);
		if (r < 0)
			return r;
		/* Every signal blocked: the entry is known for removal before any
		 * handler can run. */
		sigfillset(&block);
		sigprocmask(SIG_BLOCK, &block, &old);
		r = mkdirat(e->dirfd, name, 0755) < 0 ? -errno : 0;
		if (r == 0) {
			memcpy(e->name, name, sizeof(name));
			e->private_made = true;
			tsm_signals_arm(e->dirfd, e->name);
		}
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (r != -EEXIST)
			break;
	}
	if (r < 0)
		return r;
	e->fd = e->dirfd;
	e->by_path = true;
	return 0;
}

const char *tsm_entry_at(struct tsm_entry *e, const char *attr)
{
	if (!e->by_path)
		return attr;
	snprintf(e->at, sizeof(e->at), "%s/%s", e->name, attr);
	return e->at;
}

int tsm_entry_open_dir(struct tsm_entry *e)
{
	int fd;

	if (!e->by_path)
		return 0;
	fd = hk_openat(e->dirfd, e->name, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return fd;
	e->fd = fd;
	e->by_path = false;
	return 0;
}

int tsm_entry_open_named(struct tsm_entry *e, const char *name, bool create, bool *created)
{
	*created = false;
	snprintf(e->name, sizeof(e->name), "%s", name);
	if (create) {
		if (mkdirat(e->dirfd, name, 0755) == 0)
			*created = true;
		else if (errno != EEXIST)
			return -errno;
	}
	e->fd = hk_openat(e->dirfd, name, O_RDONLY | O_DIRECTORY);
	return e->fd < 0 ? e->fd : 0;
}

int tsm_entry_lock(struct tsm_entry *e)
{
	while (flock(e->fd, LOCK_EX) < 0) {
		if (errno != EINTR)
			return -errno;
		if (tsm_caught())
			return -EINTR;
	}
	e->locked = true;
	return 0;
}

int tsm_entry_release(struct tsm_entry *e)
{
	int r = 0;

	if (e->fd >= 0 && !e->by_path)
		close(e->fd);	/* also drops the flock */
	e->fd = -1;
	e->by_path = false;
	e->locked = false;
	if (e->private_made) {
		while (unlinkat(e->dirfd, e->name, AT_REMOVEDIR) < 0) {
			if (errno == EINTR)
				continue;
			if (errno != ENOENT) {
				r = -errno;
				hk_warn("cannot remove report entry '%s': %s (remove it with 'tsmctl prune')",
					e->name, strerror(errno));
			}
			break;
		}
		tsm_signals_disarm();
		e->private_made = false;
	}
	return r;
}

const char *tsm_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err == ENXIO)
		return "no attestation provider is registered (is tdx_guest, sev_guest, arm_cca_guest or mock_tsm loaded?)";
	return strerror(err);
}
