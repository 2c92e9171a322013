// SPDX-License-Identifier: GPL-2.0-or-later
/* reseedwatch status: the value taken apart, the notifiers, and which of
 * them can move the epoch on this system. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hk/caps.h"
#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/io.h"
#include "hk/json.h"
#include "hk/tty.h"
#include "diag.h"
#include "reseedwatch.h"

#define UEVENT_KOBJ "sys/kernel/random/epoch"
#define KEY_W 15	/* "Notifiers:     " */

/* Whether one notifier can fire here ("sources" in the JSON output). */
struct notifier_check {
	unsigned int id;
	const char *name;
	const char *state;	/* ready, off, needs-cap, no-device, unbound, absent, unknown */
	char detail[256];
};

struct status_opts {
	bool json;
};

static const struct hk_opt status_options[] = {
	HK_OPT_FLAG(struct status_opts, json, "json", 'J', "Print a JSON object"),
	HK_OPT_END
};

static void check_rndreseedcrng(struct notifier_check *c)
{
	bool cap = hk_cap_effective(CAP_SYS_ADMIN);

	c->state = cap ? "ready" : "needs-cap";
	snprintf(c->detail, sizeof(c->detail),
		 "'reseedwatch trigger' (RNDRESEEDCRNG) needs CAP_SYS_ADMIN; this process %s it",
		 cap ? "has" : "lacks");
}

static void check_vmgenid(int dfd, struct notifier_check *c)
{
	char dev[256];
	int r;

	r = rw_vmgenid_bound(dfd, dev, sizeof(dev));
	if (r > 0) {
		c->state = "ready";
		snprintf(c->detail, sizeof(c->detail),
			 "VM generation ID device %.100s is bound to the vmgenid driver", dev);
	} else if (rw_vmgenid_device(dfd, dev, sizeof(dev))) {
		c->state = "unbound";
		snprintf(c->detail, sizeof(c->detail),
			 "VM generation ID device %.100s has no driver bound (is the vmgenid module loaded?)", dev);
	} else {
		c->state = "no-device";
		snprintf(c->detail, sizeof(c->detail), r == 0 ?
			 "the vmgenid driver is loaded, but the hypervisor offers no VM generation ID device" :
			 "the hypervisor offers no VM generation ID device (QEMU: -device vmgenid)");
	}
}

static void check_timer(int dfd, struct notifier_check *c, int64_t *interval)
{
	int r = hk_read_s64(dfd, RW_TIMER_SYSCTL, interval);

	if (r < 0) {
		*interval = -1;
		c->state = "absent";
		snprintf(c->detail, sizeof(c->detail), "cannot read %s: %s", RW_TIMER_KEY, strerror(-r));
	} else if (*interval == 0) {
		c->state = "off";
		snprintf(c->detail, sizeof(c->detail),
			 "%s is 0; write a period in seconds to turn it on", RW_TIMER_KEY);
	} else {
		c->state = "ready";
		snprintf(c->detail, sizeof(c->detail), "every %" PRId64 " s (%s)", *interval,
			 RW_TIMER_KEY);
	}
}

/* What status learns of the epoch, when the kernel has it. */
struct epoch_info {
	uint32_t v;
	struct rw_names names;
	struct notifier_check chk[8];
	size_t nchk;
	bool poll, uevents;
	int64_t interval;
};

