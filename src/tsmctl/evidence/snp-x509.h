/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SEV-SNP certificates with libcrypto (snp-x509.c). */
#ifndef TSM_EVIDENCE_SNP_X509_H
#define TSM_EVIDENCE_SNP_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <openssl/x509.h>

#include "ossl.h"
#include "snp.h"

/* The largest file --certs, --trust-anchor or --crl may name (ossl.h). */
#define SNP_FILE_MAX (1 << 20)
/* Exactly one certificate, DER or PEM; NULL if the bytes are not one. */
X509 *snp_x509_parse(const uint8_t *p, size_t n);
/* The pinned ARKs, or the --trust-anchor certificates: 0 or -errno
 * (-EINVAL: a file without a PEM certificate). */
int snp_trusted_roots(const struct ev_input *in, STACK_OF(X509) **out, struct ev_result *r);
const char *snp_root_product(X509 *root, char *buf, size_t size);
/* AMD's extensions: 0, -ENOENT when absent, -EINVAL when malformed. */
int snp_ext_uint(X509 *c, const char *oid, uint64_t *v);
int snp_ext_octets(X509 *c, const char *oid, uint8_t *out, size_t max, size_t *len);
int snp_ext_ia5(X509 *c, const char *oid, char *out, size_t size);
const char *snp_cn(X509 *c, char *buf, size_t size);

/* The chain as snp-chain.c found it. */
struct snp_chain {
	X509 *leaf;		/* VCEK or VLEK */
	X509 *ask;		/* ASK or ASVK */
	X509 *ark;		/* the trusted root that signs the ASK, or NULL */
	X509 *given_ark;	/* the ARK the certificates carried, or NULL */
	STACK_OF(X509) *roots;
	const char *leaf_name, *ask_name;	/* "VCEK", "ASK" or "VLEK", "ASVK" */
	char product[64];	/* the root's product line, "" if unknown */
};
/* The claims (snp-claims.c): product line, chip ID, TCB; revocation. */
void snp_check_claims(const struct snp_report_view *v, const struct snp_chain *c, struct ev_result *r);
int snp_check_revocation(const struct ev_input *in, const struct snp_chain *c, struct ev_result *r);

#endif
