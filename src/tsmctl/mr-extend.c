// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl mr extend: extend a register and append its record to the event
 * log, both under the log's lock so that the log's order is the register's.
 * The record is written only after the extend succeeded; the log is replaced
 * atomically (a temporary file renamed over it), so it is never partial. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/codec.h"
#include "hk/err.h"
#include "hk/io.h"
#include "hk/json.h"
#include "hk/lock.h"
#include "mr.h"

#define LOG_MAX (64u << 20)
#define EV_IPL 13	/* TCG PC Client event type: the event data describes what was measured */

struct extend_opts {
	struct tsm_mr_sel sel;
	const char *digest;
	const char *data;
	const char *description;
	const char *log;
};

static const struct hk_opt extend_options[] = {
	HK_OPT_INCLUDE(struct extend_opts, sel, tsm_mr_sel_options),
	HK_OPT_STR(struct extend_opts, digest, "digest", 0, "HEX", "Extend with this digest (the register's size)"),
	HK_OPT_STR(struct extend_opts, data, "data", 0, "FILE",
		   "Extend with the hash of FILE (- for standard input) in the register's algorithm"),
	HK_OPT_STR(struct extend_opts, description, "description", 0, "TEXT", "Say what was measured, in the log"),
	HK_OPT_STR(struct extend_opts, log, "log", 0, "FILE",
		   "Event log to append to (default /" TSM_MR_LOG_DIR "/" TSM_MR_LOG_NAME ")"),
	HK_OPT_END
};

/* Hash FILE with the register's algorithm into out. */
static int hash_file(const struct tsm_mr *r, const char *file, uint8_t *out)
{
	static uint8_t buf[65536];
	struct tsm_hash *h;
	ssize_t n;
	int fd = strcmp(file, "-") == 0 ? STDIN_FILENO : open(file, O_RDONLY | O_CLOEXEC);
	int e;

	if (fd < 0) {
		e = errno;
		hk_err("cannot read --data %s: %s", file, strerror(e));
		return e == EACCES ? HK_EXIT_PERM : e == ENOENT ? HK_EXIT_NOTFOUND : HK_EXIT_IO;
	}
	e = tsm_hash_begin(&h, r->hash, r->size);
	if (e < 0) {
		hk_err("cannot hash --data %s with %s: %s", file, r->hash,
		       e == -ENOENT ? "libcrypto does not know the algorithm" :
		       e == -EINVAL ? "its digest size is not the register's" : strerror(-e));
		if (fd != STDIN_FILENO)
			close(fd);
		return e == -ENOMEM ? HK_EXIT_IO : HK_EXIT_UNSUPPORTED;
	}
	while ((n = hk_read_sig(fd, buf, sizeof(buf), NULL)) > 0)
		tsm_hash_update(h, buf, (size_t)n);
	e = tsm_hash_end(h, out);
	if (fd != STDIN_FILENO)
		close(fd);
	if (n < 0 || e < 0) {
		hk_err("cannot read --data %s: %s", file, strerror(n < 0 ? (int)-n : -e));
		return HK_EXIT_IO;
	}
	return HK_EXIT_OK;
}

/* What the record says was measured: "file PATH" or "digest", then the
 * description. */
static char *what(const struct extend_opts *o)
{
	char *abs = o->data && strcmp(o->data, "-") ? realpath(o->data, NULL) : NULL;
	char *s = NULL;

	if (asprintf(&s, "%s%s%s%s", o->data ? (strcmp(o->data, "-") ? "file " : "standard input") : "digest",
		     o->data && strcmp(o->data, "-") ? (abs ? abs : o->data) : "",
		     o->description ? ": " : "", o->description ? o->description : "") < 0)
		s = NULL;
	free(abs);
	return s;
}

/* The new record as one line of JSON (malloc'd), or NULL. */
static char *record(const struct tsm_mr *r, size_t recnum, const uint8_t *digest, const char *text)
{
	char hex[HK_HEX_LEN(TSM_MR_VALUE_MAX)], *data, *buf = NULL;
	size_t len = 0, tlen = strlen(text);
	struct hk_json j;
	FILE *f = open_memstream(&buf, &len);

	if (!f || !(data = malloc(HK_HEX_LEN(tlen)))) {
		if (f)
			fclose(f);
		free(buf);
		return NULL;
	}
	hk_json_init(&j, f, false);
	hk_json_open(&j, NULL);
	hk_json_uint(&j, "recnum", recnum);
	hk_json_uint(&j, "pcr", (uint64_t)r->index);
	hk_json_open_array(&j, "digests");
	hk_json_open(&j, NULL);
	hk_json_str(&j, "hashAlg", r->hash);
	hk_hex_encode(digest, r->size, hex);
	hk_json_str(&j, "digest", hex);
	hk_json_close(&j);
	hk_json_close_array(&j);
	hk_json_str(&j, "content_type", "pcclient_std");
	hk_json_open(&j, "content");
	hk_json_uint(&j, "event_type", EV_IPL);
	hk_hex_encode((const uint8_t *)text, tlen, data);
	hk_json_str(&j, "event_data", data);
	hk_json_close(&j);
	hk_json_close(&j);
	free(data);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	while (len && buf[len - 1] == '\n')
		buf[--len] = 0;
	return buf;
}