/* The epoch's keys, inside the open object. */
static void epoch_json(struct hk_json *j, const struct epoch_info *e)
{
	char hex[16], idbuf[16];
	unsigned int id;
	size_t i;

	snprintf(hex, sizeof(hex), "0x%08" PRIx32, e->v);
	hk_json_str(j, "epoch", hex);
	hk_json_uint(j, "notifier_id", RW_ID(e->v));
	if (RW_ID(e->v))
		hk_json_str(j, "notifier", rw_name(&e->names, RW_ID(e->v), idbuf, sizeof(idbuf)));
	else
		hk_json_null(j, "notifier");
	hk_json_uint(j, "counter", RW_COUNTER(e->v));
	hk_json_bool(j, "names_file", e->names.loaded);
	hk_json_open_array(j, "notifiers");
	for (id = 1; id < 256; id++) {
		if (!e->names.name[id][0])
			continue;
		hk_json_open(j, NULL);
		hk_json_uint(j, "id", id);
		hk_json_str(j, "name", e->names.name[id]);
		hk_json_close(j);
	}
	hk_json_close_array(j);
	hk_json_bool(j, "poll", e->poll);
	hk_json_bool(j, "uevents", e->uevents);
	if (e->interval >= 0)
		hk_json_int(j, "timer_interval", e->interval);
	else
		hk_json_null(j, "timer_interval");
	hk_json_open_array(j, "sources");
	for (i = 0; i < e->nchk; i++) {
		hk_json_open(j, NULL);
		hk_json_uint(j, "id", e->chk[i].id);
		hk_json_str(j, "name", e->chk[i].name);
		hk_json_str(j, "state", e->chk[i].state);
		hk_json_str(j, "detail", e->chk[i].detail);
		hk_json_close(j);
	}
	hk_json_close_array(j);
}

static void epoch_text(const struct epoch_info *e)
{
	const struct rw_names *names = &e->names;
	char idbuf[16], desc[128], esc[HK_ESC_MAX(sizeof(e->chk[0].detail))];
	unsigned int id;
	size_t i;
	int n = 0;

	rw_value_desc(e->v, rw_name(names, RW_ID(e->v), idbuf, sizeof(idbuf)), desc, sizeof(desc));
	hk_kv(stdout, KEY_W, "Epoch", "%s", desc);
	hk_kv_key(stdout, KEY_W, "Notifiers");
	for (id = 1; id < 256; id++)
		if (names->name[id][0])
			printf("%s%u %s", n++ ? ", " : "", id, names->name[id]);
	printf("%s\n", n ? "" : names->loaded ? "none" : "unknown (no " RW_NAMES_FILE ")");
	hk_kv(stdout, KEY_W, "Wake-up", "%s", e->poll ? "poll(2) and read(2) on the epoch descriptor" :
	      "none: the descriptor cannot be read; watchers look at the mapped page");
	hk_kv(stdout, KEY_W, "Uevents", "%s", e->uevents ? "from /sys/kernel/random/epoch" :
	      "none (no /sys/kernel/random/epoch)");
	for (i = 0; i < e->nchk; i++)
		hk_kv(stdout, KEY_W, e->chk[i].name, "%s: %s", e->chk[i].state,
		      hk_esc(e->chk[i].detail, esc, sizeof(esc)));
}

static bool listed(const struct rw_names *names, const char *name)
{
	unsigned int id;

	for (id = 1; id < 256; id++)
		if (!strcmp(names->name[id], name))
			return true;
	return false;
}

/* One check per notifier the kernel lists, and vmgenid when the kernel
 * lacks it. Returns the number of checks; *interval is the timer's. */
static size_t check_notifiers(int dfd, const struct rw_names *names, struct notifier_check *chk,
			      size_t max, int64_t *interval)
{
	struct notifier_check *c;
	unsigned int id;
	size_t n = 0;

	for (id = 1; id < 256 && n < max; id++) {
		if (!names->name[id][0])
			continue;
		c = &chk[n++];
		memset(c, 0, sizeof(*c));
		c->id = id;
		c->name = names->name[id];
		if (!strcmp(c->name, "rndreseedcrng")) {
			check_rndreseedcrng(c);
		} else if (!strcmp(c->name, "vmgenid")) {
			check_vmgenid(dfd, c);
		} else if (!strcmp(c->name, "timer")) {
			check_timer(dfd, c, interval);
		} else {
			c->state = "unknown";
			snprintf(c->detail, sizeof(c->detail), "notifier %u is not known to %s", id,
				 hk_progname());
		}
	}
	/* A kernel without CONFIG_VMGENID does not list the notifier. */
	if (names->loaded && !listed(names, "vmgenid") && n < max) {
		c = &chk[n++];
		*c = (struct notifier_check){ .id = 0, .name = "vmgenid", .state = "absent" };
		snprintf(c->detail, sizeof(c->detail),
			 "not a notifier of this kernel (built without CONFIG_VMGENID)");
	}
	return n;
}

