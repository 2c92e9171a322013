// SPDX-License-Identifier: GPL-2.0-or-later
/* reseedwatch status: the value taken apart, the notifiers, and which
 * sources can move the epoch on this system. */
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

struct source {
	unsigned int id;
	const char *name;
	const char *state;	/* ready, off, needs-cap, no-device, unbound, absent, unknown */
	char detail[256];
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

static void source_rndreseedcrng(struct source *s)
{
	bool cap = hk_cap_effective(CAP_SYS_ADMIN);

	s->state = cap ? "ready" : "needs-cap";
	snprintf(s->detail, sizeof(s->detail),
		 "'reseedwatch trigger' (RNDRESEEDCRNG) needs CAP_SYS_ADMIN; this process %s it",
		 cap ? "has" : "lacks");
}

static void source_vmgenid(int dfd, struct source *s)
{
	char dev[256];
	int r;

	r = bound_device(dfd, dev, sizeof(dev));
	if (r > 0) {
		s->state = "ready";
		snprintf(s->detail, sizeof(s->detail),
			 "VM generation ID device %.100s is bound to the vmgenid driver", dev);
	} else if (vmgenid_device(dfd, dev, sizeof(dev))) {
		s->state = "unbound";
		snprintf(s->detail, sizeof(s->detail),
			 "VM generation ID device %.100s has no driver bound (is the vmgenid module loaded?)", dev);
	} else {
		s->state = "no-device";
		snprintf(s->detail, sizeof(s->detail), r == 0 ?
			 "the vmgenid driver is loaded, but the hypervisor offers no VM generation ID device" :
			 "the hypervisor offers no VM generation ID device (QEMU: -device vmgenid)");
	}
}

static void source_timer(int dfd, struct source *s, int64_t *interval)
{
	int r = hk_read_s64(dfd, RW_TIMER_SYSCTL, interval);

	if (r < 0) {
		*interval = -1;
		s->state = "absent";
		snprintf(s->detail, sizeof(s->detail), "cannot read %s: %s", RW_TIMER_KEY, strerror(-r));
	} else if (*interval == 0) {
		s->state = "off";
		snprintf(s->detail, sizeof(s->detail),
			 "%s is 0; write a period in seconds to turn it on", RW_TIMER_KEY);
	} else {
		s->state = "ready";
		snprintf(s->detail, sizeof(s->detail), "every %" PRId64 " s (%s)", *interval,
			 RW_TIMER_KEY);
	}
}

static void print_json(uint32_t v, const struct rw_names *names, const struct source *src,
		       size_t nsrc, bool poll, bool uevents, int64_t interval)
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
	for (i = 0; i < nsrc; i++) {
		hk_json_open(&j, NULL);
		hk_json_uint(&j, "id", src[i].id);
		hk_json_str(&j, "name", src[i].name);
		hk_json_str(&j, "state", src[i].state);
		hk_json_str(&j, "detail", src[i].detail);
		hk_json_close(&j);
	}
	hk_json_close_array(&j);
	hk_json_close(&j);
	hk_json_end(&j);
}

static void print_text(uint32_t v, const struct rw_names *names, const struct source *src,
		       size_t nsrc, bool poll, bool uevents)
{
	char idbuf[16], desc[128], key[24], esc[HK_ESC_MAX(sizeof(src->detail))];
	unsigned int id;
	size_t i;
	int n = 0;

	rw_value_desc(v, rw_name(names, RW_ID(v), idbuf, sizeof(idbuf)), desc, sizeof(desc));
	printf("%-15s%s\n", "Epoch:", desc);
	printf("%-15s", "Notifiers:");
	for (id = 1; id < 256; id++)
		if (names->name[id][0])
			printf("%s%u %s", n++ ? ", " : "", id, names->name[id]);
	printf("%s\n", n ? "" : names->loaded ? "none" : "unknown (no " RW_NAMES_FILE ")");
	printf("%-15s%s\n", "Wake-up:", poll ? "poll(2) and read(2) on the epoch descriptor" :
	       "none: the descriptor cannot be read; watchers look at the mapped page");
	printf("%-15s%s\n", "Uevents:", uevents ? "from /sys/kernel/random/epoch" :
	       "none (no /sys/kernel/random/epoch)");
	for (i = 0; i < nsrc; i++) {
		snprintf(key, sizeof(key), "%s:", src[i].name);
		printf("%-15s%s: %s\n", key, src[i].state, hk_esc(src[i].detail, esc, sizeof(esc)));
	}
}