int tsm_mr_errno_code(int e)
{
	if (e == ELOOP)		/* a symbolic link where a file is wanted */
		return HK_EXIT_USAGE;
	return e == EACCES || e == EPERM || e == EROFS ? HK_EXIT_PERM : HK_EXIT_IO;
}

int tsm_mr_logloc(const char *log, struct tsm_mr_logloc *l)
{
	const char *slash = log ? strrchr(log, '/') : NULL;

	l->own = false;
	if (!log) {
		l->dirfd = hk_sysroot_fd();
		if (l->dirfd < 0) {
			hk_err("cannot open the root %s: %s", hk_sysroot_path(), strerror(-l->dirfd));
			return HK_EXIT_IO;
		}
		strcpy(l->dir, TSM_MR_LOG_DIR);
		strcpy(l->base, TSM_MR_LOG_NAME);
		snprintf(l->shown, sizeof(l->shown), "/%s/%s", TSM_MR_LOG_DIR, TSM_MR_LOG_NAME);
	} else {
		char dir[sizeof(l->dir)];

		if (!*log || (slash && !slash[1]) || strlen(slash ? slash + 1 : log) >= sizeof(l->base) ||
		    strlen(log) >= sizeof(l->dir))
			return hk_usage_error(hk_cmd_name(), "'%s' does not name a log file", log);
		/* Its length was checked above. */
		memcpy(l->base, slash ? slash + 1 : log, strlen(slash ? slash + 1 : log) + 1);
		if (slash == log)
			strcpy(dir, "/");
		else if (slash)
			snprintf(dir, sizeof(dir), "%.*s", (int)(slash - log), log);
		else
			strcpy(dir, ".");
		/* The directory as named; the log itself is never a link. */
		l->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (l->dirfd < 0) {
			hk_err("cannot open the directory of the event log %s: %s", log, strerror(errno));
			return tsm_mr_errno_code(errno);
		}
		l->own = true;
		strcpy(l->dir, ".");
		snprintf(l->shown, sizeof(l->shown), "%s", log);
	}
	snprintf(l->lock, sizeof(l->lock), "%s.lock", l->base);
	return HK_EXIT_OK;
}

void tsm_mr_logloc_close(struct tsm_mr_logloc *l)
{
	if (l->own)
		close(l->dirfd);
	l->own = false;
}


/* The log's text (a new log is "[") and its records, read under the lock. */
static int load_log(int dfd, const struct tsm_mr_logloc *l, char **text, size_t *len, struct tsm_cel_log *log)
{
	uint8_t *buf = NULL;
	int r = hk_read_file_alloc(dfd, l->base, LOG_MAX, &buf, len);

	if (r == -ENOENT) {
		*text = strdup("[");
		*len = 1;
		memset(log, 0, sizeof(*log));
		log->end = 1;
		return *text ? HK_EXIT_OK : HK_EXIT_IO;
	}
	if (r < 0) {
		hk_err("cannot read the event log %s: %s; nothing was extended", l->shown, strerror(-r));
		return tsm_mr_errno_code(-r);
	}
	*text = (char *)buf;
	r = tsm_cel_parse(*text, *len, log);
	if (r < 0) {
		hk_err("cannot append to the event log %s: %s; nothing was extended", l->shown,
		       r == -ENOMEM ? strerror(ENOMEM) : log->error);
		return r == -ENOMEM ? HK_EXIT_IO : HK_EXIT_USAGE;
	}
	return HK_EXIT_OK;
}

/* Under the lock: extend, then replace the log with one more record. */
static int extend_locked(struct tsm_mrs *m, struct tsm_mr *r, const uint8_t *digest, const struct tsm_mr_logloc *l,
			 const char *text_what)
{
	char label[TSM_MR_NAME_MAX + 20], *text = NULL, *rec = NULL, *out = NULL;
	struct tsm_cel_log log = { 0 };
	size_t len = 0, pre;
	int dfd, code, e;

	tsm_mr_label(r, label, sizeof(label));
	dfd = hk_openat(l->dirfd, l->dir, O_RDONLY | O_DIRECTORY);
	if (dfd < 0) {
		hk_err("cannot open the directory of the event log %s: %s; nothing was extended", l->shown,
		       strerror(-dfd));
		return tsm_mr_errno_code(-dfd);
	}
	if ((code = load_log(dfd, l, &text, &len, &log)))
		goto out;
	e = hk_write_attr(m->dirfd, label, digest, r->size);
	if (e < 0) {
		hk_err("cannot extend measurement register %s: %s", label, strerror(-e));
		code = e == -EACCES || e == -EPERM ? HK_EXIT_PERM : HK_EXIT_KERNEL;
		goto out;
	}
	pre = log.end;
	while (pre && (text[pre - 1] == ' ' || text[pre - 1] == '\n' || text[pre - 1] == '\r' || text[pre - 1] == '\t'))
		pre--;
	rec = record(r, log.n, digest, text_what);
	e = rec && asprintf(&out, "%.*s%s%s\n]\n", (int)pre, text, log.n ? ",\n" : "\n", rec) >= 0 ? 0 : -ENOMEM;
	if (e == 0)
		e = hk_write_file_atomic(dfd, l->base, out, strlen(out), 0644);
	if (e < 0) {
		hk_err("%s was extended, but its record could not be written to %s: %s: the register moved without a record (mr replay shows where the log parts from it)",
		       label, l->shown, strerror(-e));
		code = HK_EXIT_IO;
	}
out:
	free(out);
	free(rec);
	free(text);
	tsm_cel_free(&log);
	close(dfd);
	return code;
}

