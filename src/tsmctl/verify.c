// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl verify, in the helper tsmctl-evidence: read a report (raw, or
 * tsmctl's JSON), make sure it is a report of the expected provider, run
 * that provider's checks (evidence/) and answer from them (ev_answer()). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/codec.h"
#include "hk/err.h"
#include "hk/io.h"
#include "decode.h"
#include "evidence/evidence.h"
#include "jsonget.h"
#include "tsmctl.h"
#include "verify.h"

/* A JSON report holds the outblob (and auxblob) in base64, with room for the other members. */
#define FILE_MAX (8 * TSM_OUTBLOB_MAX + 65536)

static int read_input(const char *path, uint8_t **buf, size_t *len)
{
	int fd, r;

	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		r = errno;
		hk_err("cannot read report file '%s': %s", path, strerror(r));
		return r == ENOENT || r == ENOTDIR ? HK_EXIT_NOTFOUND :
		       r == EACCES || r == EPERM ? HK_EXIT_PERM : HK_EXIT_IO;
	}
	r = hk_read_fd_alloc(fd, FILE_MAX, buf, len);
	if (fd != STDIN_FILENO)
		close(fd);
	if (r == -EFBIG)
		return hk_usage_error("verify", "report file '%s' is larger than any report (%d bytes)", path, FILE_MAX);
	if (r < 0) {
		hk_err("cannot read report file '%s': %s", path, strerror(-r));
		return r == -EISDIR ? HK_EXIT_USAGE : HK_EXIT_IO;
	}
	if (*len == 0) {
		free(*buf);
		*buf = NULL;
		return hk_usage_error("verify", "report file '%s' is empty", path);
	}
	return 0;
}

/* A string member of a JSON report (*out NULL when absent): 0 or an exit code. */
static int json_str(const char *path, const uint8_t *file, size_t len, const char *key, char **out)
{
	int r = tsm_json_get_string((const char *)file, len, key, out);

	if (r == -ENOMEM) {
		hk_err("cannot read report file '%s': out of memory", path);
		return HK_EXIT_IO;
	}
	if (r < 0)
		return hk_usage_error("verify", "report file '%s' starts like JSON but is not a valid JSON object with string members",
				      path);
	return 0;
}

/* A base64 member of a JSON report into *out (NULL when absent). */
static int json_blob(const char *path, const uint8_t *file, size_t len, const char *key, uint8_t **out,
		     size_t *out_len)
{
	char *b64 = NULL;
	int r;

	if ((r = json_str(path, file, len, key, &b64)) || !b64)
		return r;
	*out = malloc(strlen(b64) / 4 * 3 + 1);
	if (!*out) {
		free(b64);
		hk_err("cannot read report file '%s': out of memory", path);
		return HK_EXIT_IO;
	}
	r = hk_base64_decode(b64, *out, TSM_OUTBLOB_MAX, out_len);
	free(b64);
	if (r < 0)
		return hk_usage_error("verify", "the \"%s\" of JSON report file '%s' is not base64 of at most %d bytes",
				      key, path, TSM_OUTBLOB_MAX);
	return 0;
}

/* A `report --format json` file: its provider, outblob and auxblob. */
static int from_json(const char *path, struct verify_input *vi)
{
	int r;

	if ((r = json_str(path, vi->file, vi->file_len, "provider", &vi->json_provider)))
		return r;
	if ((r = json_blob(path, vi->file, vi->file_len, "outblob", &vi->blob, &vi->len)))
		return r;
	if (!vi->blob)
		return hk_usage_error("verify", "JSON report file '%s' has no \"outblob\" member", path);
	vi->report = vi->blob;
	return json_blob(path, vi->file, vi->file_len, "auxblob", &vi->aux, &vi->aux_len);
}

/* The provider whose reports to expect: the one named, else the running
 * kernel's. The file never chooses: a forged document naming mock_tsm would
 * otherwise pass on any host. Unsigned mock reports only when named. */
static int expected_provider(const char *named, char *buf, size_t size)
{
	const char *why;
	int r;

	if (named) {
		snprintf(buf, size, "%s", named);
		return 0;
	}
	r = tsm_registered_provider(buf, size);
	if (r == -EINTR && tsm_caught())
		return tsm_signal_exit();
	if (r == 0 && strcmp(buf, "mock_tsm") == 0)
		return hk_usage_error("verify", "the running kernel's provider is mock_tsm, whose reports are unsigned test data: they are accepted only with --provider mock_tsm");
	if (r == 0 && !ev_provider_find(buf))
		return hk_usage_error("verify", "the running kernel's provider is %s, whose reports tsmctl cannot verify", buf);
	if (r == 0)
		return 0;
	why = r == -ENOENT || r == -ENOTDIR ? "this system has no configfs-tsm" :
	      r == -ENXIO ? "no attestation provider is registered" :
	      r == -EACCES || r == -EPERM ? "configfs-tsm needs root" : strerror(-r);
	return hk_usage_error("verify", "cannot tell which provider's reports to expect (%s): give --provider NAME", why);
}

