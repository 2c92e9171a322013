// SPDX-License-Identifier: GPL-2.0-or-later
/* TDX collateral: Intel's TCB info (--tcb-info) and QE identity
 * (--qe-identity) JSON. Each file is the JSON document as Intel's PCS
 * serves it ({"tcbInfo": {...}, "signature": "<r||s hex>"}), followed by its
 * issuer chain as PEM (the TCB signing certificate, then the root). The
 * signature is ECDSA P-256 over the exact bytes of the tcbInfo (or
 * enclaveIdentity) member; the chain must reach the same anchors as the PCK
 * chain. Then the quote's TEE_TCB_SVN (or the QE's ISVSVN) is placed in the
 * signed TCB levels: the first level it meets or exceeds gives the status. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "hk/codec.h"
#include "jsonget.h"
#include "tdx-json.h"
#include "tdx.h"

struct coll {
	const char *opt;	/* the option that named the file */
	const char *member;	/* the signed member */
	const char *chain_id, *sig_id, *status_id;
	uint8_t *buf;
	struct tj body;		/* the signed member's value */
};

/* "2024-05-01T00:00:00Z" as seconds since the epoch, or -1. */
static time_t iso_time(struct tj v)
{
	char s[32];
	struct tm tm = { 0 };
	char *end;

	if (!tj_str(v, s, sizeof(s)))
		return -1;
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end || (strcmp(end, "Z") && strcmp(end, ".000Z") && strcmp(end, "+00:00")))
		return -1;
	return timegm(&tm);
}

/* The signature of the member by the first certificate of the chain after
 * the JSON. 1: signed and chained, 0: a failure recorded, -errno. */
static int check_signed(const struct ev_input *in, struct ev_result *r, X509_STORE *store,
			struct coll *c, const char *json_end, size_t len)
{
	STACK_OF(X509) *certs = NULL, *chain;
	char *hex = NULL;
	uint8_t sig[TDX_ECDSA_SIG_LEN];
	size_t siglen = 0;
	struct tj doc = { (const char *)c->buf, (size_t)(json_end - (const char *)c->buf) };
	int rc = tsm_json_get_string(doc.p, doc.n, "signature", &hex);

	if (rc == -ENOMEM)
		return rc;
	if (rc || !hex || hk_hex_decode(hex, sig, sizeof(sig), &siglen) || siglen != sizeof(sig) ||
	    !tj_member(doc, c->member, &c->body) || c->body.p[0] != '{') {
		ev_add(r, c->sig_id, EV_COLLATERAL, EV_FAIL,
		       "%s: not a JSON object with a \"%s\" object and a 64-byte hex \"signature\"", c->opt,
		       c->member);
		free(hex);
		return 0;
	}
	free(hex);
	rc = ev_pem_certs((const uint8_t *)json_end, len - doc.n, &certs);
	if (rc == -EINVAL)
		ev_add(r, c->chain_id, EV_COLLATERAL, EV_FAIL,
		       "%s: no issuer chain (PEM certificates) after the JSON", c->opt);
	if (rc)
		return rc == -EINVAL ? 0 : rc;
	chain = tdx_verify_chain(in, r, c->chain_id, EV_COLLATERAL, store, sk_X509_value(certs, 0), certs);
	rc = 0;
	if (chain) {
		rc = tdx_ecdsa_verify(X509_get0_pubkey(sk_X509_value(chain, 0)), sig,
				      (const uint8_t *)c->body.p, c->body.n);
		if (rc >= 0)
			ev_add(r, c->sig_id, EV_COLLATERAL, rc ? EV_PASS : EV_FAIL,
			       rc ? "%s: ECDSA P-256 signature of the \"%s\" member (%zu bytes) by its signing certificate"
				  : "%s: the signature of the \"%s\" member (%zu bytes) is not valid",
			       c->opt, c->member, c->body.n);
	}
	ev_certs_free(chain);
	ev_certs_free(certs);
	return rc;
}

/* Read, check the signature and the dates: 1 when the body can be trusted. */
static int load(const struct ev_input *in, struct ev_result *r, X509_STORE *store, struct coll *c,
		const char *path)
{
	struct tj issue, next;
	const char *end;
	size_t len;
	time_t t0, t1;
	int rc = tdx_read_file(r, c->opt, path, &c->buf, &len);

	if (rc)
		return rc;
	end = tj_skip((const char *)c->buf, (const char *)c->buf + len);
	if (!end || c->buf[0] != '{') {
		ev_add(r, c->sig_id, EV_COLLATERAL, EV_FAIL, "%s: does not start with a JSON object", c->opt);
		return 0;
	}
	rc = check_signed(in, r, store, c, end, len);
	if (rc <= 0)
		return rc;
	t0 = tj_member(c->body, "issueDate", &issue) ? iso_time(issue) : -1;
	t1 = tj_member(c->body, "nextUpdate", &next) ? iso_time(next) : -1;
	if (t0 < 0 || t1 < 0 || in->now < t0 || in->now > t1) {
		ev_add(r, c->status_id, EV_COLLATERAL, EV_FAIL,
		       "%s: not current at the given time (issueDate, nextUpdate missing or outside it)", c->opt);
		return 0;
	}
	return 1;
}

