// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: tsmctl's report decoders (src/tsmctl/decode.c): mock_tsm,
 * SEV-SNP and TDX quote v4/v5. Byte 0 picks the decoder (0-2) or
 * detection (3); bit 7 makes the harness write a correct trailing SHA-256
 * so the mock decoder gets past its digest. The rest is the report, in a
 * buffer of its exact size. Invariants: a decoded report's REPORT_DATA
 * lies inside the blob, detection agrees with a decoder that accepts,
 * every string is terminated within its buffer. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "sha256.h"

static const char *const providers[] = { "mock_tsm", "sev_guest", "tdx_guest" };

static void check_str(const char *s, size_t size)
{
	if (!memchr(s, 0, size))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tsm_decoded d;
	const char *prov;
	uint8_t *b;
	size_t len, i;
	int r;

	if (size < 1)
		return 0;
	len = size - 1;
	b = malloc(len ? len : 1);
	if (!b)
		return 0;
	memcpy(b, data + 1, len);
	if ((data[0] & 0x80) && len >= SHA256_LEN)
		sha256(b, len - SHA256_LEN, b + len - SHA256_LEN);
	prov = (data[0] & 3) == 3 ? tsm_detect(b, len) : providers[data[0] & 3];
	if (!prov || !tsm_can_decode(prov))	/* arm_cca_guest: detected only */
		goto out;
	r = tsm_decode(prov, b, len, &d);
	if (r != 0 && r != -EINVAL)
		abort();
	check_str(d.error, sizeof(d.error));
	check_str(d.format, sizeof(d.format));
	if (r != 0) {
		if (!d.error[0] || d.report_data)
			abort();
		goto out;
	}
	if (d.report_data_off > len || len - d.report_data_off < TSM_REPORT_DATA_LEN ||
	    d.report_data != b + d.report_data_off || d.nfields > TSM_MAX_FIELDS)
		abort();
	/* A report a decoder accepts is detected as that provider. */
	if (!tsm_detect(b, len) || strcmp(tsm_detect(b, len), prov) != 0) {
		/* SEV-SNP has no magic: only a TDX or mock header can win over it. */
		if (strcmp(prov, "sev_guest") != 0)
			abort();
	}
	for (i = 0; i < d.nfields; i++)
		if (!d.fields[i].is_num)
			check_str(d.fields[i].str, sizeof(d.fields[i].str));
	(void)tsm_nonce_bound(&d, b + d.report_data_off, TSM_REPORT_DATA_LEN);
out:
	free(b);
	return 0;
}
