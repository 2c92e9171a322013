// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl report: one report from a private entry (or a kept, locked named
 * one), bound to the caller's nonce by the generation check, and the entry
 * removed on every exit path. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/codec.h"
#include "hk/err.h"
#include "hk/io.h"
#include "hk/json.h"
#include "hk/parse.h"
#include "report.h"

#define DEFAULT_RETRIES 3
#define DEFAULT_BUSY_RETRIES 5
#define DEFAULT_BUSY_BACKOFF 100	/* ms, doubled after each busy retry */
#define BUSY_BACKOFF_MAX 10000
#define CONFLICT (-1)
#define BUSY (-2)	/* the provider said EBUSY or ETIMEDOUT: busy_errno */

/* Retries after EBUSY or ETIMEDOUT from generating a report (a quote
 * already in flight, a host that rate-limits), apart from --retries. */
struct tsm_busy {
	int retries;
	unsigned int backoff_ms;
};

static int busy_errno;

static int gen_error(const struct tsm_entry *e, int r)
{
	if (r == -EINTR && tsm_caught())
		return tsm_signal_exit();
	hk_err("cannot read the generation of entry '%s': %s", e->name, tsm_strerror(r));
	return hk_exit_for_errno(r);
}

/* A read of a blob, then the generation check that proves the blob is ours. */
static int read_checked(struct tsm_entry *e, const char *attr, uint8_t *buf, size_t *len,
			uint64_t want, const struct tsm_request *rq, const char *provider, int attempt, int tries)
{
	uint64_t gen;
	int r;

	r = tsm_read_blob(e->fd, tsm_entry_at(e, attr), buf, TSM_OUTBLOB_MAX, len);
	if (r == -EINTR && tsm_caught())
		return tsm_signal_exit();
	if (r == -ENOENT && strcmp(attr, "outblob") != 0) {
		hk_err("cannot read %s of entry '%s': provider %s does not offer it", attr, e->name, provider);
		return HK_EXIT_UNSUPPORTED;
	}
	if (r == -EBUSY || r == -ETIMEDOUT) {
		busy_errno = -r;
		return BUSY;
	}
	if (r < 0) {
		hk_err("cannot read %s of entry '%s': provider %s failed: %s", attr, e->name, provider,
		       tsm_strerror(r));
		return hk_exit_for_errno(r) == HK_EXIT_UNSUPPORTED ? HK_EXIT_UNSUPPORTED :
		       hk_exit_for_errno(r) == HK_EXIT_PERM ? HK_EXIT_PERM : HK_EXIT_KERNEL;
	}
	r = tsm_read_generation(e->fd, tsm_entry_at(e, "generation"), &gen);
	if (r < 0)
		return gen_error(e, r);
	if (gen != want) {
		hk_warn("entry '%s' is at generation %" PRIu64 " after reading %s, expected %" PRIu64 ": another writer changed it (attempt %d of %d)",
			e->name, gen, attr, want, attempt, tries);
		return CONFLICT;
	}
	return 0;
}

/* One report from entry e. The generation proves the report is ours: the
 * kernel counts every write, so reading base + writes after the outblob
 * (read_checked) shows that nobody wrote between our first write and the
 * read. A private entry we just made starts at 0 by construction (a
 * writer who came first moves the count all the same); only a kept entry,
 * which others may have written, has its baseline read, and is checked
 * once more before the read, so that a conflict there fails before the
 * provider spends a report on it. */
static int attempt(struct tsm_entry *e, const struct tsm_request *rq, struct tsm_result *res, int n, int tries)
{
	uint64_t base = 0, gen, writes = 0;
	int r;

	if (!e->private_made && (r = tsm_read_generation(e->fd, "generation", &base)) < 0)
		return gen_error(e, r);
	r = tsm_read_line(e->fd, tsm_entry_at(e, "provider"), res->provider, sizeof(res->provider));
	if (r == -EINTR && tsm_caught())
		return tsm_signal_exit();
	if (r < 0) {
		hk_err("cannot read the provider of entry '%s': %s", e->name, tsm_strerror(r));
		return hk_exit_for_errno(r);
	}
	r = tsm_write_options(e, rq, res, base, &writes);
	if (r)
		return r;
	if (tsm_caught())
		return tsm_signal_exit();
	gen = base + writes;
	if (!e->private_made) {
		r = tsm_read_generation(e->fd, "generation", &gen);
		if (r < 0)
			return gen_error(e, r);
		if (gen != base + writes) {
			hk_warn("entry '%s' is at generation %" PRIu64 " after %" PRIu64 " writes from %" PRIu64 ": another writer changed it (attempt %d of %d)",
				e->name, gen, writes, base, n, tries);
			return CONFLICT;
		}
	}
	res->generation = gen;
	r = read_checked(e, "outblob", res->out, &res->out_len, gen, rq, res->provider, n, tries);
	if (r)
		return r;
	if (res->out_len == 0) {
		hk_err("provider %s returned an empty outblob for entry '%s': no report", res->provider, e->name);
		return HK_EXIT_KERNEL;
	}
	if (rq->want_aux) {
		r = read_checked(e, "auxblob", res->aux, &res->aux_len, gen, rq, res->provider, n, tries);
		if (r)
			return r;
	}
	if (rq->want_manifest) {
		r = read_checked(e, "manifestblob", res->manifest, &res->manifest_len, gen, rq,
				 res->provider, n, tries);
		if (r)
			return r;
	}
	return tsm_caught() ? tsm_signal_exit() : 0;
}