/* Statuses under which the platform is still trusted (with advice). */
static bool acceptable(const char *status)
{
	return !strcmp(status, "UpToDate") || !strcmp(status, "SWHardeningNeeded") ||
	       !strcmp(status, "ConfigurationNeeded") || !strcmp(status, "ConfigurationAndSWHardeningNeeded");
}

static void record_status(struct ev_result *r, const struct coll *c, struct tj level, size_t i,
			  const char *what)
{
	char status[48];
	struct tj st;

	if (!tj_member(level, "tcbStatus", &st) || !tj_str(st, status, sizeof(status)))
		snprintf(status, sizeof(status), "(no tcbStatus)");
	ev_add(r, c->status_id, EV_COLLATERAL, acceptable(status) ? EV_PASS : EV_FAIL,
	       "%s: %s: TCB level %zu, %s", c->opt, what, i, status);
}

/* Does svn meet all 16 component SVNs of the TCB level's array name? 1 yes,
 * 0 no, -1 malformed. */
static int comps_met(struct tj tcb, const char *name, const uint8_t *svn)
{
	struct tj comps, comp, v;
	unsigned long x;
	size_t i;

	if (!tj_member(tcb, name, &comps))
		return -1;
	for (i = 0; i < 16; i++) {
		if (!tj_index(comps, i, &comp) || !tj_member(comp, "svn", &v) || !tj_uint(v, 255, &x))
			return -1;
		if (svn[i] < x)
			return 0;
	}
	return 1;
}

/* A level applies when the PCK certificate's SGX TCB and PCE SVN and the
 * quote's TEE_TCB_SVN all meet it. */
static int level_met(struct tj level, const struct tdx_pck_ext *x, const uint8_t *tee_svn)
{
	struct tj tcb, v;
	unsigned long pcesvn;
	int sgx, tdx;

	if (!tj_member(level, "tcb", &tcb) || !tj_member(tcb, "pcesvn", &v) || !tj_uint(v, 65535, &pcesvn))
		return -1;
	sgx = comps_met(tcb, "sgxtcbcomponents", x->comps);
	tdx = comps_met(tcb, "tdxtcbcomponents", tee_svn);
	if (sgx < 0 || tdx < 0)
		return -1;
	return sgx && tdx && x->pcesvn >= pcesvn;
}

/* The TCB info's FMSPC against the PCK certificate's; false after recording. */
static bool same_platform(struct ev_result *r, const struct coll *c, const struct tdx_pck_ext *x)
{
	char fmspc[16], pck[13];
	struct tj v;

	hk_hex_encode(x->fmspc, sizeof(x->fmspc), pck);
	if (!tj_member(c->body, "fmspc", &v) || !tj_str(v, fmspc, sizeof(fmspc)) || strcasecmp(fmspc, pck)) {
		ev_add(r, c->status_id, EV_COLLATERAL, EV_FAIL,
		       "%s: TCB info is not for this platform (its fmspc differs from the PCK certificate's %s)",
		       c->opt, pck);
		return false;
	}
	return true;
}

static void tcb_status(struct ev_result *r, const struct coll *c, const struct tdx_quote *q, X509 *pck)
{
	struct tj levels, level, id;
	struct tdx_pck_ext x;
	char sid[8] = "";
	size_t i;
	int met = 0;

	if (tdx_pck_ext(pck, &x)) {
		ev_add(r, c->status_id, EV_COLLATERAL, EV_FAIL,
		       "%s: the PCK certificate has no complete SGX extension (FMSPC, TCB components, PCE SVN)",
		       c->opt);
		return;
	}
	if (!tj_member(c->body, "id", &id) || !tj_str(id, sid, sizeof(sid)) || strcmp(sid, "TDX") ||
	    !tj_member(c->body, "tcbLevels", &levels)) {
		ev_add(r, c->status_id, EV_COLLATERAL, EV_FAIL, "%s: not TDX TCB info (id \"TDX\", tcbLevels)",
		       c->opt);
		return;
	}
	if (!same_platform(r, c, &x))
		return;
	for (i = 0; !met && tj_index(levels, i, &level); i++)
		met = level_met(level, &x, q->body + TDX_BODY_TEE_TCB_SVN);
	if (met == 1)
		record_status(r, c, level, i - 1, "SGX TCB and PCE SVN (PCK certificate), TEE_TCB_SVN (quote)");
	else
		ev_add(r, c->status_id, EV_COLLATERAL, EV_FAIL, "%s: the platform's TCB %s", c->opt,
		       met < 0 ? "meets a malformed TCB level" : "is below every TCB level");
}

