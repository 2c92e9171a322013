// SPDX-License-Identifier: GPL-2.0-or-later
/* SEV-SNP: what the VCEK (or VLEK) certificate says agrees with what the
 * report says (product line, chip ID, TCB), and revocation by the CRLs the
 * user gave (snp.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "snp-x509.h"

#define OID_PRODUCT "1.3.6.1.4.1.3704.1.2"
#define OID_SPL "1.3.6.1.4.1.3704.1.3."
#define OID_HWID "1.3.6.1.4.1.3704.1.4"

/* Where each SPL sits in a TCB_VERSION: Milan and Genoa, then Turin (which
 * adds the FMC and moves the rest). */
struct spl {
	const char *name;
	const char *oid_tail;	/* after 1.3.6.1.4.1.3704.1.3. */
	int byte[2];		/* Milan/Genoa, Turin; -1: none */
};
static const struct spl spls[] = {
	{ "fmcSPL", "9", { -1, 0 } },
	{ "blSPL", "1", { 0, 1 } },
	{ "teeSPL", "2", { 1, 2 } },
	{ "snpSPL", "3", { 6, 3 } },
	{ "ucodeSPL", "8", { 7, 7 } },
};

/* The product line: the root's, and the certificate's productName
 * ("Milan-B0") must not disagree. "" when neither says. */
static void product(const struct snp_chain *c, char *out, size_t size, struct ev_result *r)
{
	char name[64] = "", *dash;
	int e = snp_ext_ia5(c->leaf, OID_PRODUCT, name, sizeof(name));

	if ((dash = strchr(name, '-')))
		*dash = 0;
	snprintf(out, size, "%s", c->product[0] ? c->product : name);
	if (e == -EINVAL)
		ev_add(r, "snp.product", EV_CLAIM, EV_FAIL, "the %s's productName extension is not an IA5String",
		       c->leaf_name);
	else if (e == 0 && c->product[0] && strcmp(name, c->product) != 0)
		ev_add(r, "snp.product", EV_CLAIM, EV_FAIL, "the %s is for %s, but its root is the ARK for %s",
		       c->leaf_name, name, c->product);
	else if (strcmp(out, "Milan") && strcmp(out, "Genoa") && strcmp(out, "Turin"))
		ev_add(r, "snp.product", EV_CLAIM, EV_FAIL,
		       "unknown product line '%s' (tsmctl knows the TCB layouts of Milan, Genoa and Turin)", out);
	else
		ev_add(r, "snp.product", EV_CLAIM, EV_PASS, "%s (%s)", out,
		       e == 0 ? "the certificate's productName agrees with its root" : "from the root");
}

static void chip_id(const struct snp_report_view *v, const struct snp_chain *c, struct ev_result *r)
{
	uint8_t hwid[SNP_CHIP_ID_LEN];
	const uint8_t *chip = v->b + SNP_CHIP_ID;
	size_t n, i;
	bool same;

	if (v->vlek || v->mask_chip)
		return;		/* a VLEK names no chip; MASK_CHIP_KEY zeroes CHIP_ID (see snp.signing_key) */
	if (snp_ext_octets(c->leaf, OID_HWID, hwid, sizeof(hwid), &n) < 0 || (n != 8 && n != 64)) {
		ev_add(r, "snp.chip_id", EV_CLAIM, EV_FAIL, "the VCEK has no hwID extension of 8 or 64 bytes");
		return;
	}
	same = memcmp(hwid, chip, n) == 0;
	for (i = n; same && i < SNP_CHIP_ID_LEN; i++)	/* Turin: an 8-byte ID, the rest zero */
		same = chip[i] == 0;
	ev_add(r, "snp.chip_id", EV_CLAIM, same ? EV_PASS : EV_FAIL,
	       same ? "the VCEK's hwID (%zu bytes) is the report's CHIP_ID" :
	       "the VCEK's hwID (%zu bytes) is not the report's CHIP_ID: a certificate for another chip", n);
}

static void tcb(const struct snp_report_view *v, const struct snp_chain *c, const char *prod, struct ev_result *r)
{
	const uint8_t *t = v->b + SNP_REPORTED_TCB;
	int layout = strcmp(prod, "Turin") == 0;
	char oid[40], seen[160] = "";
	size_t i, len = 0;
	uint64_t val;

	for (i = 0; i < sizeof(spls) / sizeof(spls[0]); i++) {
		int at = spls[i].byte[layout], e;

		if (at < 0)
			continue;
		snprintf(oid, sizeof(oid), OID_SPL "%s", spls[i].oid_tail);
		e = snp_ext_uint(c->leaf, oid, &val);
		if (e < 0) {
			ev_add(r, "snp.tcb", EV_CLAIM, EV_FAIL, "the %s's %s extension is %s", c->leaf_name,
			       spls[i].name, e == -ENOENT ? "missing" : "not an integer");
			return;
		}
		if (val != t[at]) {
			ev_add(r, "snp.tcb", EV_CLAIM, EV_FAIL,
			       "the %s's %s is %llu, the report's REPORTED_TCB says %u (byte %d of the %s layout)",
			       c->leaf_name, spls[i].name, (unsigned long long)val, t[at], at, prod);
			return;
		}
		len += (size_t)snprintf(seen + len, sizeof(seen) - len, "%s%s=%u", len ? " " : "", spls[i].name, t[at]);
	}
	ev_add(r, "snp.tcb", EV_CLAIM, EV_PASS, "REPORTED_TCB agrees with the %s (%s layout): %s", c->leaf_name, prod, seen);
}

void snp_check_claims(const struct snp_report_view *v, const struct snp_chain *c, struct ev_result *r)
{
	char prod[64];

	product(c, prod, sizeof(prod), r);
	chip_id(v, c, r);
	if (!strcmp(prod, "Milan") || !strcmp(prod, "Genoa") || !strcmp(prod, "Turin"))
		tcb(v, c, prod, r);
}
