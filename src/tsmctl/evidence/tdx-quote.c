// SPDX-License-Identifier: GPL-2.0-or-later
/* Parsing the TDX DCAP quote (tdx-quote.h). Every length comes from the
 * quote, so each is checked against what is left before it is used. */
#include <errno.h>
#include <string.h>

#include "tdx-quote.h"

struct cursor {
	const uint8_t *p;
	size_t left;
	const char **why;
};

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Take n bytes, or fail saying which field did not fit. */
static const uint8_t *take(struct cursor *c, size_t n, const char *what)
{
	const uint8_t *p = c->p;

	if (n > c->left) {
		*c->why = what;
		return NULL;
	}
	c->p += n;
	c->left -= n;
	return p;
}

static int parse_header(struct cursor *c, struct tdx_quote *q)
{
	const uint8_t *h = take(c, TDX_HEADER_LEN, "shorter than the 48-byte quote header");

	if (!h)
		return -EINVAL;
	q->version = le16(h);
	if (q->version != 4 && q->version != 5) {
		*c->why = "quote version is not 4 or 5";
		return -EINVAL;
	}
	if (le16(h + 2) != TDX_ATT_KEY_ECDSA_P256) {
		*c->why = "attestation key type is not ECDSA P-256 (2)";
		return -EINVAL;
	}
	if (le32(h + 4) != TDX_TEE_TYPE_TDX) {
		*c->why = "TEE type is not TDX (0x81)";
		return -EINVAL;
	}
	return 0;
}

static int parse_body(struct cursor *c, struct tdx_quote *q)
{
	const uint8_t *d;
	uint32_t size;

	q->body_type = TDX_BODY_TYPE_TD10;
	q->body_len = TDX_BODY10_LEN;
	if (q->version == 5) {
		d = take(c, 6, "v5 body descriptor truncated");
		if (!d)
			return -EINVAL;
		q->body_type = le16(d);
		size = le32(d + 2);
		if (q->body_type == TDX_BODY_TYPE_TD10)
			q->body_len = TDX_BODY10_LEN;
		else if (q->body_type == TDX_BODY_TYPE_TD15)
			q->body_len = TDX_BODY15_LEN;
		else {
			*c->why = "v5 body type is not a TD report (2 or 3)";
			return -EINVAL;
		}
		if (size != q->body_len) {
			*c->why = "v5 body size does not match its type";
			return -EINVAL;
		}
	}
	q->body = take(c, q->body_len, "TD report body truncated");
	return q->body ? 0 : -EINVAL;
}

/* The QE report certification data (type 6), which nests the PCK chain. */
static int parse_qe_cert_data(struct cursor *c, struct tdx_quote *q)
{
	const uint8_t *p;
	uint32_t size;

	q->qe_report = take(c, TDX_QE_REPORT_LEN, "QE report truncated");
	q->qe_report_sig = q->qe_report ? take(c, TDX_ECDSA_SIG_LEN, "QE report signature truncated") : NULL;
	p = q->qe_report_sig ? take(c, 2, "QE authentication data size truncated") : NULL;
	if (!p)
		return -EINVAL;
	q->qe_auth_len = le16(p);
	q->qe_auth = take(c, q->qe_auth_len, "QE authentication data truncated");
	p = q->qe_auth ? take(c, 6, "nested certification data header truncated") : NULL;
	if (!p)
		return -EINVAL;
	q->cert_type = le16(p);
	size = le32(p + 2);
	q->certs_len = size;
	q->certs = take(c, size, "nested certification data truncated");
	if (!q->certs)
		return -EINVAL;
	if (c->left) {
		*c->why = "bytes left over in the QE report certification data";
		return -EINVAL;
	}
	return 0;
}

static int parse_sig_data(struct cursor *c, struct tdx_quote *q)
{
	struct cursor sd = { .why = c->why };
	const uint8_t *p;
	uint32_t size;

	p = take(c, 4, "signature data length missing");
	if (!p)
		return -EINVAL;
	size = le32(p);
	sd.p = take(c, size, "signature data truncated");
	if (!sd.p)
		return -EINVAL;
	sd.left = size;
	if (c->left) {
		*c->why = "bytes after the signature data";
		return -EINVAL;
	}
	q->sig = take(&sd, TDX_ECDSA_SIG_LEN, "quote signature truncated");
	q->att_key = q->sig ? take(&sd, TDX_ECDSA_KEY_LEN, "attestation key truncated") : NULL;
	p = q->att_key ? take(&sd, 6, "certification data header truncated") : NULL;
	if (!p)
		return -EINVAL;
	if (le16(p) != TDX_CERT_QE_REPORT) {
		*c->why = "certification data is not QE report certification data (type 6)";
		return -EINVAL;
	}
	size = le32(p + 2);
	if (size != sd.left) {
		*c->why = "certification data size does not match the signature data";
		return -EINVAL;
	}
	return parse_qe_cert_data(&sd, q);
}

int tdx_quote_parse(const uint8_t *buf, size_t len, struct tdx_quote *q, const char **why)
{
	struct cursor c = { .p = buf, .left = len, .why = why };
	int rc;

	memset(q, 0, sizeof(*q));
	rc = parse_header(&c, q);
	if (!rc)
		rc = parse_body(&c, q);
	if (rc)
		return rc;
	q->signed_data = buf;
	q->signed_len = (size_t)(c.p - buf);
	return parse_sig_data(&c, q);
}