static int entry_error(const char *what, const char *name, int r)
{
	if (r == -EINTR && tsm_caught())
		return tsm_signal_exit();
	hk_err("cannot %s report entry%s%s%s: %s", what, name ? " '" : "", name ? name : "",
	       name ? "'" : "", tsm_strerror(r));
	return hk_exit_for_errno(r);
}

/* Sleep ms milliseconds before a busy retry: 0, or the exit code of a
 * caught signal. */
static int busy_sleep(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0)
		if (errno != EINTR || tsm_caught())
			break;
	return tsm_caught() ? tsm_signal_exit() : 0;
}

/* One attempt in a fresh private entry (or the kept one): its own
 * generation baseline every time. */
static int one_attempt(int dirfd, const char *keep, const struct tsm_request *rq, struct tsm_result *res,
		       struct tsm_entry *e, int n, int tries)
{
	bool created;
	int r;

	tsm_entry_init(e, dirfd);
	if (keep) {
		r = tsm_entry_open_named(e, keep, true, &created);
		if (r < 0)
			r = entry_error(created ? "open" : "create or open", keep, r);
		else if ((r = tsm_entry_lock(e)) < 0)
			r = entry_error("lock", keep, r);
	} else {
		r = tsm_entry_make_private(e);
		if (r < 0)
			r = entry_error("create a private", NULL, r);
	}
	if (r == 0)
		r = tsm_caught() ? tsm_signal_exit() : attempt(e, rq, res, n, tries);
	if (tsm_entry_release(e) < 0 && r == 0)
		r = HK_EXIT_KERNEL;
	return r;
}

static int get_report(int dirfd, const char *keep, const struct tsm_request *rq, struct tsm_result *res, int retries,
		      const struct tsm_busy *busy)
{
	unsigned int delay = busy->backoff_ms;
	int r = CONFLICT, n = 1, b = 0, tries = retries + 1;
	struct tsm_entry e;

	while (n <= tries) {
		r = one_attempt(dirfd, keep, rq, res, &e, n, tries);
		if (r == BUSY && b < busy->retries) {
			hk_warn("provider %s is busy generating a report (%s): retrying in %u ms (busy retry %d of %d)",
				res->provider, strerror(busy_errno), delay, b + 1, busy->retries);
			b++;
			if ((r = busy_sleep(delay)))
				return r;
			delay = delay > BUSY_BACKOFF_MAX / 2 ? BUSY_BACKOFF_MAX : delay * 2;
			continue;
		}
		if (r == BUSY) {
			hk_err("cannot get a report: provider %s still failed with %s after %d busy retries (--busy-retries)",
			       res->provider, strerror(busy_errno), busy->retries);
			return busy_errno == ETIMEDOUT ? HK_EXIT_TIMEOUT : HK_EXIT_KERNEL;
		}
		if (r == TSM_WRAPPED && keep) {
			hk_err("cannot write report entry '%s': it refuses writes (EBUSY) until its report is read, as its write counter would wrap onto its read counter: use a new entry",
			       keep);
			return HK_EXIT_CONFLICT;
		}
		if (r == TSM_WRAPPED)
			hk_warn("private entry '%s' refuses writes (EBUSY: its write counter would wrap): trying a fresh entry (attempt %d of %d)",
				e.name, n, tries);
		else if (r != CONFLICT)
			return tsm_caught() ? tsm_signal_exit() : r;
		n++;
	}
	if (r == TSM_WRAPPED)
		hk_err("gave up after %d attempts: every fresh private entry refused writes (EBUSY)", tries);
	else
		hk_err("gave up after %d attempts: another writer kept changing report entry '%s'", tries,
		       keep ? keep : e.name);
	return HK_EXIT_CONFLICT;
}

