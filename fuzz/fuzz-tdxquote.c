// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: what tsmctl verify reads of a TDX quote and its collateral.
 * Byte 0 even: the quote parser (src/tsmctl/evidence/tdx-quote.c) on the
 * rest, in a buffer of its exact size. Checked: 0 with every field inside
 * the buffer, in order, of its fixed size, the parts adding up to the whole
 * input; or -EINVAL with a reason. Byte 0 odd: the collateral JSON walker
 * (tdx-json.c) on a document jsonget.c accepts, as tdx-collateral.c walks
 * it. Checked: every span it returns lies inside the document. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/tdx-json.h"
#include "evidence/tdx-quote.h"
#include "jsonget.h"

static void inside(const void *base, size_t len, const void *ptr, size_t n)
{
	const uint8_t *buf = base, *p = ptr;

	if (!p || p < buf || n > len || (size_t)(p - buf) > len - n)
		abort();
}

static void quote(const uint8_t *buf, size_t size)
{
	const char *why = NULL;
	struct tdx_quote q;
	int rc = tdx_quote_parse(buf, size, &q, &why);

	if (rc) {
		if (rc != -EINVAL || !why || !*why)
			abort();
		return;
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
}

/* Walk members and elements two levels down, as the collateral checks do. */
static void walk(struct tj v, const char *doc, size_t len, int depth)
{
	static const char *const keys[] = { "tcbInfo", "tcbLevels", "tcb", "svn", "id", "fmspc" };
	unsigned long x;
	char s[16];
	struct tj m;
	size_t i;

	inside(doc, len, v.p, v.n);
	(void)tj_str(v, s, sizeof(s));
	(void)tj_uint(v, 65535, &x);
	if (depth > 2)
		return;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (tj_member(v, keys[i], &m))
			walk(m, doc, len, depth + 1);
	for (i = 0; i < 4 && tj_index(v, i, &m); i++)
		walk(m, doc, len, depth + 1);
}

static void json(const uint8_t *buf, size_t size)
{
	const char *doc = (const char *)buf, *end = tj_skip(doc, doc + size);
	char *sig = NULL;

	if (!end)
		return;
	inside(doc, size, doc, (size_t)(end - doc));
	if (tsm_json_get_string(doc, (size_t)(end - doc), "signature", &sig) == 0)
		walk((struct tj){ doc, (size_t)(end - doc) }, doc, size, 0);
	free(sig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf;

	if (!size)
		return 0;
	buf = malloc(size);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	if (data[0] & 1)
		json(buf, size - 1);
	else
		quote(buf, size - 1);
	free(buf);
	return 0;
}
