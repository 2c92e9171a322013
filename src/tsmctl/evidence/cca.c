// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl verify for arm_cca_guest: the CCA attestation token (RMM DEN0137
 * A7.2). The realm token carries the nonce as its challenge and is signed
 * by the realm attestation key (RAK) it names; the platform token's
 * challenge is the hash of that key, and the platform token is signed by
 * the CCA platform attestation key (CPAK), checked only when given. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "hk/codec.h"
#include "cca.h"
#include "evidence.h"

#define CCA_CHALLENGE_LEN 64	/* the RSI takes 64 bytes; arm_cca_guest zero-pads 32-64 */
#define CCA_NONCE_MIN 32
#define HEX_MAX 64		/* bytes of a claim shown in a detail */
#define CPAK_FILE_MAX 65536

static const char *hex(const struct cca_bytes *b, char *out)
{
	if (!b->p)
		return "(absent)";
	hk_hex_encode(b->p, b->len < HEX_MAX ? b->len : HEX_MAX, out);
	return out;
}

static void check_nonce(const struct cca_token *t, const struct ev_input *in, struct ev_result *r)
{
	if (!t->realm_challenge.p || t->realm_challenge.len != CCA_CHALLENGE_LEN)
		ev_add(r, "cca.nonce", EV_BINDING, EV_FAIL, "the realm token's challenge claim (10) is %s, not %d bytes",
		       t->realm_challenge.p ? "of another size" : "absent", CCA_CHALLENGE_LEN);
	else if (in->nonce_len < CCA_NONCE_MIN || in->nonce_len > CCA_CHALLENGE_LEN)
		ev_add(r, "cca.nonce", EV_BINDING, EV_FAIL,
		       "the nonce has %zu bytes: arm_cca_guest takes %d to %d, so no CCA token carries it",
		       in->nonce_len, CCA_NONCE_MIN, CCA_CHALLENGE_LEN);
	else
		ev_bind_report_data(r, "cca.nonce", t->realm_challenge.p, CCA_CHALLENGE_LEN, in->nonce, in->nonce_len);
}

static int check_realm_signature(const struct cca_token *t, struct ev_result *r)
{
	char why[96], err[128], h[2 * HEX_MAX + 1];
	struct cca_ec_key k;
	EVP_PKEY *rak;
	int v;

	if (!t->rak.p) {
		ev_add(r, "cca.realm_signature", EV_SIGNATURE, EV_FAIL, "the realm token has no public key claim (44237)");
		return 0;
	}
	if (cca_parse_key(&t->rak, &k, err, sizeof(err)) < 0) {
		ev_add(r, "cca.realm_signature", EV_SIGNATURE, EV_FAIL, "%s", err);
		return 0;
	}
	if (!(rak = cca_key_from_point(&k))) {
		ev_add(r, "cca.realm_signature", EV_SIGNATURE, EV_FAIL,
		       "the realm public key claim is not a point on its curve");
		return 0;
	}
	v = cca_cose_verify(&t->realm, rak, why, sizeof(why));
	EVP_PKEY_free(rak);
	if (v < 0)
		return v;
	ev_add(r, "cca.realm_signature", EV_SIGNATURE, v ? EV_PASS : EV_FAIL,
	       "by the realm's RAK (%s): %s; realm initial measurement %s:%s",
	       k.cose_key ? "COSE_Key" : "raw EC point", why, t->realm_hash_alg[0] ? t->realm_hash_alg : "(no hash claim)",
	       hex(&t->rim, h));
	return 0;
}

/* RMM specification A7.2: the platform challenge is the hash, with the algorithm of
 * claim 44240, of the realm public key claim's bytes as they stand. */
static void check_rak_binding(const struct cca_token *t, struct ev_result *r)
{
	static const struct { const char *name; const EVP_MD *(*md)(void); } algs[] = {
		{ "sha-256", EVP_sha256 }, { "sha-384", EVP_sha384 }, { "sha-512", EVP_sha512 },
	};
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	const EVP_MD *md = NULL;
	size_t i;

	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (strcmp(t->rak_hash_alg, algs[i].name) == 0)
			md = algs[i].md();
	if (!md) {
		ev_add(r, "cca.rak_binding", EV_CHAIN, EV_FAIL,
		       "the realm public key hash algorithm claim (44240) is %s, not sha-256, sha-384 or sha-512",
		       t->rak_hash_alg[0] ? "another" : "absent");
		return;
	}
	if (!t->rak.p || !t->platform_challenge.p || EVP_Digest(t->rak.p, t->rak.len, d, &dlen, md, NULL) != 1 ||
	    t->platform_challenge.len != dlen || memcmp(d, t->platform_challenge.p, dlen) != 0) {
		ev_add(r, "cca.rak_binding", EV_CHAIN, EV_FAIL,
		       "the platform token's challenge claim (10) is not the %s of the realm public key: the realm token is not bound to this platform token",
		       t->rak_hash_alg);
		return;
	}
	ev_add(r, "cca.rak_binding", EV_CHAIN, EV_PASS,
	       "the platform token's challenge claim (10) is the %s of the realm public key", t->rak_hash_alg);
}

