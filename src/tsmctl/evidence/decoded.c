// SPDX-License-Identifier: GPL-2.0-or-later
/* The checks every decodable format shares (evidence.h): its layout, and
 * REPORT_DATA against the nonce; and the verifiers of the formats without a
 * signature tsmctl can check: mock_tsm (unsigned) and any provider whose
 * verifier is not written yet. */
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "evidence.h"

bool ev_decode(const struct ev_input *in, struct ev_result *r, const char *id, struct tsm_decoded *d)
{
	if (tsm_decode(in->provider, in->outblob, in->outblob_len, d) < 0) {
		ev_add(r, id, EV_FORMAT, EV_FAIL, "%s", d->error);
		return false;
	}
	ev_add(r, id, EV_FORMAT, EV_PASS, "%s, %zu bytes", d->format, in->outblob_len);
	return true;
}

/* The mock's digest is part of its format: decode.c checks it, with
 * libcrypto's SHA-256 in this helper (sha256-ossl.c). */
int ev_verify_mock(const struct ev_input *in, struct ev_result *r)
{
	struct tsm_decoded d;

	r->unsigned_format = true;
	if (!ev_decode(in, r, "mock.format", &d))
		return 0;
	ev_add(r, "mock.digest", EV_FORMAT, EV_PASS, "the SHA-256 of bytes 0 to %zu matches the digest at the end",
	       in->outblob_len - 33);
	ev_bind_report_data(r, "mock.nonce", d.report_data, TSM_REPORT_DATA_LEN, in->nonce, in->nonce_len);
	ev_add(r, "mock.signature", EV_SIGNATURE, EV_SKIP, in->check_signature ?
	       "unsigned (mock): mock_tsm reports carry no signature" : "not checked (--no-signature)");
	return 0;
}

int ev_verify_decoded(const struct ev_input *in, struct ev_result *r)
{
	struct tsm_decoded d;

	if (!ev_decode(in, r, "report.format", &d))
		return 0;
	ev_bind_report_data(r, "report.nonce", d.report_data, TSM_REPORT_DATA_LEN, in->nonce, in->nonce_len);
	ev_add(r, "report.signature", EV_SIGNATURE, EV_SKIP, in->check_signature ?
	       "tsmctl cannot check the signature of %s reports yet" : "not checked (--no-signature)", in->provider);
	return 0;
}
