// SPDX-License-Identifier: GPL-2.0-or-later
/* Decoders for mock_tsm reports (Documentation/virt/coco/mock-tsm.rst),
 * SEV-SNP ATTESTATION_REPORT (SNP firmware ABI, table 22) and TDX quotes
 * version 4 and 5 (Intel TDX DCAP quoting library, appendix A). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hk/codec.h"
#include "decode.h"
#include "sha256.h"

#define MOCK_MAGIC "MOCKTSM"	/* 8 bytes with the NUL */
#define MOCK_VERSION 1
#define MOCK_HDR_LEN 0xe0
#define MOCK_MIN_LEN (MOCK_HDR_LEN + SHA256_LEN)
#define MOCK_REPORT_DATA 0x40

#define SNP_REPORT_LEN 0x4a0
#define SNP_REPORT_DATA 0x50
#define SNP_MEASUREMENT 0x90

#define TDX_HDR_LEN 0x30
#define TDX_TEE_TYPE 0x81
#define TDX_BODY10_LEN 584	/* TD report 1.0 */
#define TDX_BODY15_LEN 648	/* TD report 1.5 */
#define TDX_BODY_REPORT_DATA 0x208
#define TDX_BODY_MRTD 136

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int fail(struct tsm_decoded *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct tsm_decoded *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->error, sizeof(d->error), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static struct tsm_field *field(struct tsm_decoded *d, const char *key, const char *label)
{
	struct tsm_field *f = &d->fields[d->nfields < TSM_MAX_FIELDS ? d->nfields++ : TSM_MAX_FIELDS - 1];

	memset(f, 0, sizeof(*f));
	f->key = key;
	f->label = label;
	return f;
}

static void field_num(struct tsm_decoded *d, const char *key, const char *label, uint64_t v)
{
	struct tsm_field *f = field(d, key, label);

	f->is_num = true;
	f->num = v;
	snprintf(f->str, sizeof(f->str), "%llu", (unsigned long long)v);
}

static void field_str(struct tsm_decoded *d, const char *key, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void field_str(struct tsm_decoded *d, const char *key, const char *label, const char *fmt, ...)
{
	struct tsm_field *f = field(d, key, label);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->str, sizeof(f->str), fmt, ap);
	va_end(ap);
}

static void field_hex(struct tsm_decoded *d, const char *key, const char *label, const uint8_t *p, size_t n)
{
	struct tsm_field *f = field(d, key, label);

	if (HK_HEX_LEN(n) <= sizeof(f->str))
		hk_hex_encode(p, n, f->str);
}

/* A GUID in guid_t byte order: the first three fields little-endian. */
static void field_guid(struct tsm_decoded *d, const char *key, const char *label, const uint8_t *g)
{
	field_str(d, key, label, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		  le32(g), le16(g + 4), le16(g + 6), g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
}

static int decode_mock(const uint8_t *b, size_t len, struct tsm_decoded *d)
{
	uint8_t digest[SHA256_LEN];
	uint32_t rlen, inlen;
	char sp[65];

	if (len < 8 || memcmp(b, MOCK_MAGIC, 8) != 0)
		return fail(d, "no mock_tsm magic at offset 0");
	if (len < MOCK_MIN_LEN)
		return fail(d, "truncated: %zu bytes, a mock_tsm report has at least %d", len, MOCK_MIN_LEN);
	if (le32(b + 8) != MOCK_VERSION)
		return fail(d, "unsupported mock_tsm report version %u (tsmctl knows version %d)",
			    le32(b + 8), MOCK_VERSION);
	rlen = le32(b + 0x0c);
	if (rlen > len)
		return fail(d, "truncated: %zu bytes, the report says %u", len, rlen);
	if (rlen < len)
		return fail(d, "%zu bytes, but the report says %u: trailing data", len, rlen);
	sha256(b, len - SHA256_LEN, digest);
	if (memcmp(digest, b + len - SHA256_LEN, SHA256_LEN) != 0)
		return fail(d, "the SHA-256 digest at the end does not match: the report is corrupted");
	inlen = le32(b + 0x1c);
	if (inlen < 1 || inlen > TSM_REPORT_DATA_LEN)
		return fail(d, "inblob length %u is outside 1 to 64", inlen);

	snprintf(d->format, sizeof(d->format), "mock_tsm report version %u (unsigned test data)", MOCK_VERSION);
	d->report_data_off = MOCK_REPORT_DATA;
	field_num(d, "version", "Version", MOCK_VERSION);
	field_num(d, "length", "Length", rlen);
	field_num(d, "privlevel", "Privlevel", le32(b + 0x10));
	field_num(d, "privlevel_floor", "Privlevel floor", le32(b + 0x14));
	field_str(d, "flags", "Flags", "0x%x", le32(b + 0x18));
	field_num(d, "inblob_len", "Inblob length", inlen);
	field_num(d, "sequence", "Sequence", le64(b + 0x20));
	field_num(d, "service_manifest_version", "Service manifest version", le32(b + 0x28));
	field_guid(d, "service_guid", "Service GUID", b + 0x30);
	memcpy(sp, b + 0x80, 64);
	sp[64] = 0;
	field_str(d, "service_provider", "Service provider", "%s", sp);
	field_hex(d, "manifest_digest", "Manifest digest", b + 0xc0, SHA256_LEN);
	field_str(d, "digest", "Digest", "SHA-256 ok");
	return 0;
}

static int decode_sev(const uint8_t *b, size_t len, struct tsm_decoded *d)
{
	uint32_t version;

	if (len < 4)
		return fail(d, "truncated: %zu bytes, an SEV-SNP attestation report has %d", len, SNP_REPORT_LEN);
	version = le32(b);
	/* 2: SNP firmware ABI 1.51; 3 adds the CPUID fields (1.55); 5 the launch TCB (1.58). */
	if (version < 2 || version > 5)
		return fail(d, "unsupported SEV-SNP report version %u (tsmctl knows 2 to 5)", version);
	if (len < SNP_REPORT_LEN)
		return fail(d, "truncated: %zu bytes, an SEV-SNP attestation report has %d", len, SNP_REPORT_LEN);

	snprintf(d->format, sizeof(d->format), "SEV-SNP attestation report version %u", version);
	d->report_data_off = SNP_REPORT_DATA;
	field_num(d, "version", "Version", version);
	field_num(d, "guest_svn", "Guest SVN", le32(b + 0x04));
	field_str(d, "policy", "Policy", "0x%llx", (unsigned long long)le64(b + 0x08));
	field_num(d, "vmpl", "VMPL", le32(b + 0x30));
	field_num(d, "signature_algo", "Signature algorithm", le32(b + 0x34));
	field_str(d, "current_tcb", "Current TCB", "0x%016llx", (unsigned long long)le64(b + 0x38));
	field_str(d, "platform_info", "Platform info", "0x%llx", (unsigned long long)le64(b + 0x40));
	field_hex(d, "measurement", "Measurement", b + SNP_MEASUREMENT, 48);
	field_hex(d, "host_data", "Host data", b + 0xc0, 32);
	field_hex(d, "id_key_digest", "ID key digest", b + 0xe0, 48);
	field_hex(d, "report_id", "Report ID", b + 0x140, 32);
	field_str(d, "reported_tcb", "Reported TCB", "0x%016llx", (unsigned long long)le64(b + 0x180));
	field_hex(d, "chip_id", "Chip ID", b + 0x1a0, 64);
	return 0;
}

static int decode_tdx(const uint8_t *b, size_t len, struct tsm_decoded *d)
{
	size_t body, body_len, sig_off;
	uint16_t version, body_type = 0;
	uint32_t sig_len;

	if (len < TDX_HDR_LEN)
		return fail(d, "truncated: %zu bytes, a TDX quote header has %d", len, TDX_HDR_LEN);
	version = le16(b);
	if (version != 4 && version != 5)
		return fail(d, "unsupported TDX quote version %u (tsmctl knows 4 and 5)", version);
	if (le32(b + 4) != TDX_TEE_TYPE)
		return fail(d, "TEE type 0x%x in the quote header is not TDX (0x81)", le32(b + 4));
	/* As tsm_detect: ECDSA-256 (2) or ECDSA-384 (3), else detection disagrees. */
	if (le16(b + 2) != 2 && le16(b + 2) != 3)
		return fail(d, "unsupported TDX attestation key type %u (tsmctl knows 2 and 3)", le16(b + 2));
	if (version == 4) {
		body = TDX_HDR_LEN;
		body_len = TDX_BODY10_LEN;
	} else {
		/* Version 5: a 2-byte body type and a 4-byte body size follow the header. */
		if (len < TDX_HDR_LEN + 6)
			return fail(d, "truncated: %zu bytes, no room for the version 5 body descriptor", len);
		body_type = le16(b + TDX_HDR_LEN);
		body_len = le32(b + TDX_HDR_LEN + 2);
		body = TDX_HDR_LEN + 6;
		if (!((body_type == 2 && body_len == TDX_BODY10_LEN) ||
		      (body_type == 3 && body_len == TDX_BODY15_LEN)))
			return fail(d, "unsupported TDX quote body type %u of %zu bytes (tsmctl knows type 2 of %d and type 3 of %d)",
				    body_type, body_len, TDX_BODY10_LEN, TDX_BODY15_LEN);
	}
	sig_off = body + body_len;
	if (len < sig_off + 4)
		return fail(d, "truncated: %zu bytes, the quote body ends at %zu", len, sig_off);
	sig_len = le32(b + sig_off);
	if (len - sig_off - 4 < sig_len)
		return fail(d, "truncated: %zu bytes, the signature data (%u bytes) ends at %zu",
			    len, sig_len, sig_off + 4 + (size_t)sig_len);

	snprintf(d->format, sizeof(d->format), "TDX quote version %u", version);
	d->report_data_off = body + TDX_BODY_REPORT_DATA;
	field_num(d, "version", "Version", version);
	field_num(d, "att_key_type", "Attestation key type", le16(b + 2));
	field_str(d, "tee_type", "TEE type", "0x%x", le32(b + 4));
	field_num(d, "qe_svn", "QE SVN", le16(b + 8));
	field_num(d, "pce_svn", "PCE SVN", le16(b + 10));
	field_hex(d, "qe_vendor_id", "QE vendor ID", b + 12, 16);
	field_hex(d, "user_data", "User data", b + 28, 20);
	if (version == 5) {
		field_num(d, "body_type", "Body type", body_type);
		field_num(d, "body_size", "Body size", body_len);
	}
	field_hex(d, "tee_tcb_svn", "TEE TCB SVN", b + body, 16);
	field_hex(d, "mrtd", "MRTD", b + body + TDX_BODY_MRTD, 48);
	field_num(d, "signature_data_len", "Signature data length", sig_len);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(const uint8_t *b, size_t len, struct tsm_decoded *d);
} decoders[] = {
	{ "mock_tsm", decode_mock },
	{ "sev_guest", decode_sev },
	{ "tdx_guest", decode_tdx },
};

const char *tsm_detect(const uint8_t *b, size_t len)
{
	uint32_t v;

	if (len >= 8 && memcmp(b, MOCK_MAGIC, 8) == 0)
		return "mock_tsm";
	/* TDX: version 4 or 5, ECDSA key type 2 or 3, TEE type 0x81. */
	if (len >= TDX_HDR_LEN && (le16(b) == 4 || le16(b) == 5) &&
	    (le16(b + 2) == 2 || le16(b + 2) == 3) && le32(b + 4) == TDX_TEE_TYPE)
		return "tdx_guest";
	/* Arm CCA: CBOR tag 399 (0xd9 0x01 0x8f), the token collection, on a map.
	 * The token itself is taken apart by tsmctl-evidence (libcbor). */
	if (len >= 4 && b[0] == 0xd9 && b[1] == 0x01 && b[2] == 0x8f && (b[3] & 0xe0) == 0xa0)
		return "arm_cca_guest";
	/* SEV-SNP has no magic: a known version and the report's size. */
	if (len >= SNP_REPORT_LEN && (v = le32(b)) >= 2 && v <= 5)
		return "sev_guest";
	return NULL;
}

bool tsm_can_decode(const char *provider)
{
	size_t i;

	for (i = 0; i < sizeof(decoders) / sizeof(decoders[0]); i++)
		if (strcmp(provider, decoders[i].name) == 0)
			return true;
	return false;
}

int tsm_decode(const char *provider, const uint8_t *blob, size_t len, struct tsm_decoded *d)
{
	size_t i;
	int r;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < sizeof(decoders) / sizeof(decoders[0]); i++) {
		if (strcmp(provider, decoders[i].name) != 0)
			continue;
		d->provider = decoders[i].name;
		r = decoders[i].fn(blob, len, d);
		if (r == 0)
			d->report_data = blob + d->report_data_off;
		return r;
	}
	snprintf(d->error, sizeof(d->error), "tsmctl has no decoder for provider '%s'", provider);
	return -EOPNOTSUPP;
}

bool tsm_nonce_bound(const struct tsm_decoded *d, const uint8_t *nonce, size_t len)
{
	uint8_t padded[TSM_REPORT_DATA_LEN] = { 0 };

	if (!d->report_data || len > TSM_REPORT_DATA_LEN)
		return false;
	memcpy(padded, nonce, len);
	return memcmp(d->report_data, padded, TSM_REPORT_DATA_LEN) == 0;
}
