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
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/codec.h"
#include "hk/err.h"
#include "hk/io.h"
#include "hk/json.h"
#include "hk/parse.h"
#include "decode.h"
#include "report.h"

#define DEFAULT_RETRIES 3
#define CONFLICT (-1)

/* The kernel's guid_parse(): exactly 8-4-4-4-12 hex digits. */
static bool guid_valid(const char *s)
{
	static const char pattern[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	size_t i;

	if (strlen(s) != sizeof(pattern) - 1)
		return false;
	for (i = 0; pattern[i]; i++) {
		char c = s[i];

		if (pattern[i] == '-' ? c != '-' :
		    !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return false;
	}
	return true;
}

static int gen_error(const struct tsm_entry *e, int r)
{
	if (r == -EINTR && tsm_caught())
		return tsm_signal_exit();
	hk_err("cannot read the generation of entry '%s': %s", e->name, tsm_strerror(r));
	return tsm_exit_code(r);
}

/* A read of a blob, then the generation check that proves the blob is ours. */
static int read_checked(struct tsm_entry *e, const char *attr, uint8_t *buf, size_t *len,
			uint64_t want, const struct tsm_request *rq, const char *provider, int attempt, int tries)
{
	uint64_t gen;
	int r;

	r = tsm_read_blob(e->fd, attr, buf, TSM_OUTBLOB_MAX, len);
	if (r == -EINTR && tsm_caught())
		return tsm_signal_exit();
	if (r == -ENOENT && strcmp(attr, "outblob") != 0) {
		hk_err("cannot read %s of entry '%s': provider %s does not offer it", attr, e->name, provider);
		return HK_EXIT_UNSUPPORTED;
	}
	if (r == -EINVAL && rq->nonce_len < TSM_NONCE_MAX &&
	    (strcmp(provider, "sev_guest") == 0 || strcmp(provider, "tdx_guest") == 0)) {
		hk_err("cannot read %s of entry '%s': provider %s refused the request: %s (it needs a nonce of exactly 64 bytes: use --pad)",
		       attr, e->name, provider, strerror(EINVAL));
		return HK_EXIT_KERNEL;
	}
	if (r < 0) {
		hk_err("cannot read %s of entry '%s': provider %s failed: %s", attr, e->name, provider,
		       tsm_strerror(r));
		return tsm_exit_code(r) == HK_EXIT_UNSUPPORTED ? HK_EXIT_UNSUPPORTED :
		       tsm_exit_code(r) == HK_EXIT_PERM ? HK_EXIT_PERM : HK_EXIT_KERNEL;
	}
	r = tsm_read_generation(e->fd, &gen);
	if (r < 0) {
		return gen_error(e, r);
	}
	if (gen != want) {
		hk_warn("entry '%s' is at generation %" PRIu64 " after reading %s, expected %" PRIu64 ": another writer changed it (attempt %d of %d)",
			e->name, gen, attr, want, attempt, tries);
		return CONFLICT;
	}
	return 0;
}

static int attempt(struct tsm_entry *e, const struct tsm_request *rq, struct tsm_result *res, int n, int tries)
{
	uint64_t base, gen, writes = 0;
	int r;

	r = tsm_read_generation(e->fd, &base);
	if (r < 0) {
		return gen_error(e, r);
	}
	r = tsm_read_line(e->fd, "provider", res->provider, sizeof(res->provider));
	if (r == -EINTR && tsm_caught())
		return tsm_signal_exit();
	if (r < 0) {
		hk_err("cannot read the provider of entry '%s': %s", e->name, tsm_strerror(r));
		return tsm_exit_code(r);
	}
	r = tsm_write_options(e, rq, res, base, &writes);
	if (r)
		return r;
	if (tsm_caught())
		return tsm_signal_exit();

	/* Fail fast if somebody wrote between our writes. */
	r = tsm_read_generation(e->fd, &gen);
	if (r < 0) {
		return gen_error(e, r);
	}
	if (gen != base + writes) {
		hk_warn("entry '%s' is at generation %" PRIu64 " after %" PRIu64 " writes from %" PRIu64 ": another writer changed it (attempt %d of %d)",
			e->name, gen, writes, base, n, tries);
		return CONFLICT;
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
	return tsm_exit_code(r);
}

static int get_report(int dirfd, const char *keep, const struct tsm_request *rq, struct tsm_result *res, int retries)
{
	struct tsm_entry e;
	bool created;
	int r, n, tries = retries + 1;

	for (n = 1; n <= tries; n++) {
		tsm_entry_init(&e, dirfd);
		if (keep) {
			r = tsm_entry_open_named(&e, keep, true, &created);
			if (r < 0)
				r = entry_error(created ? "open" : "create or open", keep, r);
			else if ((r = tsm_entry_lock(&e)) < 0)
				r = entry_error("lock", keep, r);
		} else {
			r = tsm_entry_make_private(&e);
			if (r < 0)
				r = entry_error("create a private", NULL, r);
		}
		if (r == 0)
			r = tsm_caught() ? tsm_signal_exit() : attempt(&e, rq, res, n, tries);
		if (tsm_entry_release(&e) < 0 && r == 0)
			r = HK_EXIT_KERNEL;
		if (r != CONFLICT)
			return tsm_caught() ? tsm_signal_exit() : r;
	}
	hk_err("gave up after %d attempts: another writer kept changing report entry '%s'", tries,
	       keep ? keep : e.name);
	return HK_EXIT_CONFLICT;
}

/* Does the report carry the nonce? 0 (and *verified), or an exit code
 * after a message. */
static int verify_report(const struct tsm_request *rq, const struct tsm_result *res, int *verified)
{
	struct tsm_decoded dec;
	int r;

	r = tsm_decode(res->provider, res->out, res->out_len, &dec);
	if (r == -EOPNOTSUPP) {
		hk_err("cannot verify the report: %s", dec.error);
		return HK_EXIT_USAGE;
	}
	if (r < 0) {
		hk_err("cannot verify the report from provider %s: %s", res->provider, dec.error);
		return HK_EXIT_KERNEL;
	}
	*verified = tsm_nonce_bound(&dec, rq->nonce, rq->nonce_len);
	if (!*verified) {
		hk_err("the report from provider %s does not carry the nonce in REPORT_DATA (offset 0x%zx)",
		       res->provider, dec.report_data_off);
		return HK_EXIT_NO;
	}
	return 0;
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

	if (tsm_report_render(o->fmt, rq, res, keep, verified, &text, &text_len) < 0) {
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

/* Get one report and write it out: an exit code. */
static int report(const char *keep, const struct tsm_request *rq, int retries, const struct report_out *o)
{
	struct tsm_result res = { .provider = "", .privlevel = -1 };
	int dirfd = -1, verified = -1, code, r;

	res.out = malloc(TSM_OUTBLOB_MAX);
	res.aux = rq->want_aux ? malloc(TSM_OUTBLOB_MAX) : NULL;
	res.manifest = rq->want_manifest ? malloc(TSM_OUTBLOB_MAX) : NULL;
	if (!res.out || (rq->want_aux && !res.aux) || (rq->want_manifest && !res.manifest)) {
		hk_err("cannot allocate the report buffers: out of memory");
		code = HK_EXIT_IO;
		goto out;
	}
	if ((code = tsm_open_reports(&dirfd)))
		goto out;
	tsm_signals_init();
	if ((code = get_report(dirfd, keep, rq, &res, retries)))
		goto out;
	if (o->verify)
		code = verify_report(rq, &res, &verified);
	/* The raw report is the evidence: it is written even when verification fails. */
	r = write_report(rq, &res, keep, o, verified);
	if (r)
		code = r;
	if (tsm_caught())
		code = tsm_signal_exit();
out:
	if (dirfd >= 0)
		close(dirfd);
	free(res.out);
	free(res.aux);
	free(res.manifest);
	return code;
}

int cmd_report(int argc, const char **argv)
{
	char *out = NULL, *aux = NULL, *manifest = NULL, *format = NULL, *keep = NULL, *privlevel = NULL;
	char *sp = NULL, *guid = NULL, *smv = NULL, *retries_s = NULL;
	int verify = 0, pad = 0;
	struct poptOption nonce_opts[] = {
		{ NULL, '\0', POPT_ARG_INCLUDE_TABLE, tsm_nonce_poptions, 0, NULL, NULL },
		{ NULL, '\0', POPT_ARG_INCLUDE_TABLE, tsm_random_poptions, 0, NULL, NULL },
		POPT_TABLEEND
	};
	struct poptOption entry_opts[] = {
		{ "pad", '\0', POPT_ARG_NONE, &pad, 0, "Zero-pad the nonce to 64 bytes (sev_guest and tdx_guest need 64)", NULL },
		{ "privlevel", '\0', POPT_ARG_STRING, &privlevel, 0, "Privilege level 0-3 (not below privlevel_floor)", "N" },
		{ "service-provider", '\0', POPT_ARG_STRING, &sp, 0, "Service provider (SVSM), e.g. svsm", "NAME" },
		{ "service-guid", '\0', POPT_ARG_STRING, &guid, 0, "Service GUID", "GUID" },
		{ "service-manifest-version", '\0', POPT_ARG_STRING, &smv, 0, "Service manifest version", "N" },
		{ "keep", 'k', POPT_ARG_STRING, &keep, 0, "Use (or create) the named entry NAME, locked, and keep it", "NAME" },
		{ "retries", '\0', POPT_ARG_STRING, &retries_s, 0, "Retries after a concurrent change (default 3)", "N" },
		POPT_TABLEEND
	};
	struct poptOption out_opts[] = {
		{ "out", 'o', POPT_ARG_STRING, &out, 0, "Write the report to FILE atomically (default: stdout)", "FILE" },
		{ "format", 'f', POPT_ARG_STRING, &format, 0,
		  "raw, hex, base64 or json (default: raw, json on a terminal)", "FORMAT" },
		{ "aux", '\0', POPT_ARG_STRING, &aux, 0, "Also read auxblob and write it to FILE", "FILE" },
		{ "manifest", '\0', POPT_ARG_STRING, &manifest, 0, "Also read manifestblob and write it to FILE", "FILE" },
		{ "verify", '\0', POPT_ARG_NONE, &verify, 0, "Check that the report carries the nonce (exit 1 if not)", NULL },
		POPT_TABLEEND
	};
	struct poptOption opts[] = {
		{ NULL, '\0', POPT_ARG_INCLUDE_TABLE, nonce_opts, 0, "Nonce (exactly one):", NULL },
		{ NULL, '\0', POPT_ARG_INCLUDE_TABLE, entry_opts, 0, "Entry options:", NULL },
		{ NULL, '\0', POPT_ARG_INCLUDE_TABLE, out_opts, 0, "Output options:", NULL },
		HK_POPT_HELP,
		POPT_TABLEEND
	};
	struct hk_popt p = hk_popt_parse("report", opts, "--nonce HEX|--nonce-base64 B64|--nonce-file FILE|--random-nonce [OPTIONS]",
					 argc, argv);
	struct tsm_request rq = { .privlevel = -1 };
	enum tsm_format fmt = isatty(STDOUT_FILENO) ? TSM_FMT_JSON : TSM_FMT_RAW;
	unsigned int retries = DEFAULT_RETRIES, v;

	if (p.done)
		goto out;
	if ((p.code = tsm_no_args(p.ctx)))
		goto out;
	if ((p.code = tsm_nonce_load(rq.nonce, &rq.nonce_len, true)))
		goto out;
	if (pad)
		rq.nonce_len = TSM_NONCE_MAX;	/* the buffer is zeroed */
	if (format) {
		if (strcmp(format, "raw") == 0)
			fmt = TSM_FMT_RAW;
		else if (strcmp(format, "hex") == 0)
			fmt = TSM_FMT_HEX;
		else if (strcmp(format, "base64") == 0)
			fmt = TSM_FMT_BASE64;
		else if (strcmp(format, "json") == 0)
			fmt = TSM_FMT_JSON;
		else {
			p.code = hk_usage_error("report", "invalid format '%s': expected raw, hex, base64 or json", format);
			goto out;
		}
	} else if (out) {
		fmt = TSM_FMT_RAW;
	}
	if (privlevel) {
		if (hk_parse_uint(privlevel, 0, 3, &v) < 0) {
			p.code = hk_usage_error("report", "invalid privlevel '%s': expected 0 to 3", privlevel);
			goto out;
		}
		rq.privlevel = (int)v;
	}
	if (guid && !guid_valid(guid)) {
		p.code = hk_usage_error("report", "invalid service GUID '%s': expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", guid);
		goto out;
	}
	if (sp && (!*sp || strchr(sp, '\n'))) {
		p.code = hk_usage_error("report", "invalid service provider: it must be a non-empty name on one line");
		goto out;
	}
	if (smv && hk_parse_uint(smv, 0, UINT32_MAX, &v) < 0) {
		p.code = hk_usage_error("report", "invalid service manifest version '%s': expected 0 to %u", smv, UINT32_MAX);
		goto out;
	}
	if (retries_s && hk_parse_uint(retries_s, 0, 100, &retries) < 0) {
		p.code = hk_usage_error("report", "invalid retries '%s': expected 0 to 100", retries_s);
		goto out;
	}
	if (keep && (p.code = tsm_check_name(keep, false)))
		goto out;
	rq.service_provider = sp;
	rq.service_guid = guid;
	rq.manifest_version = smv;
	rq.want_aux = aux != NULL;
	rq.want_manifest = manifest != NULL;

	p.code = report(keep, &rq, (int)retries, &(struct report_out){ out, aux, manifest, fmt, verify });
out:
	free(out);
	free(aux);
	free(manifest);
	free(format);
	free(keep);
	free(privlevel);
	free(sp);
	free(guid);
	free(smv);
	free(retries_s);
	tsm_nonce_opts_free();
	poptFreeContext(p.ctx);
	return p.code;
}
