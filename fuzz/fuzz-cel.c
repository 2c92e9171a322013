// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: the CEL JSON event log reader of tsmctl mr (src/tsmctl/mr-cel.c).
 * The input is a log. On success the records must keep their invariants
 * (recnum counts from 0, one to TSM_CEL_DIGESTS digests of 1 to 64 bytes,
 * distinct algorithms, the end offset at the closing ']'), and the log
 * written back with lib/json.c must read back to the same records. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk/codec.h"
#include "hk/json.h"
#include "mr.h"

static char *write_back(const struct tsm_cel_log *log, size_t *len)
{
	char hex[HK_HEX_LEN(TSM_MR_VALUE_MAX)], *doc = NULL;
	struct hk_json j;
	size_t i, k;
	FILE *f = open_memstream(&doc, len);

	if (!f)
		abort();
	hk_json_init(&j, f, false);
	hk_json_open_array(&j, NULL);
	for (i = 0; i < log->n; i++) {
		hk_json_open(&j, NULL);
		hk_json_uint(&j, "recnum", log->rec[i].recnum);
		hk_json_uint(&j, "pcr", log->rec[i].index);
		hk_json_open_array(&j, "digests");
		for (k = 0; k < log->rec[i].ndig; k++) {
			hk_json_open(&j, NULL);
			hk_json_str(&j, "hashAlg", log->rec[i].dig[k].alg);
			hk_hex_encode(log->rec[i].dig[k].d, log->rec[i].dig[k].len, hex);
			hk_json_str(&j, "digest", hex);
			hk_json_close(&j);
		}
		hk_json_close_array(&j);
		hk_json_str(&j, "content_type", "pcclient_std");
		hk_json_close(&j);
	}
	hk_json_close_array(&j);
	hk_json_end(&j);
	if (fclose(f) != 0)
		abort();
	return doc;
}

static void check(const struct tsm_cel_log *log, const char *doc)
{
	size_t i, k, m;

	if (doc[log->end] != ']')
		abort();
	for (i = 0; i < log->n; i++) {
		const struct tsm_cel_rec *r = &log->rec[i];

		if (r->recnum != i || r->ndig < 1 || r->ndig > TSM_CEL_DIGESTS)
			abort();
		for (k = 0; k < r->ndig; k++) {
			if (r->dig[k].len < 1 || r->dig[k].len > TSM_MR_VALUE_MAX || !r->dig[k].alg[0] ||
			    tsm_cel_digest(r, r->dig[k].alg) != &r->dig[k])
				abort();
			for (m = 0; m < k; m++)
				if (strcmp(r->dig[m].alg, r->dig[k].alg) == 0)
					abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy: ASan sees any read past the end. */
	char *doc = malloc(size ? size : 1), *back;
	struct tsm_cel_log log, log2;
	size_t len, i;
	int r;

	if (!doc)
		return 0;
	memcpy(doc, data, size);
	r = tsm_cel_parse(doc, size, &log);
	if (r != 0 && r != -EINVAL)
		abort();
	if (r != 0 && !log.error[0])
		abort();
	if (r == 0) {
		check(&log, doc);
		back = write_back(&log, &len);
		if (tsm_cel_parse(back, len, &log2) != 0 || log2.n != log.n) {
			fprintf(stderr, "write-back did not read back: %s\n", log2.error);
			abort();
		}
		for (i = 0; i < log.n; i++)
			if (log.rec[i].index != log2.rec[i].index || log.rec[i].ndig != log2.rec[i].ndig ||
			    memcmp(log.rec[i].dig, log2.rec[i].dig, sizeof(log.rec[i].dig[0]) * log.rec[i].ndig) != 0)
				abort();
		tsm_cel_free(&log2);
		free(back);
	}
	tsm_cel_free(&log);
	free(doc);
	return 0;
}
