/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Arm CCA attestation token (RMM specification DEN0137 A7.2,
 * draft-ffm-rats-cca-token): a CBOR tag 399 map {44234: platform token,
 * 44241: realm token}, each a byte string holding a COSE_Sign1 (RFC 9052,
 * tag 18). cca_parse() only takes the bytes apart with libcbor: no signature
 * is checked and no claim is judged here (cca.c does that). */
#ifndef TSM_CCATOKEN_H
#define TSM_CCATOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CCA_TAG_COLLECTION 399
#define CCA_KEY_PLATFORM 44234
#define CCA_KEY_REALM 44241

/* COSE algorithm identifiers (RFC 9053) of the ECDSA signatures CCA uses. */
#define COSE_ES256 (-7)
#define COSE_ES384 (-35)
#define COSE_ES512 (-36)

struct cca_bytes {
	const uint8_t *p;	/* NULL when absent; points into the parsed tree */
	size_t len;
};

struct cca_sign1 {
	struct cca_bytes protected_hdr;	/* the serialized protected header */
	struct cca_bytes payload;	/* the serialized claims map */
	struct cca_bytes signature;	/* r || s */
	bool have_alg;
	int64_t alg;			/* protected header label 1 */
};

struct cca_token {
	struct cca_sign1 platform, realm;
	/* Realm claims */
	struct cca_bytes realm_challenge;	/* 10 */
	struct cca_bytes rpv;			/* 44235 personalization value */
	struct cca_bytes rak;			/* 44237 realm public key */
	struct cca_bytes rim;			/* 44238 realm initial measurement */
	char realm_hash_alg[16];		/* 44236, "" when absent */
	char rak_hash_alg[16];			/* 44240, "" when absent */
	/* Platform claims */
	struct cca_bytes platform_challenge;	/* 10 */
	struct cca_bytes impl_id;		/* 2396 implementation ID */
	char platform_profile[64];		/* 265, "" when absent */
	/* The libcbor trees the pointers above point into. */
	void *trees[8];
	size_t ntrees;
};

/* The public key of a COSE_Key (RFC 9053 EC2: kty 2, crv 1/2/3, x, y), or a
 * raw uncompressed SEC1 point as RMM 1.0-eac5 emitted it. */
struct cca_ec_key {
	int crv;		/* 1 P-256, 2 P-384, 3 P-521 (COSE) */
	uint8_t point[1 + 2 * 66];	/* 0x04 || x || y */
	size_t point_len;
	bool cose_key;		/* it was a COSE_Key, not a raw point */
};

/* 0, or -EINVAL with why (nul-terminated, at most errlen bytes), or -ENOMEM.
 * On success cca_token_free() releases t; on failure nothing is held. */
int cca_parse(const uint8_t *blob, size_t len, struct cca_token *t, char *err, size_t errlen);
void cca_token_free(struct cca_token *t);
/* 0 or -EINVAL (err says why). */
int cca_parse_key(const struct cca_bytes *b, struct cca_ec_key *k, char *err, size_t errlen);

#endif
