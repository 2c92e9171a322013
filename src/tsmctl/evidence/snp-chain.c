// SPDX-License-Identifier: GPL-2.0-or-later
/* SEV-SNP: the report's signature and its chain VCEK -> ASK -> ARK (VLEK ->
 * ASVK -> ARK) to a pinned or given root (snp.h). Every certificate step is
 * libcrypto's. */
#include <errno.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "snp-x509.h"

/* The certificates from a table (the auxblob, or a --certs file). 0 with the
 * chain's leaf and ASK; 1 when a check was recorded instead. */
static int from_table(const uint8_t *b, size_t len, const char *src, const struct snp_report_view *v,
		      struct snp_chain *c, struct ev_result *r)
{
	const struct snp_cert_entry *leaf, *ask, *ark;
	struct snp_cert_table t;
	const char *why;

	if (snp_cert_table_parse(b, len, &t, &why) < 0) {
		ev_add(r, "snp.certs", EV_CHAIN, EV_FAIL, "the certificate table in %s is malformed: %s", src, why);
		return 1;
	}
	leaf = snp_cert_find(&t, v->vlek ? snp_guid_vlek : snp_guid_vcek);
	ask = snp_cert_find(&t, snp_guid_ask);
	ark = snp_cert_find(&t, snp_guid_ark);
	if (!leaf && snp_cert_find(&t, v->vlek ? snp_guid_vcek : snp_guid_vlek)) {
		ev_add(r, "snp.certs", EV_CHAIN, EV_FAIL, "the report names the %s as its signing key, but %s holds only a %s",
		       c->leaf_name, src, v->vlek ? "VCEK" : "VLEK");
		return 1;
	}
	if (!leaf || !ask) {
		ev_add(r, "snp.certs", EV_CHAIN, EV_SKIP, "%s holds no %s certificate: the signature cannot be checked",
		       src, leaf ? c->ask_name : c->leaf_name);
		return 1;
	}
	c->leaf = snp_x509_parse(b + leaf->offset, leaf->length);
	c->ask = snp_x509_parse(b + ask->offset, ask->length);
	c->given_ark = ark ? snp_x509_parse(b + ark->offset, ark->length) : NULL;
	if (!c->leaf || !c->ask || (ark && !c->given_ark)) {
		ev_add(r, "snp.certs", EV_CHAIN, EV_FAIL, "the %s certificate in %s is not an X.509 certificate (DER or PEM)",
		       !c->leaf ? c->leaf_name : !c->ask ? c->ask_name : "ARK", src);
		return 1;
	}
	ev_add(r, "snp.certs", EV_CHAIN, EV_PASS, "%s, %s%s from %s", c->leaf_name, c->ask_name,
	       ark ? " and ARK" : "", src);
	return 0;
}

static bool self_signed(X509 *x)
{
	return X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) == 0;
}

/* PEM certificates: the EC key is the leaf, a self-signed one the ARK, the
 * other the intermediate. */
static int from_pem(const uint8_t *b, size_t len, const char *src, struct snp_chain *c, struct ev_result *r)
{
	STACK_OF(X509) *sk = NULL;
	int rc = ev_pem_certs(b, len, &sk);
	X509 *x;

	if (rc == -ENOMEM)
		return rc;	/* -EINVAL: no certificate or a bad block, none is used */
	while ((x = sk_X509_shift(sk))) {
		EVP_PKEY *key = X509_get0_pubkey(x);	/* NULL for a key libcrypto cannot read */
		X509 **slot = key && EVP_PKEY_get_base_id(key) == EVP_PKEY_EC ? &c->leaf :
			      self_signed(x) ? &c->given_ark : &c->ask;

		if (*slot) {
			X509_free(x);
			sk_X509_pop_free(sk, X509_free);
			ev_add(r, "snp.certs", EV_CHAIN, EV_FAIL, "%s holds more than one %s certificate", src,
			       slot == &c->leaf ? "EC (VCEK or VLEK)" : slot == &c->ask ? "intermediate" : "root");
			return 1;
		}
		*slot = x;
	}
	sk_X509_free(sk);
	if (!c->leaf || !c->ask) {
		ev_add(r, "snp.certs", EV_CHAIN, EV_SKIP, "%s holds no %s certificate: the signature cannot be checked",
		       src, c->leaf ? c->ask_name : c->leaf_name);
		return 1;
	}
	ev_add(r, "snp.certs", EV_CHAIN, EV_PASS, "%s, %s%s from %s (PEM)", c->leaf_name, c->ask_name,
	       c->given_ark ? " and ARK" : "", src);
	return 0;
}

