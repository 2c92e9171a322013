// SPDX-License-Identifier: GPL-2.0-or-later
/* SEV-SNP attestation reports (evidence.h): the format, the binding, what
 * the report says about its own signature, then the signature and chain
 * (snp-chain.c). Layout: AMD SEV-SNP firmware ABI, ATTESTATION_REPORT. */
#include "decode.h"
#include "snp.h"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* SIGNING_KEY (bits 4:2 at 0x48): 0 VCEK, 1 VLEK, 7 none. */
static bool signing_key(const uint8_t *b, struct snp_report_view *v, struct ev_result *r)
{
	uint32_t info = le32(b + SNP_KEY_INFO), key = (info >> 2) & 7, algo = le32(b + SNP_SIG_ALGO);

	v->b = b;
	v->vlek = key == 1;
	v->mask_chip = info & 2;
	if (key > 1) {
		ev_add(r, "snp.signing_key", EV_SIGNATURE, EV_FAIL, key == 7 ?
		       "SIGNING_KEY is 7: the firmware did not sign this report" : "SIGNING_KEY %u is reserved", key);
		return false;
	}
	if (algo != 1) {
		ev_add(r, "snp.signing_key", EV_SIGNATURE, EV_FAIL,
		       "SIGNATURE_ALGO is %u, not 1 (ECDSA P-384 with SHA-384)", algo);
		return false;
	}
	ev_add(r, "snp.signing_key", EV_FORMAT, EV_PASS, "signed with the %s (ECDSA P-384 with SHA-384)%s",
	       v->vlek ? "VLEK, a key the cloud provider holds, not tied to one chip" : "VCEK",
	       v->mask_chip ? "; MASK_CHIP_KEY: the report carries no chip ID to compare" : "");
	return true;
}

int ev_verify_snp(const struct ev_input *in, struct ev_result *r)
{
	struct snp_report_view v;
	struct tsm_decoded d;

	if (!ev_decode(in, r, "snp.format", &d))
		return 0;
	ev_bind_report_data(r, "snp.nonce", d.report_data, TSM_REPORT_DATA_LEN, in->nonce, in->nonce_len);
	if (!in->check_signature) {
		ev_add(r, "snp.report_signature", EV_SIGNATURE, EV_SKIP, "not checked (--no-signature)");
		return 0;
	}
	if (!signing_key(in->outblob, &v, r))
		return 0;
	return snp_verify_chain(in, &v, r);
}