/* The file must be a report of the expected provider, by what it says of itself. */
static int check_claim(const char *path, const char *expected, const struct verify_input *vi)
{
	const char *seen = tsm_detect(vi->report, vi->len);

	if (vi->json_provider && strcmp(vi->json_provider, expected) != 0)
		return hk_usage_error("verify", "report file '%s' says provider '%s', but the expected provider is %s",
				      path, vi->json_provider, expected);
	if (seen && strcmp(seen, expected) != 0)
		return hk_usage_error("verify", "report file '%s' has the header of a %s report, but the expected provider is %s",
				      path, seen, expected);
	return 0;
}

/* Read the report file and what it claims; decode it where tsmctl knows the
 * format (an error there is exit 2 with the decoder's reason). */
static int load(const char *path, const char *provider, struct verify_input *vi)
{
	size_t i = 0;
	int r;

	if ((r = read_input(path, &vi->file, &vi->file_len)))
		return r;
	vi->report = vi->file;
	vi->len = vi->file_len;
	while (i < vi->file_len && (vi->file[i] == ' ' || vi->file[i] == '\t' || vi->file[i] == '\n' ||
				    vi->file[i] == '\r'))
		i++;
	if (i < vi->file_len && vi->file[i] == '{' && (r = from_json(path, vi)))
		return r;
	if ((r = check_claim(path, provider, vi)))
		return r;
	if (!tsm_can_decode(provider))
		return 0;
	r = tsm_decode(provider, vi->report, vi->len, &vi->d);
	if (r < 0) {
		hk_err("cannot verify '%s' as a %s report: %s", path, provider, vi->d.error);
		return HK_EXIT_USAGE;
	}
	vi->decoded = true;
	return 0;
}

static void unload(struct verify_input *vi)
{
	free(vi->file);
	free(vi->blob);
	free(vi->aux);
	free(vi->json_provider);
}

static int verify_file(const char *path, struct ev_input *in, bool json, bool quiet)
{
	struct verify_input vi = { 0 };
	const struct ev_check *c;
	struct ev_result *res;
	int r;

	res = calloc(1, sizeof(*res));
	if (!res) {
		hk_err("cannot verify '%s': %s", path, strerror(ENOMEM));
		return HK_EXIT_IO;
	}
	if ((r = load(path, in->provider, &vi)))
		goto out;
	in->outblob = vi.report;
	in->outblob_len = vi.len;
	in->auxblob = vi.aux;
	in->auxblob_len = vi.aux_len;
	r = ev_provider_find(in->provider)->verify(in, res);
	if (r < 0) {
		hk_err("cannot verify '%s': %s", path, res->error[0] ? res->error : strerror(-r));
		r = r == -ENOMEM ? HK_EXIT_IO : r == -EINVAL || r == -EISDIR || r == -EFBIG ? HK_EXIT_USAGE :
		    r == -ENOENT || r == -ENOTDIR ? HK_EXIT_NOTFOUND : r == -EACCES || r == -EPERM ? HK_EXIT_PERM : HK_EXIT_IO;
		goto out;
	}
	r = ev_answer(res, in->check_signature);
	c = ev_deciding(res, in->check_signature);
	if (r == HK_EXIT_USAGE) {
		hk_err("cannot verify '%s' as a %s report: %s: %s", path, in->provider, c->id, c->detail);
		goto out;
	}
	if (quiet)
		goto out;
	if (json)
		tsm_verify_json(&vi, in, res, r);
	else
		tsm_verify_text(&vi, in, res, r);
out:
	unload(&vi);
	free(res);
	return r;
}

static int opt_provider(const struct hk_opt *o, const char *arg, void *dst)
{
	const struct ev_provider *p;
	char list[160] = "";
	size_t len = 0;

	if (ev_provider_find(arg)) {
		*(const char **)dst = arg;
		return 0;
	}
	for (p = ev_providers; p->name && len < sizeof(list); p++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
					p == ev_providers ? "" : p[1].name ? ", " : " or ", p->name);
	return hk_opt_error(o, "'%s' is unknown: expected %s", arg, list);
}

/* A repeatable FILE option: each path copied into the list's own pool (popt
 * frees the argument of a repeated option). */
static int opt_file_list(const struct hk_opt *o, const char *arg, void *dst)
{
	struct tsm_file_list *l = dst;
	size_t n = strlen(arg) + 1;

	if (l->n >= TSM_FILES_MAX || n > sizeof(l->pool) - l->used)
		return hk_opt_error(o, "too many files: at most %d, of %zu bytes of names in all", TSM_FILES_MAX,
				    sizeof(l->pool));
	memcpy(l->pool + l->used, arg, n);
	l->v[l->n++] = l->pool + l->used;
	l->used += n;
	return 0;
}

