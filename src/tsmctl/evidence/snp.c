// SPDX-License-Identifier: GPL-2.0-or-later
/* SEV-SNP attestation reports (evidence.h): the format and the binding. The
 * signature and certificate chain follow. */
#include "decode.h"
#include "evidence.h"

int ev_verify_snp(const struct ev_input *in, struct ev_result *r)
{
	struct tsm_decoded d;

	if (!ev_decode(in, r, "snp.format", &d))
		return 0;
	ev_bind_report_data(r, "snp.nonce", d.report_data, TSM_REPORT_DATA_LEN, in->nonce, in->nonce_len);
	ev_add(r, "snp.report_signature", EV_SIGNATURE, EV_SKIP, in->check_signature ?
	       "not checked yet" : "not checked (--no-signature)");
	return 0;
}