/* Is r a register tsmctl can extend and log? 0, or an exit code after a message. */
static int check_extendable(const struct tsm_mr *r)
{
	char label[TSM_MR_NAME_MAX + 20];

	tsm_mr_label(r, label, sizeof(label));
	if (!r->writable) {
		hk_err("cannot extend measurement register %s: it is read-only", label);
		return HK_EXIT_USAGE;
	}
	if (!r->hash[0]) {
		hk_err("cannot extend measurement register %s: it has no hash algorithm to log its digest with",
		       label);
		return HK_EXIT_UNSUPPORTED;
	}
	if (r->index < 0) {
		hk_err("cannot extend measurement register %s: it has no CEL index (tsmctl maps mrtd to 0 and rtmrN to N+1)",
		       label);
		return HK_EXIT_UNSUPPORTED;
	}
	return HK_EXIT_OK;
}

static int digest_arg(const struct tsm_mr *r, const char *hex, uint8_t *out)
{
	char label[TSM_MR_NAME_MAX + 20];
	size_t n = 0;
	int e = hk_hex_decode(hex, out, TSM_MR_VALUE_MAX, &n);

	tsm_mr_label(r, label, sizeof(label));
	if (e == -EINVAL)
		return hk_usage_error(hk_cmd_name(), "--digest: not hex (an even number of hex digits)");
	if (e < 0 || n != r->size)
		return hk_usage_error(hk_cmd_name(), "--digest: %s bytes, %s takes a digest of %zu",
				      e < 0 ? "too many" : hex[0] ? "the wrong number of" : "no", label, r->size);
	return HK_EXIT_OK;
}

static int mr_extend(const void *opts, int argc, const char *const *argv)
{
	const struct extend_opts *o = opts;
	uint8_t digest[TSM_MR_VALUE_MAX];
	struct tsm_mr_logloc loc = { .dirfd = -1 };
	struct tsm_mrs m;
	struct tsm_mr *r;
	char *text = NULL;
	int code, lock;

	(void)argc;
	if (!o->digest == !o->data)
		return hk_usage_error(hk_cmd_name(), "give one of --digest HEX and --data FILE");
	if ((code = tsm_mr_logloc(o->log, &loc)))
		return code;
	if ((code = tsm_mrs_load(&m, o->sel.provider))) {
		tsm_mr_logloc_close(&loc);
		return code;
	}
	if (!(r = tsm_mr_lookup(&m, argv[0]))) {
		code = HK_EXIT_NOTFOUND;
		goto out;
	}
	if ((code = check_extendable(r)))
		goto out;
	code = o->digest ? digest_arg(r, o->digest, digest) : hash_file(r, o->data, digest);
	if (code)
		goto out;
	if (!(text = what(o))) {
		hk_err("cannot extend %s: out of memory", argv[0]);
		code = HK_EXIT_IO;
		goto out;
	}
	lock = hk_lock_take(loc.dirfd, loc.dir, loc.lock);
	if (lock < 0) {
		hk_err("cannot lock the event log %s (%s/%s): %s; nothing was extended", loc.shown, loc.dir, loc.lock,
		       strerror(-lock));
		code = tsm_mr_errno_code(-lock);
		goto out;
	}
	code = extend_locked(&m, r, digest, &loc, text);
	close(lock);
out:
	tsm_mr_logloc_close(&loc);
	free(text);
	tsm_mrs_close(&m);
	return code;
}

const struct hk_cmd tsm_cmd_mr_extend = {
	.name = "extend",
	.synopsis = "(--digest HEX | --data FILE) [--description TEXT] [--log FILE] [--provider NAME] NAME",
	.help = "Extend a register and append the record to the event log",
	HK_CMD_OPTS(struct extend_opts, extend_options),
	.args = 1,
	.args_name = "register NAME",
	.man = "tsmctl-mr",
	.run = mr_extend,
};
