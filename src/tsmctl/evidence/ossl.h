/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The libcrypto steps every verifier shares (ossl.c): reading a given file,
 * PEM certificates and CRLs, and an ECDSA signature given as raw r || s. */
#ifndef TSM_EVIDENCE_OSSL_H
#define TSM_EVIDENCE_OSSL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* A whole file of at most max bytes into *buf (malloc'd, NUL-terminated):
 * 0, or -errno (-EFBIG: larger than max) with *buf NULL. */
int ev_read_file(const char *path, size_t max, uint8_t **buf, size_t *len);

/* Does the text start, after white space, with a PEM "-----BEGIN" line? */
bool ev_is_pem(const uint8_t *p, size_t n);

/* Every certificate of a PEM text, in order: 0, or -EINVAL (a block that
 * is not a certificate, or none at all), -ENOMEM. */
int ev_pem_certs(const void *p, size_t n, STACK_OF(X509) **out);

static inline void ev_certs_free(STACK_OF(X509) *sk)
{
	sk_X509_pop_free(sk, X509_free);
}

/* The CRLs of one file's bytes, PEM (one or more) or DER (exactly one,
 * nothing after it), appended to out: 0, or -EINVAL (none), -ENOMEM. */
int ev_load_crls(const uint8_t *buf, size_t len, STACK_OF(X509_CRL) *out);

/* The ECDSA signature r || s (each coord bytes, little-endian if le, else
 * big-endian) of data, hashed with md, by key: 1 valid, 0 not, -ENOMEM. */
int ev_ecdsa_verify(EVP_PKEY *key, const EVP_MD *md, const uint8_t *sig, size_t coord, bool le,
		    const void *data, size_t len);

#endif
