// SPDX-License-Identifier: GPL-2.0-or-later
/* The verifier of each provider tsmctl verify knows (evidence.h). A provider
 * is one row here and its files in tsmctl-evidence's SOURCES
 * (src/tsmctl/Makemodule.am). */
#include <string.h>

#include "evidence.h"

/* A report whose REPORT_DATA holds the nonce, signed by a key whose
 * certificate chains to a root (SEV-SNP, TDX; the mock's words). */
static const struct ev_wording report_root = {
	"REPORT_DATA", "chains to a pinned or given root", "the signature chains to a trusted root"
};
/* An Arm CCA token: the realm token's challenge claim holds the nonce, the
 * platform token is signed by the CPAK given with --cpak. */
static const struct ev_wording cca_cpak = {
	"the challenge claim", "signed by the given CPAK", "the platform token is signed by the given CPAK"
};

const struct ev_provider ev_providers[] = {
	{ "mock_tsm", ev_verify_mock, &report_root },		/* mock.c: unsigned test data */
	{ "sev_guest", ev_verify_snp, &report_root },		/* snp*.c */
	{ "tdx_guest", ev_verify_tdx, &report_root },		/* tdx*.c */
	{ "arm_cca_guest", ev_verify_cca, &cca_cpak },		/* cca*.c, ccatoken.c */
	{ NULL, NULL, NULL }
};

const struct ev_provider *ev_provider_find(const char *name)
{
	const struct ev_provider *p;

	for (p = ev_providers; p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}
