// SPDX-License-Identifier: GPL-2.0-or-later
/* SEV-SNP certificates with libcrypto (snp.h): reading them from the
 * certificate table or a PEM file, the trusted roots, and the AMD
 * extensions of a VCEK or VLEK. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "snp-x509.h"

X509 *snp_x509_parse(const uint8_t *p, size_t n)
{
	const unsigned char *q = p;
	STACK_OF(X509) *sk;
	X509 *c;

	if (ev_is_pem(p, n)) {
		c = ev_pem_certs(p, n, &sk) == 0 && sk_X509_num(sk) == 1 ? sk_X509_shift(sk) : NULL;
		ev_certs_free(sk);
		return c;
	}
	if (n > INT32_MAX)
		return NULL;
	c = d2i_X509(NULL, &q, (long)n);
	if (c && q != p + n) {	/* trailing bytes: not one certificate */
		X509_free(c);
		c = NULL;
	}
	ERR_clear_error();
	return c;
}

/* The pinned ARKs, or every certificate of the --trust-anchor files. */
int snp_trusted_roots(const struct ev_input *in, STACK_OF(X509) **out, struct ev_result *res)
{
	STACK_OF(X509) *roots = sk_X509_new_null(), *sk = NULL;
	uint8_t *buf = NULL;
	size_t i, len = 0;
	int r;

	if (!roots)
		return -ENOMEM;
	for (i = 0; i < in->nanchors; i++) {
		if ((r = ev_read_file(in->anchors[i], SNP_FILE_MAX, &buf, &len)) < 0) {
			r = ev_file_error(res, "--trust-anchor", in->anchors[i], -r, NULL);
			goto fail;
		}
		r = ev_pem_certs(buf, len, &sk);
		free(buf);
		if (r) {
			if (r == -EINVAL)
				r = ev_file_error(res, "--trust-anchor", in->anchors[i], EINVAL,
						  "it holds no PEM certificate");
			goto fail;
		}
		while (sk_X509_num(sk) > 0)
			sk_X509_push(roots, sk_X509_shift(sk));
		sk_X509_free(sk);
	}
	for (i = 0; !in->nanchors && i < snp_nroots; i++) {
		if (ev_pem_certs(snp_roots[i].pem, strlen(snp_roots[i].pem), &sk) || sk_X509_num(sk) != 1) {
			ev_certs_free(sk);
			r = -ENOMEM;
			goto fail;
		}
		sk_X509_push(roots, sk_X509_shift(sk));
		sk_X509_free(sk);
	}
	*out = roots;
	return 0;
fail:
	sk_X509_pop_free(roots, X509_free);
	return r;
}

/* The product line a root stands for: a pinned ARK's, else from a subject
 * CN of the form ARK-<product> (a test root's); NULL if neither. */
const char *snp_root_product(X509 *root, char *buf, size_t size)
{
	STACK_OF(X509) *sk;
	size_t i;
	bool same;

	for (i = 0; i < snp_nroots; i++) {
		same = ev_pem_certs(snp_roots[i].pem, strlen(snp_roots[i].pem), &sk) == 0 && sk_X509_num(sk) == 1 &&
		       X509_cmp(sk_X509_value(sk, 0), root) == 0;
		ev_certs_free(sk);
		if (same)
			return snp_roots[i].product;
	}
	if (X509_NAME_get_text_by_NID(X509_get_subject_name(root), NID_commonName, buf, (int)size) > 4 &&
	    strncmp(buf, "ARK-", 4) == 0)
		return buf + 4;
	return NULL;
}

/* The DER inside an extension's OCTET STRING, or NULL if absent. */
static const ASN1_OCTET_STRING *ext_data(X509 *c, const char *oid)
{
	ASN1_OBJECT *obj = OBJ_txt2obj(oid, 1);
	int i = obj ? X509_get_ext_by_OBJ(c, obj, -1) : -1;

	ASN1_OBJECT_free(obj);
	return i < 0 ? NULL : X509_EXTENSION_get_data(X509_get_ext(c, i));
}

int snp_ext_uint(X509 *c, const char *oid, uint64_t *v)
{
	const ASN1_OCTET_STRING *d = ext_data(c, oid);
	const unsigned char *p;
	ASN1_INTEGER *n;
	int r;

	if (!d)
		return -ENOENT;
	p = ASN1_STRING_get0_data(d);
	n = d2i_ASN1_INTEGER(NULL, &p, ASN1_STRING_length(d));
	r = n && p == ASN1_STRING_get0_data(d) + ASN1_STRING_length(d) && ASN1_INTEGER_get_uint64(v, n) == 1 ?
	    0 : -EINVAL;
	ASN1_INTEGER_free(n);
	ERR_clear_error();
	return r;
}

/* An OCTET STRING extension (the hardware ID): DER, or the raw bytes. */
int snp_ext_octets(X509 *c, const char *oid, uint8_t *out, size_t max, size_t *len)
{
	const ASN1_OCTET_STRING *d = ext_data(c, oid);
	const unsigned char *p;
	ASN1_OCTET_STRING *s;
	int n;

	if (!d)
		return -ENOENT;
	p = ASN1_STRING_get0_data(d);
	n = ASN1_STRING_length(d);
	s = d2i_ASN1_OCTET_STRING(NULL, &p, n);
	ERR_clear_error();
	if (s && p == ASN1_STRING_get0_data(d) + n) {
		p = ASN1_STRING_get0_data(s);
		n = ASN1_STRING_length(s);
	} else {
		p = ASN1_STRING_get0_data(d);
	}
	if (n < 0 || (size_t)n > max) {
		ASN1_OCTET_STRING_free(s);
		return -EINVAL;
	}
	memcpy(out, p, (size_t)n);
	*len = (size_t)n;
	ASN1_OCTET_STRING_free(s);
	return 0;
}

int snp_ext_ia5(X509 *c, const char *oid, char *out, size_t size)
{
	const ASN1_OCTET_STRING *d = ext_data(c, oid);
	const unsigned char *p;
	ASN1_IA5STRING *s;
	int r = -EINVAL, n;

	if (!d)
		return -ENOENT;
	p = ASN1_STRING_get0_data(d);
	s = d2i_ASN1_IA5STRING(NULL, &p, ASN1_STRING_length(d));
	ERR_clear_error();
	if (s && (n = ASN1_STRING_length(s)) >= 0 && (size_t)n < size &&
	    !memchr(ASN1_STRING_get0_data(s), 0, (size_t)n)) {
		memcpy(out, ASN1_STRING_get0_data(s), (size_t)n);
		out[n] = 0;
		r = 0;
	}
	ASN1_IA5STRING_free(s);
	return r;
}

/* The subject's CN, for messages (escaped when printed). */
const char *snp_cn(X509 *c, char *buf, size_t size)
{
	if (X509_NAME_get_text_by_NID(X509_get_subject_name(c), NID_commonName, buf, (int)size) < 0)
		snprintf(buf, size, "(no CN)");
	return buf;
}
