// SPDX-License-Identifier: GPL-2.0-or-later
/* SEV-SNP: revocation, by the CRLs given with --crl (AMD publishes one per
 * product line, signed by the ARK; snp.h). Collateral: without it the check
 * is skipped and the answer does not depend on it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "snp-x509.h"

/* Every CRL in a PEM or DER file: 0, or -errno (-EINVAL: none). */
static int load_crls(const char *path, STACK_OF(X509_CRL) *out, struct ev_result *res)
{
	uint8_t *buf;
	size_t len;
	int r;

	if ((r = ev_read_file(path, SNP_FILE_MAX, &buf, &len)) < 0)
		return ev_file_error(res, "--crl", path, -r, NULL);
	r = ev_load_crls(buf, len, out);
	free(buf);
	return r == -EINVAL ? ev_file_error(res, "--crl", path, EINVAL, "it holds no CRL (PEM or DER)") : r;
}

/* One CRL: NULL if it is good and revokes nothing in the chain, else why. */
static const char *judge(X509_CRL *crl, const struct snp_chain *c, time_t now, char *buf, size_t size)
{
	X509 *issuer = NULL, *subject = NULL;
	const ASN1_TIME *next = X509_CRL_get0_nextUpdate(crl);
	X509_REVOKED *rev;
	char cn[64];
	int ok;

	if (c->ark && !X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(c->ark))) {
		issuer = c->ark;
		subject = c->ask;
	} else if (!X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(c->ask))) {
		issuer = c->ask;
		subject = c->leaf;
	}
	if (!issuer)
		return "a CRL is issued by neither the chain's ARK nor its ASK";
	ok = X509_CRL_verify(crl, X509_get0_pubkey(issuer)) == 1;
	ERR_clear_error();
	if (!ok) {
		snprintf(buf, size, "the signature of the CRL of %s does not verify", snp_cn(issuer, cn, sizeof(cn)));
		return buf;
	}
	if (X509_cmp_time(X509_CRL_get0_lastUpdate(crl), &now) >= 0 || (next && X509_cmp_time(next, &now) <= 0)) {
		snprintf(buf, size, "the CRL of %s is not current at %lld", snp_cn(issuer, cn, sizeof(cn)),
			 (long long)now);
		return buf;
	}
	if (X509_CRL_get0_by_cert(crl, &rev, subject) == 1) {
		snprintf(buf, size, "the %s certificate is revoked by the CRL of %s",
			 subject == c->ask ? c->ask_name : c->leaf_name, snp_cn(issuer, cn, sizeof(cn)));
		return buf;
	}
	return NULL;
}

int snp_check_revocation(const struct ev_input *in, const struct snp_chain *c, struct ev_result *r)
{
	STACK_OF(X509_CRL) *crls;
	char buf[EV_DETAIL_MAX];
	const char *why = NULL;
	size_t i;
	int ret = 0, j;

	if (!in->ncrls) {
		ev_add(r, "snp.revocation", EV_COLLATERAL, EV_SKIP,
		       "no --crl given: whether the %s or the %s is revoked was not checked", c->ask_name, c->leaf_name);
		return 0;
	}
	if (!(crls = sk_X509_CRL_new_null()))
		return -ENOMEM;
	for (i = 0; ret == 0 && i < in->ncrls; i++)
		ret = load_crls(in->crls[i], crls, r);
	for (j = 0; ret == 0 && !why && j < sk_X509_CRL_num(crls); j++)
		why = judge(sk_X509_CRL_value(crls, j), c, in->now, buf, sizeof(buf));
	if (ret == 0)
		ev_add(r, "snp.revocation", EV_COLLATERAL, why ? EV_FAIL : EV_PASS, "%s",
		       why ? why : "no certificate of the chain is revoked by the CRLs given");
	sk_X509_CRL_pop_free(crls, X509_CRL_free);
	return ret;
}
