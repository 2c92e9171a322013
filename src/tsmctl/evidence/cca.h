/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the CCA verifier (cca.c) shares with its COSE signature step. */
#ifndef TSM_CCA_H
#define TSM_CCA_H

#include <openssl/evp.h>

#include "ccatoken.h"
#include "ossl.h"

/* 1 when the COSE_Sign1 signature verifies with key, 0 when it does not (why
 * says why: unknown alg, key of the wrong curve, bad signature), -ENOMEM. */
int cca_cose_verify(const struct cca_sign1 *s, EVP_PKEY *key, char *why, size_t n);
/* The EC public key of a point on a COSE curve (1-3), NULL if off the curve. */
EVP_PKEY *cca_key_from_point(const struct cca_ec_key *k);
/* "P-256", "P-384", "P-521", or what else the key is. */
const char *cca_curve_name(const EVP_PKEY *key);
/* "ES256" etc., NULL for a missing or unknown alg. */
const char *cca_alg_name(const struct cca_sign1 *s);

#endif