/* What would tell user space of clones on a system that has no source. */
#define NO_SOURCE "user space is not told about clones here; a kernel built with CONFIG_RANDOM_EPOCH (hardenkit's patch), or Linux 7.0 on a hypervisor whose VMClock device has vm_generation_counter (as Firecracker's), would tell it"

static void origin_json(struct hk_json *j, const struct rw_origin_state *st)
{
	bool vm = !strcmp(st->origin, "vmclock");

	hk_json_open(j, NULL);
	hk_json_str(j, "origin", st->origin);
	hk_json_bool(j, "present", st->present);
	hk_json_str(j, "state", st->state);
	hk_json_str(j, "detail", st->detail);
	if (vm && st->present) {
		hk_json_uint(j, "vm_generation_counter", st->page.vm_generation_counter);
		hk_json_uint(j, "disruption_marker", st->page.disruption_marker);
		hk_json_bool(j, "notifications", st->page.flags & RW_VMCLOCK_FLAG_NOTIFICATION_PRESENT);
	} else if (vm) {
		hk_json_null(j, "vm_generation_counter");
		hk_json_null(j, "disruption_marker");
		hk_json_null(j, "notifications");
	}
	hk_json_close(j);
}

static void print_json(const struct rw_diag *d, const struct epoch_info *e)
{
	bool told = d->epoch.present || d->vmclock.present;
	struct hk_json j;

	hk_json_init(&j, stdout, true);
	hk_json_open(&j, NULL);
	hk_json_bool(&j, "supported", told);
	if (d->epoch.present)
		epoch_json(&j, e);
	hk_json_open_array(&j, "origins");
	origin_json(&j, &d->epoch);
	origin_json(&j, &d->vmclock);
	hk_json_close_array(&j);
	if (d->vmgenid[0])
		hk_json_str(&j, "vmgenid_device", d->vmgenid);
	else
		hk_json_null(&j, "vmgenid_device");
	hk_json_bool(&j, "vmgenid_driver", d->vmgenid_driver);
	hk_json_bool(&j, "vmgenid_bound", d->vmgenid_bound);
	hk_json_bool(&j, "kernel_rng_reseeds_on_clone", d->rng_reseeds);
	hk_json_bool(&j, "user_space_told", told);
	hk_json_close(&j);
	hk_json_end(&j);
}

static void print_text(const struct rw_diag *d, const struct epoch_info *e)
{
	char esc[HK_ESC_MAX(sizeof(d->epoch.detail))];

	if (d->epoch.present)
		epoch_text(e);
	hk_kv(stdout, KEY_W, "RNDEPOCH", "%s: %s", d->epoch.state,
	      hk_esc(d->epoch.detail, esc, sizeof(esc)));
	hk_kv(stdout, KEY_W, "VMClock", "%s: %s", d->vmclock.state,
	      hk_esc(d->vmclock.detail, esc, sizeof(esc)));
	if (d->vmgenid_bound)
		hk_kv(stdout, KEY_W, "VM gen ID", "%s, bound to the vmgenid driver", hk_esc(d->vmgenid, esc, sizeof(esc)));
	else if (d->vmgenid[0])
		hk_kv(stdout, KEY_W, "VM gen ID", "%s, no driver bound (is the vmgenid module loaded?)",
		      hk_esc(d->vmgenid, esc, sizeof(esc)));
	else
		hk_kv(stdout, KEY_W, "VM gen ID", "none: the hypervisor offers no VM generation ID device");
	hk_kv(stdout, KEY_W, "Kernel RNG", "%s", d->rng_reseeds ?
	      "reseeds itself on a clone (the vmgenid driver); vDSO getrandom follows it" :
	      "is not told of clones here (no vmgenid device with its driver)");
	if (d->epoch.present || d->vmclock.present)
		hk_kv(stdout, KEY_W, "Clones", "user space is told by %s%s%s",
		      d->epoch.present ? "the epoch" : "", d->epoch.present && d->vmclock.present ? " and " : "",
		      d->vmclock.present ? "VMClock" : "");
	else
		hk_kv(stdout, KEY_W, "Clones", "%s", NO_SOURCE);
}

