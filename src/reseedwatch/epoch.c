// SPDX-License-Identifier: GPL-2.0-or-later
/* The epoch descriptor (RNDEPOCH), the notifier names and the event line
 * every source prints. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "hk/err.h"
#include "hk/io.h"
#include "hk/json.h"
#include "hk/parse.h"
#include "reseedwatch.h"

int rw_device_open(void)
{
	int dfd = hk_sysroot_fd();

	return dfd < 0 ? dfd : hk_openat(dfd, RW_DEVICE, O_RDONLY);
}

int rw_epoch_open(struct rw_epoch *e, bool map, const char **what)
{
	struct stat st;
	int fd, r;
	void *p;

	e->fd = -1;
	e->page = NULL;
	*what = "open";
	fd = rw_device_open();
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode)) {
		close(fd);
		return -ENOTTY;
	}
	*what = "RNDEPOCH";
	r = ioctl(fd, RNDEPOCH, 0);
	close(fd);
	if (r < 0)
		return -errno;
	e->fd = r;
	if (!map)
		return 0;
	*what = "mmap";
	p = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_READ, MAP_SHARED, e->fd, 0);
	if (p == MAP_FAILED) {
		r = -errno;
		rw_epoch_close(e);
		return r;
	}
	e->page = p;
	return 0;
}

void rw_epoch_close(struct rw_epoch *e)
{
	if (e->page)
		munmap((void *)e->page, (size_t)sysconf(_SC_PAGESIZE));
	if (e->fd >= 0)
		close(e->fd);
	e->page = NULL;
	e->fd = -1;
}

int rw_epoch_read(struct rw_epoch *e, uint32_t *v)
{
	ssize_t n = hk_read_sig(e->fd, v, sizeof(*v), NULL);

	if (n < 0)
		return (int)n;
	return n == sizeof(*v) ? 0 : -EIO;
}

uint32_t rw_epoch_peek(const struct rw_epoch *e)
{
	/* Pairs with the kernel's smp_store_release() of the new value. */
	return __atomic_load_n(e->page, __ATOMIC_ACQUIRE);
}

int rw_epoch_why(int err, const char *what, char *buf, size_t size)
{
	err = err < 0 ? -err : err;
	if (strcmp(what, "RNDEPOCH") == 0 && (err == ENOTTY || err == EINVAL)) {
		snprintf(buf, size, "this kernel has no reseed notifications: the RNDEPOCH ioctl on %s failed (%s); it needs a kernel built with CONFIG_RANDOM_EPOCH",
			 RW_DEVICE, strerror(err));
		return HK_EXIT_UNSUPPORTED;
	}
	if (strcmp(what, "open") == 0 && err == ENOTTY) {
		snprintf(buf, size, "cannot use %s: not a character device", RW_DEVICE);
		return HK_EXIT_UNSUPPORTED;
	}
	if (strcmp(what, "open") == 0) {
		snprintf(buf, size, "cannot open %s: %s", RW_DEVICE, strerror(err));
		return err == ENOENT ? HK_EXIT_UNSUPPORTED : hk_exit_for_errno(err);
	}
	if (err == ENODEV) {
		snprintf(buf, size, "this kernel has no reseed notifications: RNDEPOCH failed (%s), the epoch page was not set up at boot (see the kernel log)",
			 strerror(err));
		return HK_EXIT_UNSUPPORTED;
	}
	snprintf(buf, size, "cannot get the reseed epoch: %s failed: %s", what, strerror(err));
	return err == ENOMEM || err == EMFILE || err == ENFILE ? HK_EXIT_IO : HK_EXIT_KERNEL;
}

int rw_epoch_fail(int err, const char *what)
{
	char msg[512];
	int code = rw_epoch_why(err, what, msg, sizeof(msg));

	hk_err("%s", msg);
	return code;
}

bool rw_name_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > RW_NAME_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

int rw_names_parse(struct rw_names *n, const char *text)
{
	const char *line = text, *nl, *sp;
	char idbuf[8];
	unsigned int id;
	int count = 0;

	memset(n, 0, sizeof(*n));
	n->loaded = true;
	for (; *line; line = *nl ? nl + 1 : nl) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		sp = memchr(line, ' ', (size_t)(nl - line));
		if (!sp || sp == line || (size_t)(sp - line) >= sizeof(idbuf))
			continue;
		memcpy(idbuf, line, (size_t)(sp - line));
		idbuf[sp - line] = '\0';
		if (hk_parse_uint(idbuf, 1, 255, &id) < 0 || idbuf[0] == '0')
			continue;
		if (!rw_name_ok(sp + 1, (size_t)(nl - sp - 1)) || n->name[id][0])
			continue;
		memcpy(n->name[id], sp + 1, (size_t)(nl - sp - 1));
		count++;
	}
	return count;
}

int rw_names_load(struct rw_names *n)
{
	char buf[4096];
	ssize_t len;
	int dfd;

	memset(n, 0, sizeof(*n));
	dfd = hk_sysroot_fd();
	if (dfd < 0)
		return dfd;
	len = hk_read_file(dfd, RW_NAMES_FILE, buf, sizeof(buf) - 1);
	if (len < 0)
		return (int)len;
	buf[len] = '\0';
	rw_names_parse(n, buf);
	return 0;
}

const char *rw_name(const struct rw_names *n, unsigned int id, char *buf, size_t size)
{
	if (id == 0)
		return "none";
	if (id < 256 && n->name[id][0])
		return n->name[id];
	snprintf(buf, size, "id-%u", id);
	return buf;
}

