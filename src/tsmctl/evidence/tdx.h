/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the TDX verifier's files share (tdx.c, tdx-chain.c, tdx-collateral.c). */
#ifndef TSM_TDX_H
#define TSM_TDX_H

#include <openssl/x509.h>

#include "evidence.h"
#include "ossl.h"
#include "tdx-quote.h"

/* The pinned Intel SGX Root CA, PEM (tdx-root.c). */
extern const char tdx_intel_root_pem[];

/* Read a whole file (at most 4 MiB) into *buf (malloc'd): 0, or -errno
 * after saying which file, given with which option, in r->error. */
int tdx_read_file(struct ev_result *r, const char *option, const char *path, uint8_t **buf, size_t *len);

/* The ECDSA P-256 signature r || s (big-endian, 64 bytes) of SHA-256(data)
 * by key: 1 valid, 0 not, -ENOMEM. */
int tdx_ecdsa_verify(EVP_PKEY *key, const uint8_t *sig, const uint8_t *data, size_t len);

/* The trust anchors: the --trust-anchor files, or the pinned root. 0 or
 * -errno (a file that cannot be read or holds no certificate, said in r). */
int tdx_anchors(const struct ev_input *in, struct ev_result *r, X509_STORE **out);

/* Verify leaf up to an anchor at in->now, with untrusted the other
 * certificates offered; record id (of kind). Returns the verified chain
 * (caller frees) or NULL after recording the failure. */
STACK_OF(X509) *tdx_verify_chain(const struct ev_input *in, struct ev_result *r, const char *id,
				 enum ev_kind kind, X509_STORE *store, X509 *leaf, STACK_OF(X509) *untrusted);

/* Revocation of a verified chain against the --crl files: records id. 0 or
 * -errno (a CRL file that cannot be read). */
int tdx_check_crls(const struct ev_input *in, struct ev_result *r, X509_STORE *store,
		   STACK_OF(X509) *chain);

/* What the PCK certificate's SGX extension says of the platform. */
struct tdx_pck_ext {
	uint8_t fmspc[6];
	uint8_t comps[16];	/* SGX TCB component SVNs */
	size_t ncomps;
	unsigned int pcesvn;
	bool have_fmspc, have_pcesvn;
};

/* 0, or -EINVAL when the extension, its FMSPC, PCE SVN or one of the 16
 * component SVNs is missing or malformed (tdx-pckext.c). */
int tdx_pck_ext(X509 *pck, struct tdx_pck_ext *x);

/* The TCB info and QE identity collateral, for the quote q whose PCK
 * certificate is pck: records the tdx.tcb_* and tdx.qe_identity* checks.
 * 0 or -errno. */
int tdx_check_collateral(const struct ev_input *in, struct ev_result *r, X509_STORE *store,
			 const struct tdx_quote *q, X509 *pck);

#endif