/* --at: seconds since the epoch, or an ISO 8601 UTC time. */
static int opt_at(const struct hk_opt *o, const char *arg, void *dst)
{
	struct tsm_time *t = dst;
	struct tm tm = { 0 };
	const char *end;
	long long v;
	char *e;

	if (*arg == '@') {
		errno = 0;
		v = strtoll(arg + 1, &e, 10);
		if (errno || e == arg + 1 || *e || v < 0)
			return hk_opt_error(o, "'%s' is not @SECONDS since the epoch", arg);
		t->t = (time_t)v;
		t->set = true;
		return 0;
	}
	end = strptime(arg, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end)
		return hk_opt_error(o, "'%s' is not a time: expected YYYY-MM-DDTHH:MM:SSZ or @SECONDS", arg);
	t->t = timegm(&tm);
	t->set = true;
	return 0;
}

struct verify_opts {
	struct tsm_nonce_opts nonce;
	const char *provider;
	bool json;
	bool quiet;
	bool no_signature;
	const char *certs;
	struct tsm_file_list anchors;
	struct tsm_file_list crls;
	const char *tcb_info;
	const char *qe_identity;
	const char *cpak;
	struct tsm_time at;
};

static const struct hk_opt verify_options[] = {
	HK_OPT_PARSE(struct verify_opts, provider, "provider", 'p', "NAME", opt_provider,
		     "Expected provider: mock_tsm, sev_guest, tdx_guest, ... (default: the running kernel's; mock_tsm only when named)"),
	HK_OPT_FLAG(struct verify_opts, json, "json", 'J', "Print a JSON object"),
	HK_OPT_FLAG(struct verify_opts, quiet, "quiet", 'q', "Print nothing; answer with the exit status"),
	HK_OPT_GROUP("Nonce (exactly one):"),
	HK_OPT_INCLUDE(struct verify_opts, nonce, tsm_nonce_options),
	HK_OPT_GROUP("Signature:"),
	HK_OPT_FLAG(struct verify_opts, no_signature, "no-signature", '\0',
		    "Check only the nonce binding, not who signed the report"),
	HK_OPT_STR(struct verify_opts, certs, "certs", '\0', "FILE",
		   "The certificates (SEV-SNP: a certificate table or PEM) instead of the report's own"),
	HK_OPT_PARSE(struct verify_opts, anchors, "trust-anchor", '\0', "FILE", opt_file_list,
		     "Trust this root certificate (PEM) instead of the pinned ones; repeatable"),
	HK_OPT_PARSE(struct verify_opts, crls, "crl", '\0', "FILE", opt_file_list,
		     "Check revocation against this CRL (PEM or DER); repeatable"),
	HK_OPT_STR(struct verify_opts, tcb_info, "tcb-info", '\0', "FILE", "TDX: Intel TCB info JSON"),
	HK_OPT_STR(struct verify_opts, qe_identity, "qe-identity", '\0', "FILE", "TDX: Intel QE identity JSON"),
	HK_OPT_STR(struct verify_opts, cpak, "cpak", '\0', "FILE", "Arm CCA: the platform attestation key (PEM)"),
	HK_OPT_PARSE(struct verify_opts, at, "at", '\0', "TIME", opt_at,
		     "Judge certificates valid at TIME (YYYY-MM-DDTHH:MM:SSZ or @SECONDS; default: now)"),
	HK_OPT_END
};

static int cmd_verify(const void *opts, int argc, const char *const *argv)
{
	const struct verify_opts *o = opts;
	uint8_t nonce[TSM_NONCE_MAX];
	const char *path = argv[0];
	char provider[64];
	struct ev_input in = { 0 };
	size_t nonce_len;
	int code;

	(void)argc;
	if (strcmp(path, "-") == 0 && o->nonce.file && strcmp(o->nonce.file, "-") == 0)
		return hk_usage_error("verify", "the report and the nonce cannot both come from standard input");
	if ((code = tsm_nonce_load(&o->nonce, nonce, &nonce_len, true)))
		return code;
	if ((code = expected_provider(o->provider, provider, sizeof(provider))))
		return code;
	in.provider = provider;
	in.nonce = nonce;
	in.nonce_len = nonce_len;
	in.check_signature = !o->no_signature;
	in.anchors = o->anchors.v;
	in.nanchors = o->anchors.n;
	in.certs = o->certs;
	in.crls = o->crls.v;
	in.ncrls = o->crls.n;
	in.tcb_info = o->tcb_info;
	in.qe_identity = o->qe_identity;
	in.cpak = o->cpak;
	in.now = o->at.set ? o->at.t : time(NULL);
	return verify_file(path, &in, o->json, o->quiet);
}

const struct hk_cmd tsm_cmd_verify = {
	TSM_CMD_VERIFY,
	HK_CMD_OPTS(struct verify_opts, verify_options),
	.args = 1,
	.args_name = "report FILE",
	.run = cmd_verify,
};
