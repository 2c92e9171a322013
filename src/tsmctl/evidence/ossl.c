// SPDX-License-Identifier: GPL-2.0-or-later
/* The libcrypto steps the SEV-SNP, TDX and Arm CCA verifiers share
 * (ossl.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "hk/io.h"
#include "ossl.h"

int ev_read_file(const char *path, size_t max, uint8_t **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY), r;
	uint8_t *b = NULL;
	size_t n = 0;

	*buf = NULL;
	*len = 0;
	if (fd < 0)
		return errno ? -errno : -EIO;
	r = hk_read_fd_alloc(fd, max, &b, &n);
	close(fd);
	if (r < 0)
		return r;
	*buf = b;
	*len = n;
	return 0;
}

bool ev_is_pem(const uint8_t *p, size_t n)
{
	static const char tag[] = "-----BEGIN";

	while (n && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
		p++;
		n--;
	}
	return n >= sizeof(tag) - 1 && memcmp(p, tag, sizeof(tag) - 1) == 0;
}

int ev_pem_certs(const void *p, size_t n, STACK_OF(X509) **out)
{
	BIO *bio = n <= INT32_MAX ? BIO_new_mem_buf(p, (int)n) : NULL;
	STACK_OF(X509) *sk = sk_X509_new_null();
	X509 *x;
	int rc = -ENOMEM;

	*out = NULL;
	if (!bio || !sk)
		goto out;
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		if (!sk_X509_push(sk, x)) {
			X509_free(x);
			goto out;
		}
	}
	/* Stopped at the end of the text, or at a block that is no certificate. */
	rc = ERR_GET_REASON(ERR_peek_last_error()) == PEM_R_NO_START_LINE && sk_X509_num(sk) > 0 ? 0 : -EINVAL;
out:
	ERR_clear_error();
	BIO_free(bio);
	if (rc)
		ev_certs_free(sk);
	else
		*out = sk;
	return rc;
}

int ev_load_crls(const uint8_t *buf, size_t len, STACK_OF(X509_CRL) *out)
{
	const unsigned char *q = buf;
	X509_CRL *crl = NULL;
	int n = 0, rc = 0;
	BIO *bio;

	if (len > INT32_MAX)
		return -EINVAL;
	if (ev_is_pem(buf, len)) {
		if (!(bio = BIO_new_mem_buf(buf, (int)len)))
			return -ENOMEM;
		while (!rc && (crl = PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL)))
			if (sk_X509_CRL_push(out, crl) > 0)
				n++;
			else
				rc = -ENOMEM;
		BIO_free(bio);
	} else if ((crl = d2i_X509_CRL(NULL, &q, (long)len)) && q == buf + len) {
		if (sk_X509_CRL_push(out, crl) > 0)
			n++;
		else
			rc = -ENOMEM;
	}
	if (n == 0 || rc)
		X509_CRL_free(crl);
	ERR_clear_error();
	return rc ? rc : n ? 0 : -EINVAL;
}

int ev_ecdsa_verify(EVP_PKEY *key, const EVP_MD *md, const uint8_t *sig, size_t coord, bool le,
		    const void *data, size_t len)
{
	BIGNUM *r = le ? BN_lebin2bn(sig, (int)coord, NULL) : BN_bin2bn(sig, (int)coord, NULL);
	BIGNUM *s = le ? BN_lebin2bn(sig + coord, (int)coord, NULL) : BN_bin2bn(sig + coord, (int)coord, NULL);
	ECDSA_SIG *es = ECDSA_SIG_new();
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char *der = NULL;
	int der_len, rc = -ENOMEM;

	if (!es || !r || !s || !ctx || !ECDSA_SIG_set0(es, r, s))
		goto out;
	r = s = NULL;	/* owned by es now */
	der_len = i2d_ECDSA_SIG(es, &der);
	if (der_len <= 0)
		goto out;
	rc = EVP_DigestVerifyInit(ctx, NULL, md, NULL, key) == 1 &&
	     EVP_DigestVerify(ctx, der, (size_t)der_len, data, len) == 1;
out:
	ERR_clear_error();
	OPENSSL_free(der);
	EVP_MD_CTX_free(ctx);
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(es);
	return rc;
}
