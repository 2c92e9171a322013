/* SPDX-License-Identifier: GPL-2.0-or-later */
/* configfs-tsm report entries: the directory, entry names, private entries
 * that are removed on every exit path, signals, and blob reads. */
#ifndef TSM_H
#define TSM_H

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define TSM_CONFIG_DIR "sys/kernel/config"
#define TSM_REPORT_DIR "sys/kernel/config/tsm/report"
#define TSM_INBLOB_MAX 64
#define TSM_OUTBLOB_MAX 32768	/* the kernel's TSM_OUTBLOB_MAX; also for auxblob and manifestblob */

/* Open the report directory. 0 and *fd, or an exit code after a message that
 * says whether configfs is not mounted or the tsm subsystem is absent. */
int tsm_open_reports(int *fd);
/* A DIR stream over the report directory fd (which stays the caller's): 0
 * and *d, or an exit code after a message. */
int tsm_opendir_reports(int dirfd, DIR **d);

/* A user-chosen entry name: 0, or HK_EXIT_USAGE after a message. Names of
 * the private form are refused unless allow_private (show, remove). */
int tsm_check_name(const char *name, bool allow_private);

/* Private entries: tsmctl-PID-TIME-PIDNS-RANDOM, so that `prune` can
 * tell whether their creator still runs (owner.c). */
struct tsm_owner {
	pid_t pid;
	uint64_t made;		/* when: clock ticks after boot in the initial time namespace */
	uint64_t pidns;		/* inode of the PID namespace, 0 if unknown */
};
bool tsm_parse_private(const char *name, struct tsm_owner *o);
int tsm_private_name(char *buf, size_t size, const struct tsm_owner *o, uint32_t rnd);
int tsm_self_owner(struct tsm_owner *o);

enum tsm_owner_state {
	TSM_OWNER_RUNNING,	/* the creating process still runs */
	TSM_OWNER_GONE,		/* no such PID, or the PID was reused (started later) */
	TSM_OWNER_UNKNOWN,	/* another PID namespace, or /proc/PID unreadable */
};
enum tsm_owner_state tsm_owner_state(const struct tsm_owner *o, uint64_t self_pidns);
const char *tsm_owner_state_name(enum tsm_owner_state s);

/* Every catchable signal whose default is to end the process is handled,
 * unless it was ignored when tsmctl started: the asynchronous ones (SIGINT,
 * SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGALRM, SIGXCPU, SIGXFSZ, real-time
 * signals...) only set a flag (no SA_RESTART, so a blocked read returns
 * EINTR); the fault signals (SIGSEGV, SIGBUS, SIGABRT...) remove the armed
 * private entry in the handler and end the process as they would have.
 * SIGPIPE is ignored so a closed pipe is an error. */
void tsm_signals_init(void);
int tsm_caught(void);			/* the signal caught, or 0 */
int tsm_signal_exit(void);		/* 128 + signal */
/* The private entry a fault signal removes (called with signals blocked). */
void tsm_signals_arm(int dirfd, const char *name);
void tsm_signals_disarm(void);

struct tsm_entry {
	int dirfd;		/* the report directory (not owned) */
	int fd;			/* what attributes are reached from, -1: none */
	char name[NAME_MAX + 1];
	bool private_made;	/* we made it: rmdir on every exit path */
	bool locked;
	/* A private entry is not opened (an open and a close less on the
	 * report path): fd is dirfd and its attributes are "NAME/attr". */
	bool by_path;
	char at[NAME_MAX + 1 + 32];
};

void tsm_entry_init(struct tsm_entry *e, int dirfd);
/* mkdir a private entry with every signal blocked, so it is
 * recorded for removal before any signal can be handled. -errno. */
int tsm_entry_make_private(struct tsm_entry *e);
/* The path of attribute attr from e->fd (valid until the next call). */
const char *tsm_entry_at(struct tsm_entry *e, const char *attr);
/* Open the entry's own directory (a private one is reached by path). -errno. */
int tsm_entry_open_dir(struct tsm_entry *e);
/* Open a named entry, creating it if asked (*created says so). -errno. */
int tsm_entry_open_named(struct tsm_entry *e, const char *name, bool create, bool *created);
/* flock the entry, interruptible by the caught signals. -errno. */
int tsm_entry_lock(struct tsm_entry *e);
/* Close, and rmdir a private entry. Warns and returns -errno if rmdir fails. */
int tsm_entry_release(struct tsm_entry *e);

/* Read a blob attribute of up to max bytes; a caught signal ends the wait
 * with -EINTR, other EINTRs are retried. -EFBIG past max. */
int tsm_read_blob(int fd, const char *attr, uint8_t *buf, size_t max, size_t *len);
/* The same for a text attribute of one line, NUL-terminated, its newline
 * removed. */
int tsm_read_line(int fd, const char *attr, char *buf, size_t size);
int tsm_read_generation(int fd, const char *attr, uint64_t *gen);	/* attr: its path */

/* What an entry says about itself; reads no blob (that would generate a report). */
struct tsm_info {
	char provider[64];	/* "" if unreadable (provider_err says why) */
	int provider_err;
	bool have_generation, have_floor;
	uint64_t generation;
	int64_t floor;
	char attrs[32][32];	/* attribute file names, sorted */
	size_t nattrs;
};
void tsm_entry_info(int fd, struct tsm_info *info);

/* Why a configfs-tsm operation failed, in words. */
const char *tsm_strerror(int err);

#endif
