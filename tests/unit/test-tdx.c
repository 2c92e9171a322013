// SPDX-License-Identifier: GPL-2.0-or-later
/* ev_verify_tdx() against material tests/evidence/gen-tdx.py makes at test
 * time with its own roots: each check passes, and fails on its own. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evidence.h"
#include "tdx.h"
#include "unit.h"

static char dir[64] = "/tmp/test-tdx.XXXXXX";
static uint8_t nonce[64];

static char *path(const char *name)
{
	static char buf[4][160];
	static int n;

	n = (n + 1) % 4;
	snprintf(buf[n], sizeof(buf[n]), "%s/%s", dir, name);
	return buf[n];
}

static uint8_t *load(const char *name, size_t *len)
{
	static struct ev_result scratch;
	uint8_t *b = NULL;

	if (tdx_read_file(&scratch, "test", path(name), &b, len)) {
		printf("Bail out! cannot read %s\n", path(name));
		exit(1);
	}
	return b;
}

struct run {
	const char *quote;	/* file in dir */
	long flip;		/* byte to flip a bit of, or -1 */
	const char *anchor;	/* NULL: the test root; "": the pinned root */
	const char *crl[2];
	const char *tcb, *qe;	/* collateral files in dir */
	bool no_sig, bad_nonce;
	time_t later;		/* seconds after now */
};

static struct ev_result result;

static struct ev_result *run(struct run o)
{
	const char *anchors[1] = { path(o.anchor ? o.anchor : "root.pem") };
	uint8_t n[64];
	size_t len;
	uint8_t *q = load(o.quote, &len);
	struct ev_input in = {
		.provider = "tdx_guest", .outblob = q, .outblob_len = len,
		.nonce = n, .nonce_len = sizeof(n), .check_signature = !o.no_sig,
		.anchors = anchors, .nanchors = o.anchor && !*o.anchor ? 0 : 1,
		.crls = o.crl, .ncrls = o.crl[1] ? 2 : o.crl[0] ? 1 : 0,
		.tcb_info = o.tcb ? path(o.tcb) : NULL, .qe_identity = o.qe ? path(o.qe) : NULL,
		.now = time(NULL) + o.later,
	};

	memcpy(n, nonce, sizeof(n));
	n[5] ^= o.bad_nonce;
	if (o.flip >= 0)
		q[o.flip] ^= 0x10;
	memset(&result, 0, sizeof(result));
	if (ev_verify_tdx(&in, &result))
		printf("# ev_verify_tdx failed to run\n");
	free(q);
	return &result;
}

/* The outcome of check id, or -1 if it was not recorded. */
static int outcome(const struct ev_result *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->checks[i].id, id))
			return (int)r->checks[i].outcome;
	return -1;
}

/* The detail of check id, or "". */
static const char *detail(const struct ev_result *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->checks[i].id, id))
			return r->checks[i].detail;
	return "";
}

static const char *const core[] = {
	"tdx.format", "tdx.nonce", "tdx.quote", "tdx.quote_signature", "tdx.qe_report_binding",
	"tdx.qe_report_signature", "tdx.pck_chain",
};

/* Every core check passes except the one named (NULL: all pass). */
static void expect(const char *what, struct ev_result *r, const char *failing)
{
	size_t i;

	for (i = 0; i < sizeof(core) / sizeof(core[0]); i++) {
		int want = failing && !strcmp(core[i], failing) ? EV_FAIL : EV_PASS;

		CHECK(outcome(r, core[i]) == want, "%s: %s %s", what, core[i], want == EV_PASS ? "passes" : "fails");
	}
	for (i = 0; i < r->n; i++)
		if (r->checks[i].outcome != EV_PASS)
			printf("#   %s: %s\n", r->checks[i].id, r->checks[i].detail);
}

static long offset(const char *name)
{
	char line[64], key[32];
	long off = -1, v;
	FILE *f = fopen(path("offsets"), "re");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%31s %ld", key, &v) == 2 && !strcmp(key, name))
			off = v;
	if (f)
		fclose(f);
	return off;
}

static void generate(void)
{
	const char *top = getenv("top_srcdir");
	char cmd[512], *hex;
	size_t len, i;

	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp\n");
		exit(1);
	}
	snprintf(cmd, sizeof(cmd), "python3 %s/tests/evidence/gen-tdx.py %s", top ? top : TOP_SRCDIR, dir);
	if (system(cmd) != 0) {
		printf("Bail out! %s failed\n", cmd);
		exit(1);
	}
	hex = (char *)load("nonce.hex", &len);
	for (i = 0; i < 64 && 2 * i + 1 < len; i++)
		sscanf(hex + 2 * i, "%2hhx", &nonce[i]);
	free(hex);
}