int cmd_status(int argc, const char **argv)
{
	int json = 0, r, dfd;
	struct poptOption opts[] = {
		{ "json", 'J', POPT_ARG_NONE, &json, 0, "Print a JSON object", NULL },
		HK_POPT_HELP,
		POPT_TABLEEND
	};
	struct hk_popt p = hk_popt_parse("status", opts, "[--json]", argc, argv);
	struct rw_names names;
	struct source src[8];
	struct rw_epoch ep;
	const char *what;
	int64_t interval = -1;
	size_t nsrc = 0;
	unsigned int id;
	bool poll, uevents;
	uint32_t v, rv;

	if (p.done)
		goto out;
	if ((p.code = rw_no_args(p.ctx)))
		goto out;
	r = rw_epoch_open(&ep, true, &what);
	if (r < 0) {
		p.code = rw_epoch_fail(r, what);
		if (json && p.code == HK_EXIT_UNSUPPORTED) {
			struct hk_json j;

			hk_json_init(&j, stdout, true);
			hk_json_open(&j, NULL);
			hk_json_bool(&j, "supported", false);
			hk_json_close(&j);
			hk_json_end(&j);
			if (fflush(stdout) == EOF)
				p.code = rw_stdout_fail(errno);
		}
		goto out;
	}
	v = rw_epoch_peek(&ep);
	poll = rw_epoch_read(&ep, &rv) == 0;
	rw_epoch_close(&ep);
	dfd = hk_sysroot_fd();
	if (rw_names_load(&names) < 0)
		memset(&names, 0, sizeof(names));
	uevents = dfd >= 0 && faccessat(dfd, UEVENT_KOBJ, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
	for (id = 1; id < 256 && nsrc < sizeof(src) / sizeof(src[0]); id++) {
		struct source *s = &src[nsrc];

		if (!names.name[id][0])
			continue;
		memset(s, 0, sizeof(*s));
		s->id = id;
		s->name = names.name[id];
		if (!strcmp(s->name, "rndreseedcrng")) {
			source_rndreseedcrng(s);
		} else if (!strcmp(s->name, "vmgenid")) {
			source_vmgenid(dfd, s);
		} else if (!strcmp(s->name, "timer")) {
			source_timer(dfd, s, &interval);
		} else {
			s->state = "unknown";
			snprintf(s->detail, sizeof(s->detail), "notifier %u is not known to %s", id,
				 hk_progname());
		}
		nsrc++;
	}
	/* A kernel without CONFIG_VMGENID does not list the notifier. */
	if (names.loaded && nsrc < sizeof(src) / sizeof(src[0])) {
		bool listed = false;

		for (id = 1; id < 256; id++)
			listed |= !strcmp(names.name[id], "vmgenid");
		if (!listed) {
			src[nsrc] = (struct source){ .id = 0, .name = "vmgenid", .state = "absent" };
			snprintf(src[nsrc].detail, sizeof(src[nsrc].detail),
				 "not a notifier of this kernel (built without CONFIG_VMGENID)");
			nsrc++;
		}
	}
	if (json)
		print_json(v, &names, src, nsrc, poll, uevents, interval);
	else
		print_text(v, &names, src, nsrc, poll, uevents);
	if (fflush(stdout) == EOF)
		p.code = rw_stdout_fail(errno);
out:
	poptFreeContext(p.ctx);
	return p.code;
}
