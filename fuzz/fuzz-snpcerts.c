// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: the SEV-SNP certificate table parser (src/tsmctl/evidence/
 * snp-certs.c), on the bytes of an auxblob or a --certs file. Checked: a
 * table it accepts has at most 16 entries, each non-empty, inside the blob
 * and after the table, of a GUID seen once, and written back it is the
 * blob's first bytes up to and including the all-zero entry; a refusal
 * says why. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/snp.h"

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *b = malloc(size ? size : 1), back[(SNP_CERT_ENTRIES_MAX + 1) * SNP_CERT_ENTRY_LEN] = { 0 };
	struct snp_cert_table t;
	const char *why = NULL;
	size_t i, j, end;
	int r;

	if (!b)
		return 0;
	memcpy(b, data, size);	/* exactly size bytes: ASan sees any overread */
	r = snp_cert_table_parse(b, size, &t, &why);
	if (r < 0) {
		if (r != -EINVAL || !why || !*why)
			abort();
		free(b);
		return 0;
	}
	end = (t.n + 1) * SNP_CERT_ENTRY_LEN;
	if (t.n > SNP_CERT_ENTRIES_MAX || end > size)
		abort();
	for (i = 0; i < t.n; i++) {
		const struct snp_cert_entry *e = &t.e[i];

		if (e->length == 0 || e->offset < end || e->offset > size || e->length > size - e->offset)
			abort();
		for (j = 0; j < i; j++)
			if (memcmp(t.e[j].guid, e->guid, 16) == 0)
				abort();
		if (snp_cert_find(&t, e->guid) != e)
			abort();
		memcpy(back + i * SNP_CERT_ENTRY_LEN, e->guid, 16);
		put32(back + i * SNP_CERT_ENTRY_LEN + 16, e->offset);
		put32(back + i * SNP_CERT_ENTRY_LEN + 20, e->length);
	}
	if (memcmp(back, b, end) != 0)
		abort();
	free(b);
	return 0;
}