/* The epoch part: present with *e filled in, or absent and why in st. */
static void check_epoch(int dfd, struct rw_origin_state *st, struct epoch_info *e)
{
	struct rw_epoch ep;
	const char *what;
	uint32_t rv;
	int r, code;

	st->origin = "epoch";
	r = rw_epoch_open(&ep, true, &what);
	if (r < 0) {
		code = rw_epoch_why(r, what, st->detail, sizeof(st->detail));
		st->state = code == HK_EXIT_PERM ? "no-permission" :
			    code != HK_EXIT_UNSUPPORTED ? "error" :
			    strcmp(what, "open") == 0 ? "no-device" : "absent";
		return;
	}
	st->present = true;
	st->state = "present";
	e->v = rw_epoch_peek(&ep);
	e->poll = rw_epoch_read(&ep, &rv) == 0;
	rw_epoch_close(&ep);
	snprintf(st->detail, sizeof(st->detail), "the epoch page of %s (RNDEPOCH)", RW_DEVICE);
	if (rw_names_load(&e->names) < 0)
		memset(&e->names, 0, sizeof(e->names));
	e->uevents = dfd >= 0 && faccessat(dfd, UEVENT_KOBJ, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
	e->interval = -1;
	e->nchk = check_notifiers(dfd, &e->names, e->chk, sizeof(e->chk) / sizeof(e->chk[0]), &e->interval);
}

/* No source: 3 if one is there but closed to this process, 7 if one is
 * broken, else 4 (the interface is missing). */
static int no_source_code(const struct rw_diag *d)
{
	const struct rw_origin_state *s[2] = { &d->epoch, &d->vmclock };
	int i, code = HK_EXIT_UNSUPPORTED;

	for (i = 0; i < 2; i++) {
		if (!strcmp(s[i]->state, "no-permission"))
			return HK_EXIT_PERM;
		if (!strcmp(s[i]->state, "error") || !strcmp(s[i]->state, "bad-page"))
			code = HK_EXIT_KERNEL;
	}
	return code;
}

static int status(const void *opts, int argc, const char *const *argv)
{
	const struct status_opts *o = opts;
	struct epoch_info e;
	struct rw_diag d;
	int dfd = hk_sysroot_fd(), code;

	(void)argc;
	(void)argv;
	memset(&d, 0, sizeof(d));
	memset(&e, 0, sizeof(e));
	check_epoch(dfd, &d.epoch, &e);
	rw_diag_vmclock(dfd, &d.vmclock);
	rw_diag_vmgenid(dfd, &d);
	if (o->json)
		print_json(&d, &e);
	else
		print_text(&d, &e);
	if (fflush(stdout) == EOF || ferror(stdout))
		return rw_stdout_fail(errno ? errno : EIO);
	if (d.epoch.present || d.vmclock.present)
		return HK_EXIT_OK;
	code = no_source_code(&d);
	hk_err("no reseed source here: %s", code == HK_EXIT_UNSUPPORTED ? "user space is not told about clones on this system" :
	       code == HK_EXIT_PERM ? "a source is there but this process may not use it" : "a source is there but broken");
	return code;
}

const struct hk_cmd rw_cmd_status = {
	.name = "status",
	.synopsis = "[--json]",
	.help = "Show each reseed source (present, or why not), the epoch and its notifiers",
	HK_CMD_OPTS(struct status_opts, status_options),
	.run = status,
};