/* 0 with c->leaf and c->ask; 1 after recording why not; -errno. */
static int load(const struct ev_input *in, const struct snp_report_view *v, struct snp_chain *c,
		struct ev_result *r)
{
	uint8_t *buf;
	size_t len;
	int ret;

	if (!in->certs && !in->auxblob_len) {
		ev_add(r, "snp.certs", EV_CHAIN, EV_SKIP,
		       "no certificates: the report came without its auxblob (report --aux) and no --certs was given");
		return 1;
	}
	if (!in->certs)
		return from_table(in->auxblob, in->auxblob_len, "the report's auxblob", v, c, r);
	if ((ret = ev_read_file(in->certs, SNP_FILE_MAX, &buf, &len)) < 0)
		return ev_file_error(r, "--certs", in->certs, -ret, NULL);
	ret = ev_is_pem(buf, len) ? from_pem(buf, len, "--certs", c, r) :
	      from_table(buf, len, "--certs", v, c, r);
	free(buf);
	return ret;
}

/* ECDSA P-384 over bytes 0x000-0x29F, R and S little-endian at 0x2A0. */
static void report_signature(const struct snp_report_view *v, X509 *leaf, struct ev_result *r)
{
	EVP_PKEY *key = X509_get0_pubkey(leaf);
	char group[32] = "";
	bool ok;

	if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_EC ||
	    !EVP_PKEY_get_group_name(key, group, sizeof(group), NULL) || strcmp(group, "secp384r1") != 0) {
		ev_add(r, "snp.report_signature", EV_SIGNATURE, EV_FAIL, "the %s's key is not an ECDSA P-384 key",
		       v->vlek ? "VLEK" : "VCEK");
		return;
	}
	ok = ev_ecdsa_verify(key, EVP_sha384(), v->b + SNP_SIG, SNP_SIG_COMPONENT, true, v->b, SNP_SIGNED_LEN) > 0;
	ev_add(r, "snp.report_signature", EV_SIGNATURE, ok ? EV_PASS : EV_FAIL,
	       ok ? "ECDSA P-384 with SHA-384 over bytes 0x000-0x29F verifies with the %s's key" :
	       "the ECDSA P-384 signature over bytes 0x000-0x29F does not verify with the %s's key",
	       v->vlek ? "VLEK" : "VCEK");
}

/* Is x signed by issuer with RSASSA-PSS, under issuer's name? NULL or why not. */
static const char *signed_by(X509 *x, X509 *issuer)
{
	int ok;

	if (X509_get_signature_nid(x) != NID_rsassaPss)
		return "its signature is not RSASSA-PSS";
	if (X509_NAME_cmp(X509_get_issuer_name(x), X509_get_subject_name(issuer)) != 0)
		return "its issuer name is not the issuer's subject";
	ok = X509_verify(x, X509_get0_pubkey(issuer)) == 1;
	ERR_clear_error();
	return ok ? NULL : "the signature does not verify";
}

