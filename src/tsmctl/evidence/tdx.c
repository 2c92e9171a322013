// SPDX-License-Identifier: GPL-2.0-or-later
/* tdx_guest: the checks of an Intel TDX DCAP quote (v4, v5), offline.
 *
 * The attestation key signs the header and TD report body; the Quoting
 * Enclave's report binds that key (REPORTDATA = SHA-256(key || QE auth
 * data)) and is signed by the PCK key, whose certificate chains to the
 * Intel SGX Root CA (pinned, tdx-root.c, or --trust-anchor). */
#include <errno.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "decode.h"
#include "tdx.h"

/* The attestation key x || y as a P-256 public key, or NULL. */
static EVP_PKEY *att_key(const uint8_t *xy)
{
	uint8_t point[1 + TDX_ECDSA_KEY_LEN] = { 0x04 };
	OSSL_PARAM params[3];
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *key = NULL;
	char group[] = "prime256v1";

	memcpy(point + 1, xy, TDX_ECDSA_KEY_LEN);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point, sizeof(point));
	params[2] = OSSL_PARAM_construct_end();
	if (!ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		key = NULL;
	EVP_PKEY_CTX_free(ctx);
	return key;
}

int tdx_ecdsa_verify(EVP_PKEY *key, const uint8_t *sig, const uint8_t *data, size_t len)
{
	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC || EVP_PKEY_get_bits(key) != 256)
		return 0;
	return ev_ecdsa_verify(key, EVP_sha256(), sig, 32, false, data, len);
}

static int check_quote_signature(struct ev_result *r, const struct tdx_quote *q)
{
	EVP_PKEY *key = att_key(q->att_key);
	int ok;

	if (!key) {
		ev_add(r, "tdx.quote_signature", EV_SIGNATURE, EV_FAIL,
		       "the attestation key is not a P-256 point");
		return 0;
	}
	ok = tdx_ecdsa_verify(key, q->sig, q->signed_data, q->signed_len);
	EVP_PKEY_free(key);
	if (ok < 0)
		return ok;
	ev_add(r, "tdx.quote_signature", EV_SIGNATURE, ok ? EV_PASS : EV_FAIL,
	       ok ? "ECDSA P-256 signature of the header and TD report body (%zu bytes) by the attestation key"
		  : "the attestation key's ECDSA P-256 signature over the header and TD report body (%zu bytes) is not valid",
	       q->signed_len);
	return 0;
}

/* QE REPORTDATA = SHA-256(attestation key || QE authentication data), then
 * 32 zero bytes. */
static void check_qe_binding(struct ev_result *r, const struct tdx_quote *q)
{
	static const uint8_t zero[32];
	const uint8_t *rd = q->qe_report + TDX_QE_REPORT_DATA;
	uint8_t digest[32];
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	bool ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
		  EVP_DigestUpdate(md, q->att_key, TDX_ECDSA_KEY_LEN) == 1 &&
		  EVP_DigestUpdate(md, q->qe_auth, q->qe_auth_len) == 1 &&
		  EVP_DigestFinal_ex(md, digest, NULL) == 1;

	EVP_MD_CTX_free(md);
	if (ok && memcmp(rd, digest, 32) == 0 && memcmp(rd + 32, zero, 32) == 0)
		ev_add(r, "tdx.qe_report_binding", EV_CHAIN, EV_PASS,
		       "QE report data is SHA-256(attestation key || QE auth data, %zu bytes), zero-padded",
		       q->qe_auth_len);
	else
		ev_add(r, "tdx.qe_report_binding", EV_CHAIN, EV_FAIL,
		       "QE report data is not SHA-256(attestation key || QE auth data), zero-padded: the QE did not vouch for this key");
}