/* Where a report goes, and how. */
struct report_out {
	const char *out, *aux, *manifest;	/* NULL: stdout, not wanted, not wanted */
	enum tsm_format fmt;
	bool verify;
};

/* The report in its format, and the other blobs, all written or none. */
static int write_report(const struct tsm_request *rq, const struct tsm_result *res, const char *keep,
			const struct report_out *o, int verified)
{
	struct tsm_output outs[3];
	char *text = NULL;
	size_t n = 0, text_len;
	int r;

	if (o->fmt >= TSM_FMT_EVIDENCE) {
		if ((r = tsm_report_encode(o->fmt, rq, res, &text, &text_len)))
			return r;
	} else if (tsm_report_render(o->fmt, rq, res, keep, verified, &text, &text_len) < 0) {
		hk_err("cannot format the report: out of memory");
		return HK_EXIT_IO;
	}
	if (o->aux)
		outs[n++] = (struct tsm_output){ o->aux, "auxblob", res->aux, res->aux_len };
	if (o->manifest)
		outs[n++] = (struct tsm_output){ o->manifest, "manifestblob", res->manifest, res->manifest_len };
	outs[n++] = o->fmt == TSM_FMT_RAW ? (struct tsm_output){ o->out, "report", res->out, res->out_len } :
					    (struct tsm_output){ o->out, "report", text, text_len };
	r = tsm_write_outputs(outs, n);
	free(text);
	return r;
}

/* The blobs, in static storage: a report touches the pages it fills and no
 * other (a heap buffer would fault in one more for the chunk after it). */
static uint8_t blobs[3][TSM_OUTBLOB_MAX];

/* Get one report and write it out: an exit code. */
static int report(const char *keep, const struct tsm_request *rq, int retries, const struct tsm_busy *busy,
		  const struct report_out *o)
{
	struct tsm_result res = { .provider = "", .privlevel = -1 };
	int dirfd = -1, verified = -1, code, r;

	res.out = blobs[0];
	res.aux = rq->want_aux ? blobs[1] : NULL;
	res.manifest = rq->want_manifest ? blobs[2] : NULL;
	if ((code = tsm_open_reports(&dirfd)))
		return code;
	tsm_signals_init();
	if ((code = get_report(dirfd, keep, rq, &res, retries, busy)))
		goto out;
	if (o->verify)
		code = tsm_report_verify(rq, &res, &verified);
	/* The raw report is the evidence: it is written even when verification fails. */
	r = write_report(rq, &res, keep, o, verified);
	if (r)
		code = r;
	if (tsm_caught())
		code = tsm_signal_exit();
out:
	close(dirfd);
	return code;
}

struct report_opts {
	struct tsm_nonce_opts nonce;
	bool pad;
	int privlevel;		/* -1: not given */
	const char *service_provider;
	const char *service_guid;
	int64_t manifest_version;	/* -1: not given */
	const char *keep;
	unsigned int retries;
	unsigned int busy_retries;
	unsigned int busy_backoff;
	const char *out;
	int format;		/* enum tsm_format, -1: not given */
	const char *aux;
	const char *manifest;
	bool verify;
};

/* In the order of enum tsm_format. */
static const char *const formats[] = { "raw", "hex", "base64", "json", TSM_EVIDENCE_FORMATS, NULL };

static int opt_service_provider(const struct hk_opt *o, const char *arg, void *dst)
{
	if (!*arg || strchr(arg, '\n'))
		return hk_opt_error(o, "it must be a non-empty name on one line");
	*(const char **)dst = arg;
	return 0;
}

static int opt_guid(const struct hk_opt *o, const char *arg, void *dst)
{
	uint8_t g[16];

	if (hk_guid_parse(arg, g) < 0)
		return hk_opt_error(o, "'%s' is not a GUID: expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", arg);
	*(const char **)dst = arg;
	return 0;
}

