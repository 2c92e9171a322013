// SPDX-License-Identifier: GPL-2.0-or-later
/* The diagnosis of status: each source present or why not, the VM
 * generation ID device, and the kernel RNG's own reseed on a clone. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hk/io.h"
#include "diag.h"

#define VMGENID_DRIVER "sys/bus/platform/drivers/vmgenid"
#define OSRELEASE "proc/sys/kernel/osrelease"

int rw_vmgenid_bound(int dfd, char *name, size_t size)
{
	struct dirent *de;
	DIR *d;
	int fd;

	fd = hk_openat(dfd, VMGENID_DRIVER, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return fd;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	name[0] = '\0';
	while ((de = readdir(d))) {
		if (de->d_type != DT_LNK || !strcmp(de->d_name, "module") ||
		    !strcmp(de->d_name, "bind") || !strcmp(de->d_name, "unbind"))
			continue;
		snprintf(name, size, "%s", de->d_name);
		break;
	}
	closedir(d);
	return name[0] ? 1 : 0;
}

/* A device below dir whose modalias names a VM generation ID: QEMU's and
 * Hyper-V's ACPI IDs (the vmgenid driver's match table) or device tree. */
static bool scan_modalias(int dfd, const char *dir, char *name, size_t size)
{
	char path[512], alias[256];
	struct dirent *de;
	bool found = false;
	DIR *d;
	int fd;

	fd = hk_openat(dfd, dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return false;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return false;
	}
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/modalias", dir, de->d_name);
		if (hk_read_str(dfd, path, alias, sizeof(alias)) < 0)
			continue;
		if (strstr(alias, "VM_GEN_COUNTER") || strstr(alias, "VMGENCTR") ||
		    strstr(alias, "microsoft,vmgenid")) {
			snprintf(name, size, "%s", de->d_name);
			found = true;
		}
	}
	closedir(d);
	return found;
}

bool rw_vmgenid_device(int dfd, char *name, size_t size)
{
	return scan_modalias(dfd, "sys/bus/platform/devices", name, size) ||
	       scan_modalias(dfd, "sys/bus/acpi/devices", name, size);
}

void rw_diag_vmgenid(int dfd, struct rw_diag *d)
{
	int r = rw_vmgenid_bound(dfd, d->vmgenid, sizeof(d->vmgenid));

	d->vmgenid_driver = r >= 0;
	d->vmgenid_bound = r > 0;
	if (r <= 0 && !rw_vmgenid_device(dfd, d->vmgenid, sizeof(d->vmgenid)))
		d->vmgenid[0] = '\0';
	/* The bound driver hands each new ID to add_vmfork_randomness(). */
	d->rng_reseeds = d->vmgenid_bound;
}

/* Linux MAJOR.MINOR of the running kernel: true if older than 7.0, the
 * first with VMClock's vm_generation_counter. Unknown counts as not old. */
static bool kernel_too_old(int dfd, char *rel, size_t size)
{
	unsigned int major = 0;

	if (hk_read_str(dfd, OSRELEASE, rel, size) < 0 || sscanf(rel, "%u.", &major) != 1) {
		snprintf(rel, size, "unknown");
		return false;
	}
	return major < 7;
}

static void vmclock_absent(int dfd, struct rw_origin_state *st, int r)
{
	char rel[65];

	if (r == -EACCES || r == -EPERM) {
		st->state = "no-permission";
		snprintf(st->detail, sizeof(st->detail),
			 "%s exists but this process may not open it (%s): it is often root-only; run as root, or grant read access with a udev rule",
			 RW_VMCLOCK_DEVICE, strerror(-r));
	} else if (r == -ENOENT && kernel_too_old(dfd, rel, sizeof(rel))) {
		st->state = "kernel-too-old";
		snprintf(st->detail, sizeof(st->detail),
			 "no %s: Linux %.40s predates VMClock's vm_generation_counter (Linux 7.0, driver ptp_vmclock)",
			 RW_VMCLOCK_DEVICE, rel);
	} else if (r == -ENOENT) {
		st->state = "no-device";
		snprintf(st->detail, sizeof(st->detail),
			 "no %s: the hypervisor offers no VMClock device (ACPI VMCLOCK or device tree amazon,vmclock), or ptp_vmclock is not loaded",
			 RW_VMCLOCK_DEVICE);
	} else if (r == -ENOTTY) {
		st->state = "no-device";
		snprintf(st->detail, sizeof(st->detail), "%s is not a character device", RW_VMCLOCK_DEVICE);
	} else if (r < 0) {
		st->state = "error";
		snprintf(st->detail, sizeof(st->detail), "cannot read %s: %s", RW_VMCLOCK_DEVICE, strerror(-r));
	} else if (r == RW_VMC_NOGEN) {
		st->state = "no-flag";
		snprintf(st->detail, sizeof(st->detail),
			 "%s does not report snapshot loads (flag VM_GEN_COUNTER_PRESENT, bit 8, is clear): it tells of migrations only",
			 RW_VMCLOCK_DEVICE);
	} else {
		st->state = "bad-page";
		snprintf(st->detail, sizeof(st->detail), "%s: %s", RW_VMCLOCK_DEVICE, rw_vmclock_strerror(r));
	}
}

void rw_diag_vmclock(int dfd, struct rw_origin_state *st)
{
	struct rw_vmclock v;
	const char *what;
	int r;

	st->origin = "vmclock";
	r = dfd < 0 ? dfd : rw_vmclock_open(&v, false, &what);
	if (r == 0) {
		r = rw_vmclock_get(&v, false, &st->page);
		rw_vmclock_close(&v);
	}
	if (r) {
		vmclock_absent(dfd, st, r);
		return;
	}
	st->present = true;
	st->state = "present";
	snprintf(st->detail, sizeof(st->detail), "%s: vm_generation_counter %llu, %s", RW_VMCLOCK_DEVICE,
		 (unsigned long long)st->page.vm_generation_counter,
		 st->page.flags & RW_VMCLOCK_FLAG_NOTIFICATION_PRESENT ?
		 "with notifications (poll(2))" : "without notifications (watchers look at the page every --interval)");
}