uint32_t rw_event_step(const struct rw_event *ev)
{
	uint32_t step = (RW_COUNTER(ev->new) - RW_COUNTER(ev->old)) & RNDEPOCH_COUNTER_MASK;

	/* The same counter with another value: the counter went round once. */
	return step ? step : RNDEPOCH_COUNTER_MASK + 1;
}

void rw_value_desc(uint32_t v, const char *name, char *buf, size_t size)
{
	if (v == 0)
		snprintf(buf, size, "0x%08" PRIx32 " (no event since boot)", v);
	else
		snprintf(buf, size, "0x%08" PRIx32 " (notifier %u %s, counter %" PRIu32 ")", v,
			 RW_ID(v), name, RW_COUNTER(v));
}

void rw_time_format(const struct timespec *ts, char *buf, size_t size)
{
	struct tm tm;
	char base[32];

	gmtime_r(&ts->tv_sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, size, "%s.%06ldZ", base, ts->tv_nsec / 1000);
}

const char *rw_origin_word(enum rw_origin o)
{
	return o == RW_ORIGIN_VMCLOCK ? "vmclock" : "epoch";
}

const char *rw_kind_word(enum rw_kind k)
{
	static const char *const words[] = { "reseed", "clone", "backwards", "migration" };

	return (unsigned int)k < sizeof(words) / sizeof(words[0]) ? words[k] : "?";
}

/* The name of the VMClock field an event is about. */
static const char *vmclock_field(const struct rw_event *ev)
{
	return ev->kind == RW_KIND_MIGRATION ? "disruption_marker" : "vm_generation_counter";
}

/* Fixed keys, always all of them: consumers need no guessing. A VMClock
 * event has no notifier ID and cannot tell how many changes it missed:
 * those are null, and old, new and counter are the changed field's. */
static void event_json(FILE *out, const struct rw_event *ev, const char *when, const char *old,
		       const char *new, uint32_t step)
{
	bool vm = ev->origin == RW_ORIGIN_VMCLOCK;
	struct hk_json j;

	hk_json_init(&j, out, false);
	hk_json_open(&j, NULL);
	hk_json_str(&j, "time", when);
	hk_json_str(&j, "old", old);
	hk_json_str(&j, "new", new);
	hk_json_str(&j, "notifier", vm ? vmclock_field(ev) : ev->name);
	if (vm)
		hk_json_null(&j, "notifier_id");
	else
		hk_json_uint(&j, "notifier_id", RW_ID(ev->new));
	hk_json_uint(&j, "counter", vm ? ev->new64 : RW_COUNTER(ev->new));
	hk_json_uint(&j, "step", vm ? 1 : step);
	if (vm)
		hk_json_null(&j, "missed");
	else
		hk_json_uint(&j, "missed", step - 1);
	hk_json_str(&j, "source", ev->source);
	hk_json_str(&j, "origin", rw_origin_word(ev->origin));
	hk_json_str(&j, "kind", rw_kind_word(ev->kind));
	hk_json_close(&j);
	hk_json_end(&j);
}

static void event_text(FILE *out, const struct rw_event *ev, const char *when, const char *old,
		       const char *new, uint32_t step)
{
	if (ev->origin == RW_ORIGIN_VMCLOCK)
		fprintf(out, "%s vmclock %s -> %s %s %s=%" PRIu64 "%s\n", when, old, new,
			rw_kind_word(ev->kind), vmclock_field(ev), ev->new64,
			ev->kind == RW_KIND_BACKWARDS ? " (the counter went backwards: treat it as a clone)" : "");
	else if (step > 1)
		fprintf(out, "%s epoch %s -> %s %s counter=%" PRIu32 " step=%" PRIu32
			" (missed %" PRIu32 " event%s between two looks)\n",
			when, old, new, ev->name, RW_COUNTER(ev->new), step, step - 1,
			step == 2 ? "" : "s");
	else
		fprintf(out, "%s epoch %s -> %s %s counter=%" PRIu32 " step=%" PRIu32 "\n",
			when, old, new, ev->name, RW_COUNTER(ev->new), step);
}

int rw_event_print(FILE *out, const struct rw_event *ev, bool json)
{
	uint32_t step = rw_event_step(ev);
	char when[64], old[24], new[24];

	rw_time_format(&ev->when, when, sizeof(when));
	if (ev->origin == RW_ORIGIN_VMCLOCK) {
		snprintf(old, sizeof(old), "0x%016" PRIx64, ev->old64);
		snprintf(new, sizeof(new), "0x%016" PRIx64, ev->new64);
	} else {
		snprintf(old, sizeof(old), "0x%08" PRIx32, ev->old);
		snprintf(new, sizeof(new), "0x%08" PRIx32, ev->new);
	}
	clearerr(out);
	errno = 0;
	if (json)
		event_json(out, ev, when, old, new, step);
	else
		event_text(out, ev, when, old, new, step);
	if (fflush(out) == EOF || ferror(out))
		return errno ? -errno : -EIO;
	return 0;
}

int rw_stdout_fail(int err)
{
	err = err < 0 ? -err : err;
	/* A reader that went away (| head) ends the output; no message needed. */
	if (err != EPIPE)
		hk_err("cannot write to standard output: %s", strerror(err));
	return HK_EXIT_IO;
}
