// SPDX-License-Identifier: GPL-2.0-or-later
/* TDX collateral: Intel's TCB info and QE identity JSON. */
#include "tdx.h"

int tdx_check_collateral(const struct ev_input *in, struct ev_result *r, X509_STORE *store,
			 const struct tdx_quote *q)
{
	(void)in; (void)store; (void)q;
	ev_add(r, "tdx.tcb_status", EV_COLLATERAL, EV_SKIP, "not checked: no --tcb-info");
	ev_add(r, "tdx.qe_identity", EV_COLLATERAL, EV_SKIP, "not checked: no --qe-identity");
	return 0;
}
