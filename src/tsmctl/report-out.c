// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl report's outputs: the report in its format, and the set of files
 * (--out, --aux, --manifest) written all or nothing. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hk/codec.h"
#include "hk/err.h"
#include "hk/json.h"
#include "hk/outfile.h"
#include "report.h"

#define MAX_OUTPUTS 3

static void json_b64(struct hk_json *j, const char *key, const uint8_t *buf, size_t len)
{
	char *s = malloc(HK_BASE64_LEN(len));

	if (!s) {
		hk_json_null(j, key);
		return;
	}
	hk_base64_encode(buf, len, s);
	hk_json_str(j, key, s);
	free(s);
}

static int render_json(const struct tsm_request *rq, const struct tsm_result *res, const char *keep,
		       int verified, char **buf, size_t *len)
{
	struct hk_json j;
	FILE *f = open_memstream(buf, len);

	if (!f)
		return -ENOMEM;
	hk_json_init(&j, f, true);
	hk_json_open(&j, NULL);
	hk_json_str(&j, "provider", res->provider);
	hk_json_uint(&j, "generation", res->generation);
	if (res->privlevel >= 0)
		hk_json_int(&j, "privlevel", res->privlevel);
	else
		hk_json_null(&j, "privlevel");
	hk_json_str(&j, "entry", keep);
	json_b64(&j, "nonce", rq->nonce, rq->nonce_len);
	json_b64(&j, "outblob", res->out, res->out_len);
	if (rq->want_aux)
		json_b64(&j, "auxblob", res->aux, res->aux_len);
	if (rq->want_manifest)
		json_b64(&j, "manifestblob", res->manifest, res->manifest_len);
	if (verified >= 0)
		hk_json_bool(&j, "verified", verified);
	hk_json_close(&j);
	hk_json_end(&j);
	if (ferror(f) | fclose(f))
		return -ENOMEM;
	return 0;
}

int tsm_report_render(enum tsm_format fmt, const struct tsm_request *rq, const struct tsm_result *res,
		      const char *keep, int verified, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	switch (fmt) {
	case TSM_FMT_RAW:
		return 0;
	case TSM_FMT_JSON:
		return render_json(rq, res, keep, verified, buf, len);
	case TSM_FMT_HEX:
		*buf = malloc(HK_HEX_LEN(res->out_len) + 1);
		if (!*buf)
			return -ENOMEM;
		hk_hex_encode(res->out, res->out_len, *buf);
		break;
	case TSM_FMT_BASE64:
		*buf = malloc(HK_BASE64_LEN(res->out_len) + 1);
		if (!*buf)
			return -ENOMEM;
		hk_base64_encode(res->out, res->out_len, *buf);
		break;
	default:
		return -EINVAL;	/* the evidence formats: tsm_report_encode() */
	}
	*len = strlen(*buf);
	(*buf)[(*len)++] = '\n';
	return 0;
}

static mode_t file_mode(void)
{
	mode_t m = umask(0);

	umask(m);
	return 0666 & ~m;
}

static int exit_for(int r)
{
	switch (-r) {
	case EACCES:
	case EPERM:
		return HK_EXIT_PERM;
	case ELOOP:
	case EISDIR:
	case EINVAL:
		return HK_EXIT_USAGE;
	default:
		return HK_EXIT_IO;
	}
}

static const char *target(const struct tsm_output *out, char *buf, size_t size)
{
	if (!out->path)
		return "standard output";
	snprintf(buf, size, "'%s'", out->path);
	return buf;
}

/* What the set left behind after output f failed at commit, as one clause. */
static void remains(const struct tsm_output *outs, struct hk_out *o, size_t n, size_t f,
		    char *buf, size_t size)
{
	char t[PATH_MAX + 3];
	size_t i, used = 0;

	buf[0] = 0;
	for (i = 0; i < n; i++) {
		if (i == f || o[i].state != HK_OUT_WRITTEN || used >= size)
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s %s", used ? "; " : " (",
					 o[i].stream ? "already written to" : "already replaced:",
					 target(&outs[i], t, sizeof(t)));
		if (used < size && !o[i].stream)
			used += (size_t)snprintf(buf + used, size - used, " holds the new %s", outs[i].what);
	}
	if (used && used < size)
		snprintf(buf + used, size - used, "; nothing else was changed)");
	else if (!used && !o[f].stream)
		snprintf(buf, size, " (nothing was written)");
}

static HK_COLD int commit_failed(const struct tsm_output *outs, struct hk_out *o, size_t n, size_t f, int r)
{
	char t[PATH_MAX + 3], rest[3 * PATH_MAX];

	if (o[f].state == HK_OUT_NOT_DURABLE) {
		hk_err("the %s was written to %s, but syncing its directory failed: %s (it may not survive a crash)",
		       outs[f].what, target(&outs[f], t, sizeof(t)), strerror(-r));
		return HK_EXIT_IO;
	}
	remains(outs, o, n, f, rest, sizeof(rest));
	hk_err("cannot write the %s to %s: %s%s", outs[f].what, target(&outs[f], t, sizeof(t)),
	       hk_out_strerror(&o[f], r), rest);
	return exit_for(r);
}

static int commit(const struct tsm_output *outs, struct hk_out *o, size_t n)
{
	struct hk_out *set[MAX_OUTPUTS];
	size_t i, f = 0;
	int r;

	for (i = 0; i < n; i++)
		set[i] = &o[i];
	r = hk_out_commit(set, n, &f);
	return r ? commit_failed(outs, o, n, f, r) : 0;
}

static HK_COLD int stage_failed(const struct tsm_output *out, struct hk_out *o, int r)
{
	char t[PATH_MAX + 3];

	hk_err("cannot write the %s to %s: %s (nothing was written)", out->what, target(out, t, sizeof(t)),
	       hk_out_strerror(o, r));
	return exit_for(r);
}

int tsm_write_outputs(const struct tsm_output *outs, size_t n)
{
	struct hk_out o[MAX_OUTPUTS];
	size_t i, opened = 0;
	int r = 0, code;

	if (n > MAX_OUTPUTS)
		return HK_EXIT_USAGE;
	for (i = 0; i < n; i++, opened++) {
		if (!outs[i].path)
			hk_out_fd(&o[i], STDOUT_FILENO, "standard output");
		else if ((r = hk_out_open(&o[i], AT_FDCWD, outs[i].path, file_mode())) < 0)
			break;
		r = hk_out_stage(&o[i], outs[i].buf, outs[i].len);
		if (r < 0) {
			opened++;
			break;
		}
	}
	code = r < 0 ? stage_failed(&outs[i], &o[i], r) : commit(outs, o, n);
	for (i = 0; i < opened; i++)
		hk_out_close(&o[i]);
	return code;
}