/* The PCK chain: from the quote (type 5), else from --certs. */
static int pck_chain(const struct ev_input *in, struct ev_result *r, const struct tdx_quote *q,
		     STACK_OF(X509) **certs)
{
	uint8_t *buf = NULL;
	size_t len;
	int rc;

	if (q->cert_type == TDX_CERT_PCK_CHAIN) {
		if (ev_pem_certs(q->certs, q->certs_len, certs) == 0)
			return 0;
		ev_add(r, "tdx.pck_chain", EV_CHAIN, EV_FAIL,
		       "the quote's PCK certificate chain is not a list of PEM certificates");
		return 1;
	}
	if (!in->certs) {
		ev_add(r, "tdx.pck_chain", EV_CHAIN, EV_SKIP,
		       "the quote carries certification data of type %u, not a PCK chain (5), and no --certs was given",
		       q->cert_type);
		return 1;
	}
	rc = tdx_read_file(r, "--certs", in->certs, &buf, &len);
	if (rc)
		return rc;
	rc = ev_pem_certs(buf, len, certs);
	free(buf);
	if (rc == -EINVAL)
		ev_add(r, "tdx.pck_chain", EV_CHAIN, EV_FAIL, "--certs: not a list of PEM certificates");
	return rc == -EINVAL ? 1 : rc;
}

static void skip_after_chain(struct ev_result *r, const char *why)
{
	ev_add(r, "tdx.revocation", EV_COLLATERAL, EV_SKIP, "not checked: %s", why);
	ev_add(r, "tdx.tcb_status", EV_COLLATERAL, EV_SKIP, "not checked: %s", why);
	ev_add(r, "tdx.qe_identity", EV_COLLATERAL, EV_SKIP, "not checked: %s", why);
}

/* The QE report's signature by the PCK leaf, then the chain and collateral. */
static int check_pck(const struct ev_input *in, struct ev_result *r, const struct tdx_quote *q)
{
	STACK_OF(X509) *certs = NULL, *chain = NULL;
	X509_STORE *store = NULL;
	EVP_PKEY *pck;
	int rc = pck_chain(in, r, q, &certs);

	if (rc) {
		ev_add(r, "tdx.qe_report_signature", EV_SIGNATURE, EV_SKIP, "not checked: no PCK certificate");
		skip_after_chain(r, "no PCK certificate chain");
		goto out;
	}
	pck = X509_get0_pubkey(sk_X509_value(certs, 0));
	rc = pck ? tdx_ecdsa_verify(pck, q->qe_report_sig, q->qe_report, TDX_QE_REPORT_LEN) : 0;
	if (rc < 0)
		goto out;
	ev_add(r, "tdx.qe_report_signature", EV_SIGNATURE, rc ? EV_PASS : EV_FAIL,
	       rc ? "ECDSA P-256 signature of the QE report by the PCK certificate's key"
		  : "the QE report's signature is not valid for the PCK certificate's key");
	rc = tdx_anchors(in, r, &store);
	if (rc)
		goto out;
	chain = tdx_verify_chain(in, r, "tdx.pck_chain", EV_CHAIN, store, sk_X509_value(certs, 0), certs);
	if (!chain) {
		skip_after_chain(r, "the PCK chain did not verify");
		goto out;
	}
	rc = tdx_check_crls(in, r, store, chain);
	if (!rc)
		rc = tdx_check_collateral(in, r, store, q, sk_X509_value(chain, 0));
out:
	ev_certs_free(chain);
	ev_certs_free(certs);
	X509_STORE_free(store);
	return rc < 0 ? rc : 0;
}

int ev_verify_tdx(const struct ev_input *in, struct ev_result *r)
{
	struct tsm_decoded d;
	struct tdx_quote q;
	const char *why = NULL;
	int rc;

	if (!ev_decode(in, r, "tdx.format", &d))
		return 0;
	ev_bind_report_data(r, "tdx.nonce", d.report_data, TSM_REPORT_DATA_LEN, in->nonce, in->nonce_len);
	if (!in->check_signature) {
		ev_add(r, "tdx.quote_signature", EV_SIGNATURE, EV_SKIP,
		       "not checked (--no-signature): nor the QE report, the PCK chain or collateral");
		return 0;
	}
	if (tdx_quote_parse(in->outblob, in->outblob_len, &q, &why)) {
		ev_add(r, "tdx.quote", EV_FORMAT, EV_FAIL, "the quote's signature data: %s", why);
		return 0;
	}
	ev_add(r, "tdx.quote", EV_FORMAT, EV_PASS, "signature data of a v%u quote with a %s body: %zu bytes of QE auth data, certification data type %u",
	       q.version, q.body_type == TDX_BODY_TYPE_TD15 ? "TDX 1.5" : "TDX 1.0", q.qe_auth_len, q.cert_type);
	rc = check_quote_signature(r, &q);
	if (rc)
		return rc;
	check_qe_binding(r, &q);
	return check_pck(in, r, &q);
}