static int check_platform_signature(const struct cca_token *t, EVP_PKEY *cpak, struct ev_result *r)
{
	char why[96], h[2 * HEX_MAX + 1];
	int v;

	if (!cpak) {
		ev_add(r, "cca.platform_signature", EV_SIGNATURE, EV_SKIP,
		       "not checked: no --cpak FILE given (%s platform token, implementation ID %s)",
		       cca_alg_name(&t->platform) ? cca_alg_name(&t->platform) : "an unknown alg", hex(&t->impl_id, h));
		return 0;
	}
	v = cca_cose_verify(&t->platform, cpak, why, sizeof(why));
	if (v < 0)
		return v;
	ev_add(r, "cca.platform_signature", EV_SIGNATURE, v ? EV_PASS : EV_FAIL,
	       "by the given CPAK: %s; implementation ID %s", why, hex(&t->impl_id, h));
	return 0;
}

/* The CPAK file, read before any check is recorded: -errno if it cannot be
 * read; NULL in *key, with a format failure recorded, if it is no PEM key.
 * Read whole and bounded first: PEM parsing of /dev/zero would never end. */
static int read_cpak(const char *path, EVP_PKEY **key, struct ev_result *r)
{
	uint8_t *buf;
	size_t len;
	BIO *bio;
	int rc;

	*key = NULL;
	rc = ev_read_file(path, CPAK_FILE_MAX, &buf, &len);
	if (rc == -EFBIG) {
		ev_add(r, "cca.cpak", EV_FORMAT, EV_FAIL, "the --cpak file is larger than a PEM public key (%d bytes)",
		       CPAK_FILE_MAX);
		return 0;
	}
	if (rc < 0)
		return rc;
	bio = BIO_new_mem_buf(buf, (int)len);
	if (bio)
		*key = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	BIO_free(bio);
	free(buf);
	ERR_clear_error();
	if (!bio)
		return -ENOMEM;
	if (!*key)
		ev_add(r, "cca.cpak", EV_FORMAT, EV_FAIL, "the --cpak file is not a PEM public key (SubjectPublicKeyInfo)");
	return 0;
}

int ev_verify_cca(const struct ev_input *in, struct ev_result *r)
{
	char err[EV_DETAIL_MAX - 40], h[2 * HEX_MAX + 1];
	EVP_PKEY *cpak = NULL;
	struct cca_token t;
	int rc;

	if (in->check_signature && in->cpak) {
		if ((rc = read_cpak(in->cpak, &cpak, r)) < 0)
			return rc;
		if (!cpak)
			return 0;
	}
	rc = cca_parse(in->outblob, in->outblob_len, &t, err, sizeof(err));
	if (rc == -EINVAL)
		ev_add(r, "cca.token", EV_FORMAT, EV_FAIL, "%s", err);
	if (rc < 0) {
		EVP_PKEY_free(cpak);
		return rc == -EINVAL ? 0 : rc;
	}
	ev_add(r, "cca.token", EV_FORMAT, EV_PASS, "CCA token collection; realm personalization value %s",
	       hex(&t.rpv, h));
	check_nonce(&t, in, r);
	if (!in->check_signature) {
		ev_add(r, "cca.realm_signature", EV_SIGNATURE, EV_SKIP, "not checked (--no-signature)");
		ev_add(r, "cca.rak_binding", EV_CHAIN, EV_SKIP, "not checked (--no-signature)");
		ev_add(r, "cca.platform_signature", EV_SIGNATURE, EV_SKIP, "not checked (--no-signature)");
	} else if ((rc = check_realm_signature(&t, r)) == 0) {
		check_rak_binding(&t, r);
		rc = check_platform_signature(&t, cpak, r);
	}
	EVP_PKEY_free(cpak);
	cca_token_free(&t);
	return rc;
}
