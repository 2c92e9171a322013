// SPDX-License-Identifier: GPL-2.0-or-later
/* The PCK certificate chain of a TDX quote: trust anchors, verification at
 * the given time, revocation against the given CRLs (libcrypto). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "tdx.h"

#define TDX_FILE_MAX (4u << 20)

int tdx_read_file(struct ev_result *r, const char *option, const char *path, uint8_t **buf, size_t *len)
{
	int rc = ev_read_file(path, TDX_FILE_MAX, buf, len);

	return rc < 0 ? ev_file_error(r, option, path, -rc, NULL) : 0;
}

static int add_anchors(X509_STORE *store, const uint8_t *pem, size_t len)
{
	STACK_OF(X509) *sk = NULL;
	int i, rc = ev_pem_certs(pem, len, &sk);

	for (i = 0; !rc && i < sk_X509_num(sk); i++)
		if (!X509_STORE_add_cert(store, sk_X509_value(sk, i)))
			rc = -ENOMEM;
	ev_certs_free(sk);
	return rc;
}

int tdx_anchors(const struct ev_input *in, struct ev_result *r, X509_STORE **out)
{
	X509_STORE *store = X509_STORE_new();
	uint8_t *buf;
	size_t i, len;
	int rc = store ? 0 : -ENOMEM;

	if (!rc && !in->nanchors)
		rc = add_anchors(store, (const uint8_t *)tdx_intel_root_pem, strlen(tdx_intel_root_pem));
	for (i = 0; !rc && i < in->nanchors; i++) {
		rc = tdx_read_file(r, "--trust-anchor", in->anchors[i], &buf, &len);
		if (rc)
			break;
		rc = add_anchors(store, buf, len);
		free(buf);
		if (rc == -EINVAL)
			rc = ev_file_error(r, "--trust-anchor", in->anchors[i], EINVAL, "it holds no PEM certificate");
	}
	if (rc) {
		X509_STORE_free(store);
		return rc;
	}
	*out = store;
	return 0;
}

static X509_STORE_CTX *new_ctx(const struct ev_input *in, X509_STORE *store, X509 *leaf,
			       STACK_OF(X509) *untrusted, unsigned long flags)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();

	if (!ctx || !X509_STORE_CTX_init(ctx, store, leaf, untrusted)) {
		X509_STORE_CTX_free(ctx);
		return NULL;
	}
	X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), in->now);
	X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx), flags | X509_V_FLAG_X509_STRICT);
	return ctx;
}

static void subject(X509 *x, char *buf, size_t len)
{
	if (!x || !X509_NAME_oneline(X509_get_subject_name(x), buf, (int)len))
		snprintf(buf, len, "?");
}

/* Every certificate the quote offered must be in the verified chain: a
 * corrupted copy of the root is an error, not something to ignore. */
static X509 *stray(STACK_OF(X509) *offered, STACK_OF(X509) *chain)
{
	int i, j, found;

	for (i = 0; i < sk_X509_num(offered); i++) {
		for (j = 0, found = 0; !found && j < sk_X509_num(chain); j++)
			found = X509_cmp(sk_X509_value(offered, i), sk_X509_value(chain, j)) == 0;
		if (!found)
			return sk_X509_value(offered, i);
	}
	return NULL;
}

STACK_OF(X509) *tdx_verify_chain(const struct ev_input *in, struct ev_result *r, const char *id,
				 enum ev_kind kind, X509_STORE *store, X509 *leaf, STACK_OF(X509) *untrusted)
{
	X509_STORE_CTX *ctx = new_ctx(in, store, leaf, untrusted, 0);
	STACK_OF(X509) *chain = NULL;
	char name[160];
	X509 *bad;
	int err;

	if (ctx && X509_verify_cert(ctx) == 1)
		chain = X509_STORE_CTX_get1_chain(ctx);
	if (!chain) {
		err = ctx ? X509_STORE_CTX_get_error(ctx) : X509_V_ERR_OUT_OF_MEM;
		subject(ctx ? X509_STORE_CTX_get_current_cert(ctx) : NULL, name, sizeof(name));
		ev_add(r, id, kind, EV_FAIL, "%s: %s (anchor: %s)", name, X509_verify_cert_error_string(err),
		       in->nanchors ? "--trust-anchor" : "the pinned Intel SGX Root CA");
	} else if ((bad = stray(untrusted, chain))) {
		subject(bad, name, sizeof(name));
		ev_add(r, id, kind, EV_FAIL, "%s: a certificate in the quote's chain is not the one verified",
		       name);
		ev_certs_free(chain);
		chain = NULL;
	} else {
		subject(sk_X509_value(chain, sk_X509_num(chain) - 1), name, sizeof(name));
		ev_add(r, id, kind, EV_PASS, "%d certificates up to %s (%s), valid at the given time",
		       sk_X509_num(chain), name, in->nanchors ? "--trust-anchor" : "pinned");
	}
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
	return chain;
}

/* One --crl file: PEM (one or more CRLs) or DER. */
static int load_crl(struct ev_result *r, const char *path, STACK_OF(X509_CRL) *crls)
{
	uint8_t *buf;
	size_t len;
	int rc = tdx_read_file(r, "--crl", path, &buf, &len);

	if (rc)
		return rc;
	rc = ev_load_crls(buf, len, crls);
	free(buf);
	return rc;
}

int tdx_check_crls(const struct ev_input *in, struct ev_result *r, X509_STORE *store,
		   STACK_OF(X509) *chain)
{
	STACK_OF(X509_CRL) *crls;
	STACK_OF(X509) *untrusted;
	X509_STORE_CTX *ctx = NULL;
	char name[160];
	size_t i;
	int rc = 0, err;

	if (!in->ncrls) {
		ev_add(r, "tdx.revocation", EV_COLLATERAL, EV_SKIP,
		       "not checked: no --crl (the PCK CRL and the root CA CRL)");
		return 0;
	}
	crls = sk_X509_CRL_new_null();
	untrusted = X509_chain_up_ref(chain);
	for (i = 0; crls && !rc && i < in->ncrls; i++) {
		rc = load_crl(r, in->crls[i], crls);
		if (rc == -EINVAL) {
			ev_add(r, "tdx.revocation", EV_COLLATERAL, EV_FAIL, "--crl %s: not a CRL (PEM or DER)",
			       in->crls[i]);
			rc = 0;
			goto out;
		}
	}
	if (!crls || !untrusted || rc) {
		rc = rc ? rc : -ENOMEM;
		goto out;
	}
	ctx = new_ctx(in, store, sk_X509_value(chain, 0), untrusted,
		      X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
	if (!ctx) {
		rc = -ENOMEM;
		goto out;
	}
	X509_STORE_CTX_set0_crls(ctx, crls);
	if (X509_verify_cert(ctx) == 1) {
		ev_add(r, "tdx.revocation", EV_COLLATERAL, EV_PASS,
		       "no certificate of the PCK chain is revoked (%d CRLs, current at the given time)",
		       sk_X509_CRL_num(crls));
	} else {
		err = X509_STORE_CTX_get_error(ctx);
		subject(X509_STORE_CTX_get_current_cert(ctx), name, sizeof(name));
		ev_add(r, "tdx.revocation", EV_COLLATERAL, EV_FAIL, "%s: %s", name,
		       X509_verify_cert_error_string(err));
	}
out:
	ERR_clear_error();
	X509_STORE_CTX_free(ctx);
	sk_X509_CRL_pop_free(crls, X509_CRL_free);
	ev_certs_free(untrusted);
	return rc;
}
