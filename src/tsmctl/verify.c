// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl verify: does a report carry the nonce in REPORT_DATA, at the offset
 * its provider's format puts it? Signatures are not checked. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/codec.h"
#include "hk/err.h"
#include "hk/io.h"
#include "hk/json.h"
#include "hk/tty.h"
#include "decode.h"
#include "jsonget.h"
#include "tsmctl.h"

/* A JSON report holds the outblob in base64, with room for the other members. */
#define FILE_MAX (4 * TSM_OUTBLOB_MAX + 65536)

#define LABEL_W 26

void tsm_print_decoded(const struct tsm_decoded *d, bool have_nonce, bool bound)
{
	char hex[HK_HEX_LEN(TSM_REPORT_DATA_LEN)];
	size_t i;

	hk_kv_str(stdout, LABEL_W, "Provider", d->provider);
	hk_kv(stdout, LABEL_W, "Format", "%s", d->format);
	for (i = 0; i < d->nfields; i++)
		hk_kv_str(stdout, LABEL_W, d->fields[i].label, d->fields[i].str);
	hk_hex_encode(d->report_data, TSM_REPORT_DATA_LEN, hex);
	hk_kv(stdout, LABEL_W, "Report data", "%s", hex);
	hk_kv(stdout, LABEL_W, "Report data offset", "0x%zx", d->report_data_off);
	hk_kv(stdout, LABEL_W, "Signature", "not checked (tsmctl checks where the nonce is, not who signed)");
	if (have_nonce)
		hk_kv(stdout, LABEL_W, "Nonce", "%s", bound ? "bound (REPORT_DATA equals the nonce, zero-padded)" :
		      "NOT bound (REPORT_DATA differs from the nonce)");
}

void tsm_json_decoded(struct hk_json *j, const struct tsm_decoded *d)
{
	char hex[HK_HEX_LEN(TSM_REPORT_DATA_LEN)];
	size_t i;

	hk_json_str(j, "provider", d->provider);
	hk_json_str(j, "format", d->format);
	hk_json_open(j, "fields");
	for (i = 0; i < d->nfields; i++) {
		if (d->fields[i].is_num)
			hk_json_uint(j, d->fields[i].key, d->fields[i].num);
		else
			hk_json_str(j, d->fields[i].key, d->fields[i].str);
	}
	hk_json_close(j);
	hk_json_uint(j, "report_data_offset", d->report_data_off);
	hk_hex_encode(d->report_data, TSM_REPORT_DATA_LEN, hex);
	hk_json_str(j, "report_data", hex);
	hk_json_bool(j, "signature_checked", false);
}

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

/* A `report --format json` file: take its provider and outblob. */
static int from_json(const char *path, uint8_t *file, size_t len, char **provider, uint8_t **blob, size_t *blob_len)
{
	char *b64 = NULL;
	int r;

	r = tsm_json_get_string((const char *)file, len, "provider", provider);
	if (r == 0)
		r = tsm_json_get_string((const char *)file, len, "outblob", &b64);
	if (r == -ENOMEM) {
		hk_err("cannot read report file '%s': out of memory", path);
		return HK_EXIT_IO;
	}
	if (r < 0)
		return hk_usage_error("verify", "report file '%s' starts like JSON but is not a valid JSON object with string members",
				      path);
	if (!b64)
		return hk_usage_error("verify", "JSON report file '%s' has no \"outblob\" member", path);
	*blob = malloc(strlen(b64) / 4 * 3 + 1);
	if (!*blob) {
		free(b64);
		hk_err("cannot read report file '%s': out of memory", path);
		return HK_EXIT_IO;
	}
	r = hk_base64_decode(b64, *blob, TSM_OUTBLOB_MAX, blob_len);
	free(b64);
	if (r < 0)
		return hk_usage_error("verify", "the \"outblob\" of JSON report file '%s' is not base64 of at most %d bytes",
				      path, TSM_OUTBLOB_MAX);
	return 0;
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
	if (r == 0)
		return 0;
	why = r == -ENOENT || r == -ENOTDIR ? "this system has no configfs-tsm" :
	      r == -ENXIO ? "no attestation provider is registered" :
	      r == -EACCES || r == -EPERM ? "configfs-tsm needs root" : strerror(-r);
	return hk_usage_error("verify", "cannot tell which provider's reports to expect (%s): give --provider NAME", why);
}

/* The file must be a report of the expected provider, by what it says of itself. */
static int check_claim(const char *path, const char *expected, const char *json_provider,
		       const uint8_t *report, size_t len)
{
	const char *seen = tsm_detect(report, len);

	if (json_provider && strcmp(json_provider, expected) != 0)
		return hk_usage_error("verify", "report file '%s' says provider '%s', but the expected provider is %s",
				      path, json_provider, expected);
	if (seen && strcmp(seen, expected) != 0)
		return hk_usage_error("verify", "report file '%s' has the header of a %s report, but the expected provider is %s",
				      path, seen, expected);
	return 0;
}

