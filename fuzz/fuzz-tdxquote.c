// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: the TDX quote parser (src/tsmctl/evidence/tdx-quote.c), on a
 * buffer of the input's exact size. Checked: 0 with every field inside the
 * buffer, in order, of its fixed size, and the parts adding up to the whole
 * input; or -EINVAL with a reason. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/tdx-quote.h"

static void inside(const uint8_t *buf, size_t len, const uint8_t *p, size_t n)
{
	if (!p || p < buf || n > len || (size_t)(p - buf) > len - n)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(size ? size : 1);
	const char *why = NULL;
	struct tdx_quote q;
	int rc;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	rc = tdx_quote_parse(buf, size, &q, &why);
	if (rc) {
		if (rc != -EINVAL || !why || !*why)
			abort();
		free(buf);
		return 0;
	}
	if (q.version != 4 && q.version != 5)
		abort();
	if (q.body_len != (q.body_type == TDX_BODY_TYPE_TD15 ? TDX_BODY15_LEN : TDX_BODY10_LEN))
		abort();
	inside(buf, size, q.body, q.body_len);
	inside(buf, size, q.signed_data, q.signed_len);
	if (q.signed_data != buf || q.body + q.body_len != buf + q.signed_len)
		abort();
	inside(buf, size, q.sig, TDX_ECDSA_SIG_LEN);
	inside(buf, size, q.att_key, TDX_ECDSA_KEY_LEN);
	inside(buf, size, q.qe_report, TDX_QE_REPORT_LEN);
	inside(buf, size, q.qe_report_sig, TDX_ECDSA_SIG_LEN);
	inside(buf, size, q.qe_auth, q.qe_auth_len);
	inside(buf, size, q.certs, q.certs_len);
	/* signed part, length, signature, key, type and size, QE report, its
	 * signature, auth size and data, nested type and size, certs: all of it */
	if (q.signed_len + 4 + 64 + 64 + 6 + 384 + 64 + 2 + q.qe_auth_len + 6 + q.certs_len != size)
		abort();
	if (q.certs + q.certs_len != buf + size)
		abort();
	free(buf);
	return 0;
}
