/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status: which reseed sources this kernel offers, and why one is absent;
 * the VM generation ID device and whether the kernel RNG reseeds on a clone. */
#ifndef RW_DIAG_H
#define RW_DIAG_H

#include <stdbool.h>

#include "vmclock.h"

/* One source as status sees it. state is one of: present, absent (not
 * built into this kernel), kernel-too-old, no-device, no-flag,
 * no-permission, bad-page, error. */
struct rw_origin_state {
	const char *origin;	/* "epoch" or "vmclock" */
	const char *state;
	bool present;
	char detail[512];
	struct rw_vmclock_page page;	/* vmclock, when present */
};

struct rw_diag {
	struct rw_origin_state epoch, vmclock;
	char vmgenid[256];	/* the VM generation ID device, "" if none */
	bool vmgenid_bound;	/* the vmgenid driver is bound to it */
	bool vmgenid_driver;	/* the vmgenid driver is loaded */
	bool rng_reseeds;	/* the kernel RNG reseeds itself on a clone */
};

/* The VMClock part of the diagnosis (below the sysroot). */
void rw_diag_vmclock(int dfd, struct rw_origin_state *st);
/* The vmgenid part. */
void rw_diag_vmgenid(int dfd, struct rw_diag *d);
/* The vmgenid driver's first bound device: 1 and its name, 0 for none,
 * -errno when the driver is not loaded. */
int rw_vmgenid_bound(int dfd, char *name, size_t size);
/* A VM generation ID device (ACPI or device tree) by its modalias. */
bool rw_vmgenid_device(int dfd, char *name, size_t size);

#endif