static void print_json(const struct tsm_decoded *d, const uint8_t *nonce, size_t nonce_len, bool bound)
{
	char hex[HK_HEX_LEN(TSM_NONCE_MAX)];
	struct hk_json j;

	hk_json_init(&j, stdout, true);
	hk_json_open(&j, NULL);
	tsm_json_decoded(&j, d);
	hk_hex_encode(nonce, nonce_len, hex);
	hk_json_str(&j, "nonce", hex);
	hk_json_bool(&j, "bound", bound);
	hk_json_close(&j);
	hk_json_end(&j);
}

/* Read the report file (raw, or tsmctl's JSON), check what it claims and
 * whether it carries the nonce, and print the answer unless quiet. */
static int verify_file(const char *path, const char *provider, const uint8_t *nonce, size_t nonce_len,
		       bool json, bool quiet)
{
	uint8_t *file = NULL, *blob = NULL, *report;
	char *json_provider = NULL;
	struct tsm_decoded d;
	size_t file_len, len, i = 0;
	bool bound;
	int r;

	if ((r = read_input(path, &file, &file_len)))
		goto out;
	report = file;
	len = file_len;
	while (i < file_len && (file[i] == ' ' || file[i] == '\t' || file[i] == '\n' || file[i] == '\r'))
		i++;
	if (i < file_len && file[i] == '{') {
		if ((r = from_json(path, file, file_len, &json_provider, &blob, &len)))
			goto out;
		report = blob;
	}
	if ((r = check_claim(path, provider, json_provider, report, len)))
		goto out;
	r = tsm_decode(provider, report, len, &d);
	if (r < 0) {
		if (r == -EOPNOTSUPP)
			hk_err("cannot verify '%s': %s", path, d.error);
		else
			hk_err("cannot verify '%s' as a %s report: %s", path, provider, d.error);
		r = HK_EXIT_USAGE;
		goto out;
	}
	bound = tsm_nonce_bound(&d, nonce, nonce_len);
	r = bound ? HK_EXIT_OK : HK_EXIT_NO;
	if (quiet)
		goto out;
	if (json)
		print_json(&d, nonce, nonce_len, bound);
	else
		tsm_print_decoded(&d, true, bound);
out:
	free(file);
	free(blob);
	free(json_provider);
	return r;
}

struct verify_opts {
	struct tsm_nonce_opts nonce;
	const char *provider;
	bool json;
	bool quiet;
};

static int opt_provider(const struct hk_opt *o, const char *arg, void *dst)
{
	if (!tsm_can_decode(arg))
		return hk_opt_error(o, "'%s' is unknown: expected mock_tsm, sev_guest or tdx_guest", arg);
	*(const char **)dst = arg;
	return 0;
}

static const struct hk_opt verify_options[] = {
	HK_OPT_PARSE(struct verify_opts, provider, "provider", 'p', "NAME", opt_provider,
		     "Expected provider: mock_tsm, sev_guest or tdx_guest (default: the running kernel's; mock_tsm only when named)"),
	HK_OPT_FLAG(struct verify_opts, json, "json", 'J', "Print a JSON object"),
	HK_OPT_FLAG(struct verify_opts, quiet, "quiet", 'q', "Print nothing; answer with the exit status"),
	HK_OPT_GROUP("Nonce (exactly one):"),
	HK_OPT_INCLUDE(struct verify_opts, nonce, tsm_nonce_options),
	HK_OPT_END
};

static int cmd_verify(const void *opts, int argc, const char *const *argv)
{
	const struct verify_opts *o = opts;
	uint8_t nonce[TSM_NONCE_MAX];
	const char *path = argv[0];
	char provider[64];
	size_t nonce_len;
	int code;

	(void)argc;
	if (strcmp(path, "-") == 0 && o->nonce.file && strcmp(o->nonce.file, "-") == 0)
		return hk_usage_error("verify", "the report and the nonce cannot both come from standard input");
	if ((code = tsm_nonce_load(&o->nonce, nonce, &nonce_len, true)))
		return code;
	if ((code = expected_provider(o->provider, provider, sizeof(provider))))
		return code;
	return verify_file(path, provider, nonce, nonce_len, o->json, o->quiet);
}

const struct hk_cmd tsm_cmd_verify = {
	.name = "verify",
	.synopsis = "--nonce HEX|--nonce-base64 B64|--nonce-file FILE [--provider NAME] [--json] FILE",
	.help = "Check that a report carries the nonce in REPORT_DATA",
	HK_CMD_OPTS(struct verify_opts, verify_options),
	.args = 1,
	.args_name = "report FILE",
	.run = cmd_verify,
	.man = "tsmctl-verify",
};