static void test_quotes(void)
{
	struct ev_result *r;

	expect("v4", run((struct run){ .quote = "v4.quote", .flip = -1 }), NULL);
	expect("v5 TDX 1.5", run((struct run){ .quote = "v5.quote", .flip = -1 }), NULL);
	expect("v5 TDX 1.0", run((struct run){ .quote = "v5-td10.quote", .flip = -1 }), NULL);
	expect("flipped body bit", run((struct run){ .quote = "v4.quote", .flip = offset("body") + 100 }), "tdx.quote_signature");
	expect("flipped v5 body bit", run((struct run){ .quote = "v5.quote", .flip = 48 + 6 + 600 }), "tdx.quote_signature");
	expect("flipped quote signature bit", run((struct run){ .quote = "v4.quote", .flip = offset("sig") + 40 }),
	       "tdx.quote_signature");
	expect("flipped QE report bit", run((struct run){ .quote = "v4.quote", .flip = offset("qe_report") + 1 }),
	       "tdx.qe_report_signature");
	expect("flipped QE report signature bit", run((struct run){ .quote = "v4.quote", .flip = offset("qe_report_sig") + 3 }),
	       "tdx.qe_report_signature");
	expect("QE report not binding the key", run((struct run){ .quote = "nobind.quote", .flip = -1 }), "tdx.qe_report_binding");
	expect("flipped PCK leaf", run((struct run){ .quote = "cert0.quote", .flip = -1 }), "tdx.pck_chain");
	expect("flipped intermediate", run((struct run){ .quote = "cert1.quote", .flip = -1 }), "tdx.pck_chain");
	expect("flipped root copy", run((struct run){ .quote = "cert2.quote", .flip = -1 }), "tdx.pck_chain");
	r = run((struct run){ .quote = "expired.quote", .flip = -1 });
	expect("expired PCK leaf", r, "tdx.pck_chain");
	CHECK(strstr(detail(r, "tdx.pck_chain"), "expired") != NULL, "expired: says so (%s)", detail(r, "tdx.pck_chain"));
	expect("ten years later", run((struct run){ .quote = "v4.quote", .flip = -1, .later = 3651L * 86400 }), "tdx.pck_chain");
	expect("wrong nonce", run((struct run){ .quote = "v4.quote", .flip = -1, .bad_nonce = true }), "tdx.nonce");
	expect("pinned Intel root", run((struct run){ .quote = "v4.quote", .flip = -1, .anchor = "" }), "tdx.pck_chain");
	expect("another root", run((struct run){ .quote = "v4.quote", .flip = -1, .anchor = "other-root.pem" }), "tdx.pck_chain");
	r = run((struct run){ .quote = "v4.quote", .flip = -1, .no_sig = true });
	CHECK(outcome(r, "tdx.quote_signature") == EV_SKIP, "--no-signature: signature skipped");
	CHECK(outcome(r, "tdx.nonce") == EV_PASS, "--no-signature: nonce still checked");
	CHECK(outcome(r, "tdx.pck_chain") == -1, "--no-signature: no chain check recorded");
	r = run((struct run){ .quote = "v4.quote", .flip = offset("sig") - 4 });
	CHECK(outcome(r, "tdx.format") == EV_PASS, "signature data length off: the header and body still decode");
	CHECK(outcome(r, "tdx.quote") == EV_FAIL, "signature data length off: the quote is malformed");
}

static void test_crls(void)
{
	struct ev_result *r;

	r = run((struct run){ .quote = "v4.quote", .flip = -1 });
	CHECK(outcome(r, "tdx.revocation") == EV_SKIP, "no --crl: revocation skipped");
	r = run((struct run){ .quote = "v4.quote", .flip = -1, .crl = { path("pck.crl"), path("root.crl") } });
	CHECK(outcome(r, "tdx.revocation") == EV_PASS, "current CRLs: not revoked");
	r = run((struct run){ .quote = "v4.quote", .flip = -1, .crl = { path("pck-revoked.crl"), path("root.crl") } });
	CHECK(outcome(r, "tdx.revocation") == EV_FAIL, "PCK CRL revoking the leaf: revoked");
	CHECK(strstr(detail(r, "tdx.revocation"), "revoked") != NULL, "revoked: says so (%s)", detail(r, "tdx.revocation"));
	r = run((struct run){ .quote = "v4.quote", .flip = -1, .crl = { path("pck.crl") } });
	CHECK(outcome(r, "tdx.revocation") == EV_FAIL, "no root CA CRL: revocation fails, not passes");
	r = run((struct run){ .quote = "v4.quote", .flip = -1, .crl = { path("pck.crl"), path("root.crl") }, .later = 40L * 86400 });
	CHECK(outcome(r, "tdx.revocation") == EV_FAIL, "CRLs past their next update: fails");
	r = run((struct run){ .quote = "v4.quote", .flip = -1, .crl = { path("root.pem") } });
	CHECK(outcome(r, "tdx.revocation") == EV_FAIL, "a certificate given as CRL: fails");
}

