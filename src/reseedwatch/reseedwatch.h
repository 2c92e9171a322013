/* SPDX-License-Identifier: GPL-2.0-or-later */
/* reseedwatch: the epoch page, notifier names, event lines, subcommands. */
#ifndef RESEEDWATCH_H
#define RESEEDWATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <linux/random.h>

#include "hk/cmd.h"

/* The epoch ABI of the kernel patch series (include/uapi/linux/random.h,
 * Documentation/ABI/testing/dev-random-epoch); distribution headers lack it. */
#ifndef RNDEPOCH
#define RNDEPOCH _IO('R', 0x08)
#endif
#ifndef RNDEPOCH_ID_SHIFT
#define RNDEPOCH_ID_SHIFT 24
#define RNDEPOCH_COUNTER_MASK 0x00ffffffU
#endif
#define RW_ID(v) ((unsigned int)((uint32_t)(v) >> RNDEPOCH_ID_SHIFT))
#define RW_COUNTER(v) ((uint32_t)(v) & RNDEPOCH_COUNTER_MASK)

#define RW_DEVICE "/dev/urandom"
#define RW_NAMES_FILE "/proc/sys/kernel/random/epoch_notifiers"
#define RW_TIMER_SYSCTL "/proc/sys/kernel/random/epoch_timer_interval"
#define RW_TIMER_KEY "kernel.random.epoch_timer_interval"
#define RW_NAME_MAX 15
/* A notifier name as the kernel spells one: 1 to RW_NAME_MAX of [a-z0-9_]. */
bool rw_name_ok(const char *s, size_t len);

/* Open RW_DEVICE below the sysroot, read-only: an fd or -errno. */
int rw_device_open(void);

/* An epoch descriptor from RNDEPOCH, optionally mapped. */
struct rw_epoch {
	int fd;
	const uint32_t *page;	/* NULL unless mapped */
};

/* Open /dev/urandom and ask for an epoch descriptor: 0 or -errno; *what
 * says which step failed ("open", "RNDEPOCH", "mmap"). */
int rw_epoch_open(struct rw_epoch *e, bool map, const char **what);
void rw_epoch_close(struct rw_epoch *e);
/* read(2) of the value; clears poll readiness. 0 or -errno. */
int rw_epoch_read(struct rw_epoch *e, uint32_t *v);
/* One acquire load of the mapped word. */
uint32_t rw_epoch_peek(const struct rw_epoch *e);
/* Print the one-line reason the epoch is unusable and return the exit code
 * (HK_EXIT_UNSUPPORTED for a kernel without the feature). */
int rw_epoch_fail(int err, const char *what);
/* The same message in buf, not printed; returns the same exit code. */
int rw_epoch_why(int err, const char *what, char *buf, size_t size);

/* Notifier names from the kernel's list; index = ID. */
struct rw_names {
	bool loaded;		/* the names file was read */
	char name[256][RW_NAME_MAX + 1];
};

/* Parse "ID NAME" lines; malformed lines are skipped. Returns the number
 * of notifiers. Exposed for the unit test. */
int rw_names_parse(struct rw_names *n, const char *text);
/* Read the kernel's names file (below the sysroot): 0 or -errno. */
int rw_names_load(struct rw_names *n);
/* The name of id: the kernel's, "none" for 0, else "id-N" in buf. */
const char *rw_name(const struct rw_names *n, unsigned int id, char *buf, size_t size);

/* Which reseed source saw an event (the "origin" of an event line). */
enum rw_origin { RW_ORIGIN_EPOCH, RW_ORIGIN_VMCLOCK };
/* What happened (the "kind"): the epoch moved; VMClock's generation
 * counter changed (a snapshot load, a clone), went backwards (treat it as
 * a clone), or only its disruption_marker changed (a live migration). */
enum rw_kind { RW_KIND_RESEED, RW_KIND_CLONE, RW_KIND_BACKWARDS, RW_KIND_MIGRATION };

/* One change of a source, as seen by a watcher. */
struct rw_event {
	uint32_t old, new;	/* the epoch (for a VMClock event: the epoch now, or 0) */
	struct timespec when;	/* CLOCK_REALTIME when seen */
	const char *source;	/* "poll", "interval" or "uevent" */
	const char *name;	/* notifier name, never NULL */
	enum rw_origin origin;
	enum rw_kind kind;
	uint64_t old64, new64;	/* VMClock: the field that changed, before and after */
};

const char *rw_origin_word(enum rw_origin o);
const char *rw_kind_word(enum rw_kind k);

/* Events between two looks: counter distance, 1 for a single event. */
uint32_t rw_event_step(const struct rw_event *ev);
/* Write the event as one text line or one JSON object line and flush.
 * 0, or -errno when standard output failed. */
int rw_event_print(FILE *out, const struct rw_event *ev, bool json);
/* when as the event lines print it: 2026-01-02T03:04:05.000006Z */
void rw_time_format(const struct timespec *ts, char *buf, size_t size);
/* Describe value in words: "0x03000004 (notifier 3 timer, counter 4)". */
void rw_value_desc(uint32_t v, const char *name, char *buf, size_t size);

/* The uevent source (uevent.c). */
struct rw_uevent_info {
	uint32_t epoch;
	char name[RW_NAME_MAX + 1];
};
/* Validate one datagram from NETLINK_KOBJECT_UEVENT: 1 and *info for a
 * well-formed reseed uevent of the kernel, 0 for anything else (foreign or
 * malformed). buf is modified. sender_pid and groups come from the
 * datagram's address; names (may be NULL) cross-checks NOTIFIER. */
int rw_uevent_check(char *buf, size_t len, unsigned int sender_pid, unsigned int groups,
		    const struct rw_names *names, struct rw_uevent_info *info);

/* Write error on standard output: message (none for EPIPE) and exit code. */
int rw_stdout_fail(int err);

#endif
