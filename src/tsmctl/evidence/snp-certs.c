// SPDX-License-Identifier: GPL-2.0-or-later
/* The SNP certificate table (snp.h): a pure parser, fuzzed by
 * fuzz/fuzz-snpcerts.c. */
#include <errno.h>
#include <string.h>

#include "snp.h"

/* GHCB specification, table "SNP certificate GUIDs", in text order. */
const uint8_t snp_guid_vcek[16] = { 0x63, 0xda, 0x75, 0x8d, 0xe6, 0x64, 0x45, 0x64,
				    0xad, 0xc5, 0xf4, 0xb9, 0x3b, 0xe8, 0xac, 0xcd };
const uint8_t snp_guid_vlek[16] = { 0xa8, 0x07, 0x4b, 0xc2, 0xa2, 0x5a, 0x48, 0x3e,
				    0xaa, 0xe6, 0x39, 0xc0, 0x45, 0xa0, 0xb8, 0xa1 };
const uint8_t snp_guid_ask[16] = { 0x4a, 0xb7, 0xb3, 0x79, 0xbb, 0xac, 0x4f, 0xe4,
				   0xa0, 0x2f, 0x05, 0xae, 0xf3, 0x27, 0xc7, 0x82 };
const uint8_t snp_guid_ark[16] = { 0xc0, 0xb4, 0x06, 0xa4, 0xa8, 0x03, 0x49, 0x52,
				   0x97, 0x43, 0x3f, 0xb6, 0x01, 0x4c, 0xd0, 0xae };

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

int snp_cert_table_parse(const uint8_t *b, size_t len, struct snp_cert_table *t, const char **why)
{
	size_t i, j, end;

	t->n = 0;
	for (i = 0;; i++) {
		const uint8_t *p = b + i * SNP_CERT_ENTRY_LEN;

		if (len / SNP_CERT_ENTRY_LEN < i + 1) {
			*why = "it ends before the all-zero entry that ends the table";
			return -EINVAL;
		}
		if (zero(p, 16)) {
			if (!zero(p + 16, 8)) {
				*why = "the entry with a zero GUID that ends the table has an offset or length";
				return -EINVAL;
			}
			break;
		}
		if (i >= SNP_CERT_ENTRIES_MAX) {
			*why = "more than 16 entries";
			return -EINVAL;
		}
		memcpy(t->e[i].guid, p, 16);
		t->e[i].offset = le32(p + 16);
		t->e[i].length = le32(p + 20);
		t->n = i + 1;
	}
	end = (t->n + 1) * SNP_CERT_ENTRY_LEN;
	for (i = 0; i < t->n; i++) {
		const struct snp_cert_entry *e = &t->e[i];

		if (e->length == 0) {
			*why = "an entry has length 0";
			return -EINVAL;
		}
		if (e->offset < end || e->offset > len || e->length > len - e->offset) {
			*why = "an entry's data lies outside the blob or over the table";
			return -EINVAL;
		}
		for (j = 0; j < i; j++)
			if (memcmp(t->e[j].guid, e->guid, 16) == 0) {
				*why = "a GUID appears twice";
				return -EINVAL;
			}
	}
	return 0;
}

const struct snp_cert_entry *snp_cert_find(const struct snp_cert_table *t, const uint8_t guid[16])
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (memcmp(t->e[i].guid, guid, 16) == 0)
			return &t->e[i];
	return NULL;
}