static void test_collateral(void)
{
	struct ev_result *r;
	size_t i;

	r = run((struct run){ .quote = "v4.quote", .flip = -1, .tcb = "tcbinfo.json", .qe = "qeidentity.json" });
	CHECK(outcome(r, "tdx.tcb_info_chain") == EV_PASS, "TCB info: signing chain");
	CHECK(outcome(r, "tdx.tcb_info_signature") == EV_PASS, "TCB info: signature");
	CHECK(outcome(r, "tdx.tcb_status") == EV_PASS, "TCB info: status SWHardeningNeeded passes");
	CHECK(strstr(detail(r, "tdx.tcb_status"), "level 1, SWHardeningNeeded") != NULL, "TCB info: level 1 (%s)",
	      detail(r, "tdx.tcb_status"));
	CHECK(outcome(r, "tdx.qe_identity_chain") == EV_PASS, "QE identity: signing chain");
	CHECK(outcome(r, "tdx.qe_identity_signature") == EV_PASS, "QE identity: signature");
	CHECK(outcome(r, "tdx.qe_identity") == EV_PASS, "QE identity: status UpToDate");
	for (i = 0; i < r->n; i++)
		printf("#   %s: %s\n", r->checks[i].id, r->checks[i].detail);
	r = run((struct run){ .quote = "v4.quote", .flip = -1, .tcb = "tcbinfo-tampered.json" });
	CHECK(outcome(r, "tdx.tcb_info_signature") == EV_FAIL, "TCB info changed after signing: signature fails");
	CHECK(outcome(r, "tdx.tcb_status") == -1, "TCB info changed after signing: no status taken from it");
	r = run((struct run){ .quote = "v4.quote", .flip = -1, .tcb = "tcbinfo-otherroot.json" });
	CHECK(outcome(r, "tdx.tcb_info_chain") == EV_FAIL, "TCB signing key of another root: chain fails");
	r = run((struct run){ .quote = "v4.quote", .flip = -1, .tcb = "tcbinfo-revoked.json" });
	CHECK(outcome(r, "tdx.tcb_status") == EV_FAIL, "TCB level Revoked: fails");
	r = run((struct run){ .quote = "v4.quote", .flip = -1, .tcb = "tcbinfo-fmspc.json" });
	CHECK(outcome(r, "tdx.tcb_status") == EV_FAIL, "TCB info of another FMSPC: fails");
	r = run((struct run){ .quote = "v4.quote", .flip = -1, .qe = "qeidentity-outofdate.json" });
	CHECK(outcome(r, "tdx.qe_identity") == EV_FAIL, "QE ISVSVN below UpToDate: fails");
	r = run((struct run){ .quote = "v4.quote", .flip = -1, .qe = "qeidentity-other.json" });
	CHECK(outcome(r, "tdx.qe_identity") == EV_FAIL, "identity of another enclave: fails");
	CHECK(outcome(r, "tdx.tcb_status") == EV_SKIP, "no --tcb-info: TCB status skipped");
	r = run((struct run){ .quote = "v4.quote", .flip = -1, .tcb = "tcbinfo.json", .later = 40L * 86400 });
	CHECK(outcome(r, "tdx.tcb_status") == EV_FAIL, "TCB info past nextUpdate: fails");
	r = run((struct run){ .quote = "v4.quote", .flip = -1, .tcb = "nonce.hex" });
	CHECK(outcome(r, "tdx.tcb_info_signature") == EV_FAIL, "not JSON: fails");
}

static void test_errors(void)
{
	const char *missing[1] = { "/nonexistent/anchor.pem" };
	static const uint8_t junk[100];
	struct ev_input in = { .provider = "tdx_guest", .outblob = junk, .outblob_len = sizeof(junk), .nonce = nonce, .nonce_len = 1,
			       .check_signature = true };
	size_t len;
	uint8_t *q = load("v4.quote", &len);

	memset(&result, 0, sizeof(result));
	CHECK(ev_verify_tdx(&in, &result) == 0 && outcome(&result, "tdx.format") == EV_FAIL,
	      "100 zero bytes: not a quote");
	in.outblob = q;
	in.outblob_len = len;
	in.anchors = missing;
	in.nanchors = 1;
	memset(&result, 0, sizeof(result));
	CHECK(ev_verify_tdx(&in, &result) == -ENOENT, "unreadable --trust-anchor: -ENOENT");
	CHECK(strstr(result.error, "--trust-anchor '/nonexistent/anchor.pem'") != NULL,
	      "unreadable --trust-anchor: named (%s)", result.error);
	free(q);
}

int main(void)
{
	char cmd[128];

	generate();
	test_quotes();
	test_crls();
	test_collateral();
	test_errors();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return unit_done();
}