static unsigned int le16(const uint8_t *p)
{
	return (unsigned int)(p[0] | p[1] << 8);
}

/* Is this the identity of the TD Quoting Enclave that made the QE report:
 * id TD_QE, and its MRSIGNER and ISVPRODID? */
static bool same_enclave(struct ev_result *r, const struct coll *c, const struct tdx_quote *q)
{
	char id[8] = "", hex[80];
	uint8_t mrsigner[32];
	size_t len = 0;
	unsigned long prodid;
	struct tj v;

	if (!tj_member(c->body, "id", &v) || !tj_str(v, id, sizeof(id)) || strcmp(id, "TD_QE") ||
	    !tj_member(c->body, "mrsigner", &v) || !tj_str(v, hex, sizeof(hex)) ||
	    hk_hex_decode(hex, mrsigner, sizeof(mrsigner), &len) || len != sizeof(mrsigner) ||
	    !tj_member(c->body, "isvprodid", &v) || !tj_uint(v, 65535, &prodid)) {
		ev_add(r, c->status_id, EV_COLLATERAL, EV_FAIL,
		       "%s: not a TD QE identity (id \"TD_QE\", mrsigner, isvprodid)", c->opt);
		return false;
	}
	if (memcmp(mrsigner, q->qe_report + TDX_QE_MRSIGNER, sizeof(mrsigner)) ||
	    prodid != le16(q->qe_report + TDX_QE_ISVPRODID)) {
		ev_add(r, c->status_id, EV_COLLATERAL, EV_FAIL,
		       "%s: the QE report's MRSIGNER or ISVPRODID is not the identity's", c->opt);
		return false;
	}
	return true;
}

static void qe_status(struct ev_result *r, const struct coll *c, const struct tdx_quote *q)
{
	unsigned int isvsvn = le16(q->qe_report + TDX_QE_ISVSVN);
	struct tj levels, level, tcb, v;
	unsigned long x;
	size_t i;

	if (!same_enclave(r, c, q))
		return;
	if (!tj_member(c->body, "tcbLevels", &levels)) {
		ev_add(r, c->status_id, EV_COLLATERAL, EV_FAIL, "%s: no tcbLevels", c->opt);
		return;
	}
	for (i = 0; tj_index(levels, i, &level); i++) {
		if (!tj_member(level, "tcb", &tcb) || !tj_member(tcb, "isvsvn", &v) || !tj_uint(v, 65535, &x))
			break;
		if (isvsvn >= x) {
			record_status(r, c, level, i, "the QE's ISVSVN");
			return;
		}
	}
	ev_add(r, c->status_id, EV_COLLATERAL, EV_FAIL, "%s: the QE's ISVSVN %u is below every level, or a level is malformed",
	       c->opt, isvsvn);
}

int tdx_check_collateral(const struct ev_input *in, struct ev_result *r, X509_STORE *store,
			 const struct tdx_quote *q, X509 *pck)
{
	struct coll tcb = { "--tcb-info", "tcbInfo", "tdx.tcb_info_chain", "tdx.tcb_info_signature",
			    "tdx.tcb_status", NULL, { NULL, 0 } };
	struct coll qe = { "--qe-identity", "enclaveIdentity", "tdx.qe_identity_chain",
			   "tdx.qe_identity_signature", "tdx.qe_identity", NULL, { NULL, 0 } };
	int rc = 0;

	if (!in->tcb_info)
		ev_add(r, "tdx.tcb_status", EV_COLLATERAL, EV_SKIP,
		       "not checked: no --tcb-info (the TCB status of TEE_TCB_SVN)");
	else if ((rc = load(in, r, store, &tcb, in->tcb_info)) == 1)
		tcb_status(r, &tcb, q, pck);
	if (rc >= 0 && !in->qe_identity)
		ev_add(r, "tdx.qe_identity", EV_COLLATERAL, EV_SKIP,
		       "not checked: no --qe-identity (the TCB status of the Quoting Enclave)");
	else if (rc >= 0 && (rc = load(in, r, store, &qe, in->qe_identity)) == 1)
		qe_status(r, &qe, q);
	free(tcb.buf);
	free(qe.buf);
	return rc < 0 ? rc : 0;
}
