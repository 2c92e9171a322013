// SPDX-License-Identifier: GPL-2.0-or-later
/* The verifier of each provider tsmctl verify knows (evidence.h). A provider
 * is one row here and its files in tsmctl-evidence's SOURCES
 * (src/tsmctl/Makemodule.am). */
#include <string.h>

#include "evidence.h"

const struct ev_provider ev_providers[] = {
	{ "mock_tsm", ev_verify_mock },		/* mock.c: unsigned test data */
	{ "sev_guest", ev_verify_snp },		/* snp*.c */
	{ "tdx_guest", ev_verify_tdx },		/* tdx*.c */
	{ "arm_cca_guest", ev_verify_cca },	/* cca*.c, ccatoken.c */
	{ NULL, NULL }
};

const struct ev_provider *ev_provider_find(const char *name)
{
	const struct ev_provider *p;

	for (p = ev_providers; p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}
