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
#include "reseedwatch.h"

#define VMGENID_DRIVER "sys/bus/platform/drivers/vmgenid"
#define PLATFORM_DEVICES "sys/bus/platform/devices"
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

/* First entry of dir that is a bound device, not one of the driver's files. */
static int bound_device(int dfd, char *name, size_t size)
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

/* A platform device with a VM generation ID (ACPI or device tree) modalias. */
static bool vmgenid_device(int dfd, char *name, size_t size)
{
	char path[512], alias[256];
	struct dirent *de;
	bool found = false;
	DIR *d;
	int fd;

	fd = hk_openat(dfd, PLATFORM_DEVICES, O_RDONLY | O_DIRECTORY);
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
		snprintf(path, sizeof(path), "%s/%s/modalias", PLATFORM_DEVICES, de->d_name);
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

	r = bound_device(dfd, dev, sizeof(dev));
	if (r > 0) {
		c->state = "ready";
		snprintf(c->detail, sizeof(c->detail),
			 "VM generation ID device %.100s is bound to the vmgenid driver", dev);
	} else if (vmgenid_device(dfd, dev, sizeof(dev))) {
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

/* A kernel without the epoch: {"supported": false} and nothing else. */
static void print_unsupported_json(void)
{
	struct hk_json j;

	hk_json_init(&j, stdout, true);
	hk_json_open(&j, NULL);
	hk_json_bool(&j, "supported", false);
	hk_json_close(&j);
	hk_json_end(&j);
}

static void print_json(uint32_t v, const struct rw_names *names, const struct notifier_check *chk,
		       size_t nchk, bool poll, bool uevents, int64_t interval)
{
	char hex[16], idbuf[16];
	struct hk_json j;
	unsigned int id;
	size_t i;

	snprintf(hex, sizeof(hex), "0x%08" PRIx32, v);
	hk_json_init(&j, stdout, true);
	hk_json_open(&j, NULL);
	hk_json_bool(&j, "supported", true);
	hk_json_str(&j, "epoch", hex);
	hk_json_uint(&j, "notifier_id", RW_ID(v));
	if (RW_ID(v))
		hk_json_str(&j, "notifier", rw_name(names, RW_ID(v), idbuf, sizeof(idbuf)));
	else
		hk_json_null(&j, "notifier");
	hk_json_uint(&j, "counter", RW_COUNTER(v));
	hk_json_bool(&j, "names_file", names->loaded);
	hk_json_open_array(&j, "notifiers");
	for (id = 1; id < 256; id++) {
		if (!names->name[id][0])
			continue;
		hk_json_open(&j, NULL);
		hk_json_uint(&j, "id", id);
		hk_json_str(&j, "name", names->name[id]);
		hk_json_close(&j);
	}
	hk_json_close_array(&j);
	hk_json_bool(&j, "poll", poll);
	hk_json_bool(&j, "uevents", uevents);
	if (interval >= 0)
		hk_json_int(&j, "timer_interval", interval);
	else
		hk_json_null(&j, "timer_interval");
	hk_json_open_array(&j, "sources");
	for (i = 0; i < nchk; i++) {
		hk_json_open(&j, NULL);
		hk_json_uint(&j, "id", chk[i].id);
		hk_json_str(&j, "name", chk[i].name);
		hk_json_str(&j, "state", chk[i].state);
		hk_json_str(&j, "detail", chk[i].detail);
		hk_json_close(&j);
	}
	hk_json_close_array(&j);
	hk_json_close(&j);
	hk_json_end(&j);
}

static void print_text(uint32_t v, const struct rw_names *names, const struct notifier_check *chk,
		       size_t nchk, bool poll, bool uevents)
{
	char idbuf[16], desc[128], esc[HK_ESC_MAX(sizeof(chk->detail))];
	unsigned int id;
	size_t i;
	int n = 0;

	rw_value_desc(v, rw_name(names, RW_ID(v), idbuf, sizeof(idbuf)), desc, sizeof(desc));
	hk_kv(stdout, KEY_W, "Epoch", "%s", desc);
	hk_kv_key(stdout, KEY_W, "Notifiers");
	for (id = 1; id < 256; id++)
		if (names->name[id][0])
			printf("%s%u %s", n++ ? ", " : "", id, names->name[id]);
	printf("%s\n", n ? "" : names->loaded ? "none" : "unknown (no " RW_NAMES_FILE ")");
	hk_kv(stdout, KEY_W, "Wake-up", "%s", poll ? "poll(2) and read(2) on the epoch descriptor" :
	      "none: the descriptor cannot be read; watchers look at the mapped page");
	hk_kv(stdout, KEY_W, "Uevents", "%s", uevents ? "from /sys/kernel/random/epoch" :
	      "none (no /sys/kernel/random/epoch)");
	for (i = 0; i < nchk; i++)
		hk_kv(stdout, KEY_W, chk[i].name, "%s: %s", chk[i].state, hk_esc(chk[i].detail, esc, sizeof(esc)));
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

static int status(const void *opts, int argc, const char *const *argv)
{
	const struct status_opts *o = opts;
	struct notifier_check chk[8];
	struct rw_names names;
	struct rw_epoch ep;
	const char *what;
	int64_t interval = -1;
	bool poll, uevents;
	uint32_t v, rv;
	size_t nchk;
	int r, dfd;

	(void)argc;
	(void)argv;
	r = rw_epoch_open(&ep, true, &what);
	if (r < 0) {
		r = rw_epoch_fail(r, what);
		if (o->json && r == HK_EXIT_UNSUPPORTED)
			print_unsupported_json();
		return r;
	}
	v = rw_epoch_peek(&ep);
	poll = rw_epoch_read(&ep, &rv) == 0;
	rw_epoch_close(&ep);
	dfd = hk_sysroot_fd();
	if (rw_names_load(&names) < 0)
		memset(&names, 0, sizeof(names));
	uevents = dfd >= 0 && faccessat(dfd, UEVENT_KOBJ, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
	nchk = check_notifiers(dfd, &names, chk, sizeof(chk) / sizeof(chk[0]), &interval);
	if (o->json)
		print_json(v, &names, chk, nchk, poll, uevents, interval);
	else
		print_text(v, &names, chk, nchk, poll, uevents);
	return HK_EXIT_OK;
}

const struct hk_cmd rw_cmd_status = {
	.name = "status",
	.synopsis = "[--json]",
	.help = "Show the epoch, the notifiers and which of them can fire here",
	HK_CMD_OPTS(struct status_opts, status_options),
	.run = status,
};
