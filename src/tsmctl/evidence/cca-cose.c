// SPDX-License-Identifier: GPL-2.0-or-later
/* COSE_Sign1 signature verification (RFC 9052 section 4.4) for the CCA
 * tokens: the Sig_structure built with libcbor, ECDSA checked by libcrypto. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cbor.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "cca.h"

static const struct cose_alg {
	int64_t id;
	const char *name;
	const char *group;	/* OpenSSL's name of the curve the alg needs */
	const char *curve;	/* and the name users know */
	size_t coord;
	const EVP_MD *(*md)(void);
} cose_algs[] = {
	{ COSE_ES256, "ES256", "prime256v1", "P-256", 32, EVP_sha256 },
	{ COSE_ES384, "ES384", "secp384r1", "P-384", 48, EVP_sha384 },
	{ COSE_ES512, "ES512", "secp521r1", "P-521", 66, EVP_sha512 },
};

static const char *cca_curve_group(int cose_crv)
{
	return cose_crv >= 1 && cose_crv <= 3 ? cose_algs[cose_crv - 1].group : NULL;
}

const char *cca_curve_name(const EVP_PKEY *key)
{
	char g[32];
	size_t i;

	if (!EVP_PKEY_get_group_name(key, g, sizeof(g), NULL))
		return EVP_PKEY_get0_type_name(key) ? EVP_PKEY_get0_type_name(key) : "a non-EC key";
	for (i = 0; i < sizeof(cose_algs) / sizeof(cose_algs[0]); i++)
		if (strcmp(g, cose_algs[i].group) == 0)
			return cose_algs[i].curve;
	return "another curve";
}

const char *cca_alg_name(const struct cca_sign1 *s)
{
	size_t i;

	for (i = 0; s->have_alg && i < sizeof(cose_algs) / sizeof(cose_algs[0]); i++)
		if (cose_algs[i].id == s->alg)
			return cose_algs[i].name;
	return NULL;
}

EVP_PKEY *cca_key_from_point(const struct cca_ec_key *k)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)cca_curve_group(k->crv), 0),
		OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)k->point, k->point_len),
		OSSL_PARAM_END
	};
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY_CTX *chk = NULL;
	EVP_PKEY *key = NULL;

	if (!ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		goto out;
	/* The point must lie on the curve. */
	chk = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	if (!chk || EVP_PKEY_public_check(chk) != 1) {
		EVP_PKEY_free(key);
		key = NULL;
	}
out:
	EVP_PKEY_CTX_free(chk);
	EVP_PKEY_CTX_free(ctx);
	ERR_clear_error();	/* an off-curve point leaves its reasons queued */
	return key;
}

/* ["Signature1", protected, external_aad = h'', payload], serialized. */
static unsigned char *sig_structure(const struct cca_sign1 *s, size_t *len)
{
	cbor_item_t *a = cbor_new_definite_array(4), *m[4];
	unsigned char *buf = NULL;
	size_t size = 0, i;
	bool ok = a != NULL;

	m[0] = cbor_build_string("Signature1");
	m[1] = cbor_build_bytestring(s->protected_hdr.p, s->protected_hdr.len);
	m[2] = cbor_build_bytestring((const unsigned char *)"", 0);
	m[3] = cbor_build_bytestring(s->payload.p, s->payload.len);
	for (i = 0; i < 4; i++) {
		ok = ok && m[i] && cbor_array_push(a, m[i]);
		if (m[i])
			cbor_decref(&m[i]);
	}
	*len = ok ? cbor_serialize_alloc(a, &buf, &size) : 0;
	if (a)
		cbor_decref(&a);
	if (*len == 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int cca_cose_verify(const struct cca_sign1 *s, EVP_PKEY *key, char *why, size_t n)
{
	const struct cose_alg *a = NULL;
	unsigned char *tbs;
	size_t i, tbs_len = 0;
	char g[32] = "";
	int v;

	for (i = 0; s->have_alg && i < sizeof(cose_algs) / sizeof(cose_algs[0]); i++)
		if (cose_algs[i].id == s->alg)
			a = &cose_algs[i];
	if (!a) {
		if (s->have_alg)
			snprintf(why, n, "COSE alg %lld is not ES256, ES384 or ES512", (long long)s->alg);
		else
			snprintf(why, n, "the protected header names no alg (label 1)");
		return 0;
	}
	if (!EVP_PKEY_get_group_name(key, g, sizeof(g), NULL) || strcmp(g, a->group) != 0) {
		snprintf(why, n, "alg %s needs a %s key, the key is %s", a->name, a->curve, cca_curve_name(key));
		return 0;
	}
	if (s->signature.len != 2 * a->coord) {
		snprintf(why, n, "%s signature of %zu bytes, not %zu", a->name, s->signature.len, 2 * a->coord);
		return 0;
	}
	if (!(tbs = sig_structure(s, &tbs_len)))
		return -ENOMEM;
	v = ev_ecdsa_verify(key, a->md(), s->signature.p, a->coord, false, tbs, tbs_len);
	free(tbs);
	if (v >= 0)
		snprintf(why, n, "%s signature (%s) %s", a->name, a->curve, v ? "verifies" : "does not verify");
	return v;
}
