// SPDX-License-Identifier: GPL-2.0-or-later
/* What tsmctl verify prints: the report's fields, each check with its
 * outcome and why, and the answer, as aligned lines or one JSON object. */
#include <stdio.h>
#include <string.h>

#include "hk/codec.h"
#include "hk/err.h"
#include "hk/json.h"
#include "hk/tty.h"
#include "nonce.h"
#include "verify.h"

#define LABEL_W 26

/* Is the nonce bound: a binding check passed and none failed? */
static bool bound(const struct ev_result *r)
{
	bool yes = false;
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (r->checks[i].kind != EV_BINDING)
			continue;
		if (r->checks[i].outcome != EV_PASS)
			return false;
		yes = true;
	}
	return yes;
}

struct sig_state {
	const char *word;	/* JSON */
	const char *text;	/* the Signature: line */
	bool checked;
};

/* The provider's words for its nonce and its signature's trust. */
static const struct ev_wording *words(const struct ev_input *in)
{
	const struct ev_provider *p = ev_provider_find(in->provider);

	return (p ? p : ev_providers)->words;
}

static struct sig_state sig_state(const struct ev_input *in, const struct ev_result *r, int code, char *buf,
				   size_t size)
{
	size_t i;

	if (!in->check_signature)
		return (struct sig_state){ "not_requested", "not checked (--no-signature)", false };
	if (r->unsigned_format)
		return (struct sig_state){ "unsigned", "unsigned (mock): this format carries no signature", false };
	for (i = 0; i < r->n; i++)
		if (r->checks[i].outcome == EV_FAIL && r->checks[i].kind >= EV_SIGNATURE &&
		    r->checks[i].kind <= EV_CLAIM)
			return (struct sig_state){ "invalid", "INVALID (a signature, certificate or claim check failed)",
						   true };
	if (code == HK_EXIT_OK) {
		snprintf(buf, size, "valid (%s)", words(in)->sig_valid);
		return (struct sig_state){ "valid", buf, true };
	}
	return (struct sig_state){ "unchecked", "NOT checked (see the skipped checks)", false };
}

/* One line: the answer and the check that decided it. */
static void result_line(const struct ev_input *in, const struct ev_result *r, int code, char *buf, size_t size)
{
	const struct ev_check *c = ev_deciding(r, in->check_signature);

	if (code == HK_EXIT_OK && (!in->check_signature || r->unsigned_format))
		snprintf(buf, size, "yes: the nonce is bound; %s", !in->check_signature ?
			 "the signature was not checked (--no-signature)" : "the report is unsigned test data");
	else if (code == HK_EXIT_OK)
		snprintf(buf, size, "yes: the nonce is bound and %s", words(in)->sig_result);
	else if (!c)
		snprintf(buf, size, "no: the nonce is not bound");
	else
		snprintf(buf, size, "%s: %s: %s", code == HK_EXIT_UNCHECKED ? "unchecked" : "no", c->id, c->detail);
}

static void print_decoded(const struct tsm_decoded *d)
{
	char hex[HK_HEX_LEN(TSM_REPORT_DATA_LEN)];
	size_t i;

	hk_kv(stdout, LABEL_W, "Format", "%s", d->format);
	for (i = 0; i < d->nfields; i++)
		hk_kv_str(stdout, LABEL_W, d->fields[i].label, d->fields[i].str);
	hk_hex_encode(d->report_data, TSM_REPORT_DATA_LEN, hex);
	hk_kv(stdout, LABEL_W, "Report data", "%s", hex);
	hk_kv(stdout, LABEL_W, "Report data offset", "0x%zx", d->report_data_off);
}

void tsm_verify_text(const struct verify_input *vi, const struct ev_input *in, const struct ev_result *r, int code)
{
	char line[EV_DETAIL_MAX + 128], sig[128];
	struct sig_state s = sig_state(in, r, code, sig, sizeof(sig));
	const char *field = words(in)->nonce_in;
	size_t i;

	hk_kv_str(stdout, LABEL_W, "Provider", in->provider);
	if (vi->decoded)
		print_decoded(&vi->d);
	hk_kv(stdout, LABEL_W, "Signature", "%s", s.text);
	if (bound(r))
		hk_kv(stdout, LABEL_W, "Nonce", "bound (%s equals the nonce, zero-padded)", field);
	else
		hk_kv(stdout, LABEL_W, "Nonce", "NOT bound (%s differs from the nonce)", field);
	printf("Checks:\n");
	for (i = 0; i < r->n; i++) {
		const struct ev_check *c = &r->checks[i];

		printf("  %-4s  %s (%s): ", ev_outcome_name(c->outcome), c->id, ev_kind_name(c->kind));
		hk_fputs_careful(c->detail, stdout);
		putchar('\n');
	}
	result_line(in, r, code, line, sizeof(line));
	hk_kv_str(stdout, LABEL_W, "Result", line);
}

static void json_decoded(struct hk_json *j, const struct tsm_decoded *d)
{
	char hex[HK_HEX_LEN(TSM_REPORT_DATA_LEN)];
	size_t i;

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
}

void tsm_verify_json(const struct verify_input *vi, const struct ev_input *in, const struct ev_result *r, int code)
{
	char hex[HK_HEX_LEN(TSM_NONCE_MAX)], line[EV_DETAIL_MAX + 128], sig[128];
	struct sig_state s = sig_state(in, r, code, sig, sizeof(sig));
	struct hk_json j;
	size_t i;

	hk_json_init(&j, stdout, true);
	hk_json_open(&j, NULL);
	hk_json_str(&j, "provider", in->provider);
	if (vi->decoded)
		json_decoded(&j, &vi->d);
	hk_hex_encode(in->nonce, in->nonce_len, hex);
	hk_json_str(&j, "nonce", hex);
	hk_json_bool(&j, "bound", bound(r));
	hk_json_str(&j, "signature", s.word);
	hk_json_bool(&j, "signature_checked", s.checked);
	hk_json_open_array(&j, "checks");
	for (i = 0; i < r->n; i++) {
		hk_json_open(&j, NULL);
		hk_json_str(&j, "id", r->checks[i].id);
		hk_json_str(&j, "kind", ev_kind_name(r->checks[i].kind));
		hk_json_str(&j, "outcome", ev_outcome_name(r->checks[i].outcome));
		hk_json_str(&j, "detail", r->checks[i].detail);
		hk_json_close(&j);
	}
	hk_json_close_array(&j);
	hk_json_int(&j, "exit", code);
	result_line(in, r, code, line, sizeof(line));
	hk_json_str(&j, "result", line);
	hk_json_close(&j);
	hk_json_end(&j);
}