/* The root that signs the ASK: the given ARK if it is trusted, else a trusted one. */
static void find_root(struct snp_chain *c, bool anchors, struct ev_result *r)
{
	const char *roots = anchors ? "a --trust-anchor" : "a pinned AMD root (Milan, Genoa, Turin)", *product;
	char cn[64];
	int i;

	for (i = 0; i < sk_X509_num(c->roots); i++) {
		X509 *root = sk_X509_value(c->roots, i);

		if (c->given_ark ? X509_cmp(root, c->given_ark) == 0 : !signed_by(c->ask, root)) {
			c->ark = root;
			break;
		}
	}
	if (!c->ark && c->given_ark) {
		ev_add(r, "snp.ark_trusted", EV_CHAIN, EV_FAIL, "the ARK in the certificates (%s) is not %s",
		       snp_cn(c->given_ark, cn, sizeof(cn)), roots);
		return;
	}
	if (!c->ark) {
		ev_add(r, "snp.ark_trusted", EV_CHAIN, EV_FAIL, "the %s is signed by no %s", c->ask_name,
		       anchors ? "--trust-anchor" : "pinned AMD root (Milan, Genoa, Turin)");
		return;
	}
	product = snp_root_product(c->ark, cn, sizeof(cn));
	snprintf(c->product, sizeof(c->product), "%s", product ? product : "");
	ev_add(r, "snp.ark_trusted", EV_CHAIN, EV_PASS, "the root is %s%s%s (%s)", anchors ? "a --trust-anchor" :
	       "AMD's pinned ARK", c->product[0] ? " for " : "", c->product, snp_cn(c->ark, cn, sizeof(cn)));
}

static void signatures(struct snp_chain *c, struct ev_result *r)
{
	const char *why = signed_by(c->leaf, c->ask);

	ev_add(r, "snp.vcek_signed", EV_CHAIN, why ? EV_FAIL : EV_PASS, "the %s certificate is signed by the %s%s%s",
	       c->leaf_name, c->ask_name, why ? ": " : " (RSASSA-PSS)", why ? why : "");
	if (!c->ark)
		return;
	why = signed_by(c->ask, c->ark);
	ev_add(r, "snp.ask_signed", EV_CHAIN, why ? EV_FAIL : EV_PASS, "the %s certificate is signed by the ARK%s%s",
	       c->ask_name, why ? ": " : " (RSASSA-PSS)", why ? why : "");
}

/* Every certificate valid at in->now. */
static void validity(const struct ev_input *in, const struct snp_chain *c, struct ev_result *r)
{
	X509 *certs[] = { c->leaf, c->ask, c->ark };
	const char *names[] = { c->leaf_name, c->ask_name, "ARK" };
	time_t now = in->now;
	size_t i;

	for (i = 0; i < 3 && certs[i]; i++) {
		if (X509_cmp_time(X509_get0_notBefore(certs[i]), &now) >= 0) {
			ev_add(r, "snp.validity", EV_CHAIN, EV_FAIL, "the %s certificate is not valid yet at %lld",
			       names[i], (long long)now);
			return;
		}
		if (X509_cmp_time(X509_get0_notAfter(certs[i]), &now) <= 0) {
			ev_add(r, "snp.validity", EV_CHAIN, EV_FAIL, "the %s certificate has expired at %lld",
			       names[i], (long long)now);
			return;
		}
	}
	ev_add(r, "snp.validity", EV_CHAIN, EV_PASS, "%zu certificates valid at %lld", i, (long long)now);
}

int snp_verify_chain(const struct ev_input *in, const struct snp_report_view *v, struct ev_result *r)
{
	struct snp_chain c = { .leaf_name = v->vlek ? "VLEK" : "VCEK", .ask_name = v->vlek ? "ASVK" : "ASK" };
	int ret;

	ret = load(in, v, &c, r);
	if (ret == 0)
		ret = snp_trusted_roots(in, &c.roots, r);
	if (ret == 0) {
		report_signature(v, c.leaf, r);
		find_root(&c, in->nanchors > 0, r);
		signatures(&c, r);
		validity(in, &c, r);
		snp_check_claims(v, &c, r);
		ret = snp_check_revocation(in, &c, r);
	}
	X509_free(c.leaf);
	X509_free(c.ask);
	X509_free(c.given_ark);
	sk_X509_pop_free(c.roots, X509_free);
	return ret < 0 ? ret : 0;
}