static const struct hk_opt report_options[] = {
	HK_OPT_GROUP("Nonce (exactly one):"),
	HK_OPT_INCLUDE(struct report_opts, nonce, tsm_nonce_options),
	HK_OPT_INCLUDE(struct report_opts, nonce, tsm_random_options),
	HK_OPT_GROUP("Entry options:"),
	HK_OPT_FLAG(struct report_opts, pad, "pad", '\0', "Zero-pad the nonce to 64 bytes (sev_guest and tdx_guest need 64)"),
	HK_OPT_INT(struct report_opts, privlevel, "privlevel", '\0', "N", 0, 3, NULL,
		   "Privilege level 0-3 (not below privlevel_floor)"),
	HK_OPT_PARSE(struct report_opts, service_provider, "service-provider", '\0', "NAME", opt_service_provider,
		     "Service provider (SVSM), e.g. svsm"),
	HK_OPT_PARSE(struct report_opts, service_guid, "service-guid", '\0', "GUID", opt_guid, "Service GUID"),
	HK_OPT_S64(struct report_opts, manifest_version, "service-manifest-version", '\0', "N", 0, UINT32_MAX, NULL,
		   "Service manifest version"),
	HK_OPT_STR(struct report_opts, keep, "keep", 'k', "NAME", "Use (or create) the named entry NAME, locked, and keep it"),
	HK_OPT_UINT(struct report_opts, retries, "retries", '\0', "N", 0, 100, NULL,
		    "Retries after a concurrent change (default 3)"),
	HK_OPT_UINT(struct report_opts, busy_retries, "busy-retries", '\0', "N", 0, 100, NULL,
		    "Retries after EBUSY or ETIMEDOUT from the provider (default 5)"),
	HK_OPT_UINT(struct report_opts, busy_backoff, "busy-backoff", '\0', "MS", 1, BUSY_BACKOFF_MAX, "milliseconds",
		    "First wait before a busy retry, doubled each time up to 10 s (default 100)"),
	HK_OPT_GROUP("Output options:"),
	HK_OPT_STR(struct report_opts, out, "out", 'o', "FILE", "Write the report to FILE atomically (default: stdout)"),
	HK_OPT_CHOICE(struct report_opts, format, "format", 'f', "FORMAT", formats,
		      "raw, hex, base64, json, veraison-json, veraison-cbor, cmw-json or cmw-cbor (default: raw, json on a terminal)"),
	HK_OPT_STR(struct report_opts, aux, "aux", '\0', "FILE", "Also read auxblob and write it to FILE"),
	HK_OPT_STR(struct report_opts, manifest, "manifest", '\0', "FILE", "Also read manifestblob and write it to FILE"),
	HK_OPT_FLAG(struct report_opts, verify, "verify", '\0', "Run the checks of tsmctl verify on the report (exit 1 if one fails)"),
	HK_OPT_END
};

static const struct report_opts report_defaults = {
	.privlevel = -1,
	.manifest_version = -1,
	.retries = DEFAULT_RETRIES,
	.busy_retries = DEFAULT_BUSY_RETRIES,
	.busy_backoff = DEFAULT_BUSY_BACKOFF,
	.format = -1,
};

static int cmd_report(const void *opts, int argc, const char *const *argv)
{
	const struct report_opts *o = opts;
	struct tsm_request rq = {
		.privlevel = o->privlevel,
		.service_provider = o->service_provider,
		.service_guid = o->service_guid,
		.want_aux = o->aux != NULL,
		.want_manifest = o->manifest != NULL,
	};
	struct report_out out = { o->out, o->aux, o->manifest,
				  isatty(STDOUT_FILENO) ? TSM_FMT_JSON : TSM_FMT_RAW, o->verify };
	struct tsm_busy busy;
	char smv[24];
	int code;

	(void)argc;
	(void)argv;
	if ((code = tsm_nonce_load(&o->nonce, rq.nonce, &rq.nonce_len, true)))
		return code;
	if (o->pad)
		rq.nonce_len = TSM_NONCE_MAX;	/* the buffer is zeroed */
	if (o->format >= 0)
		out.fmt = (enum tsm_format)o->format;
	else if (o->out)
		out.fmt = TSM_FMT_RAW;
	/* Refused before anything is written: Veraison's tsm-report has no
	 * manifestblob without service_provider (encode.c says where from). */
	if (out.fmt >= TSM_FMT_EVIDENCE && o->manifest && !o->service_provider)
		return hk_usage_error("report", "--format %s takes --manifest only with --service-provider: Veraison's tsm-report has no manifestblob without service_provider",
				      formats[out.fmt]);
	if (o->keep && (code = tsm_check_name(o->keep, false)))
		return code;
	/* In decimal: the kernel's kstrtouint(buf, 0) reads a leading 0 as octal. */
	if (o->manifest_version >= 0) {
		snprintf(smv, sizeof(smv), "%" PRId64, o->manifest_version);
		rq.manifest_version = smv;
	}
	busy.retries = (int)o->busy_retries;
	busy.backoff_ms = o->busy_backoff;
	return report(o->keep, &rq, (int)o->retries, &busy, &out);
}

const struct hk_cmd tsm_cmd_report = {
	.name = "report",
	.synopsis = "--nonce HEX|--nonce-base64 B64|--nonce-file FILE|--random-nonce [OPTIONS]",
	.help = "Get a report carrying a nonce from a private entry that is always removed",
	HK_CMD_OPTS(struct report_opts, report_options),
	.defaults = &report_defaults,
	.run = cmd_report,
	.man = "tsmctl-report",
};
