/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SEV-SNP evidence: the report's signed fields, the certificate table of an
 * extended report, the chain VCEK (or VLEK) -> ASK (or ASVK) -> ARK. */
#ifndef TSM_EVIDENCE_SNP_H
#define TSM_EVIDENCE_SNP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evidence.h"

#define SNP_REPORT_LEN 0x4a0
#define SNP_SIGNED_LEN 0x2a0	/* the signature covers bytes 0x000-0x29F */
#define SNP_SIG_ALGO 0x34	/* 1: ECDSA P-384 with SHA-384 */
#define SNP_KEY_INFO 0x48	/* bits 4:2 SIGNING_KEY, bit 1 MASK_CHIP_KEY */
#define SNP_REPORTED_TCB 0x180
#define SNP_CHIP_ID 0x1a0
#define SNP_CHIP_ID_LEN 64
#define SNP_SIG 0x2a0		/* R then S, 72 bytes each, little-endian */
#define SNP_SIG_COMPONENT 72

/* The SNP certificate table (GHCB specification, SNP_GUEST_REQUEST extended
 * report): entries of {GUID (16 bytes, text order), offset (u32 LE), length
 * (u32 LE)} ending with an all-zero entry; offsets count from the table's
 * start. */
#define SNP_CERT_ENTRY_LEN 24
#define SNP_CERT_ENTRIES_MAX 16
struct snp_cert_entry {
	uint8_t guid[16];
	uint32_t offset, length;
};
struct snp_cert_table {
	struct snp_cert_entry e[SNP_CERT_ENTRIES_MAX];
	size_t n;
};
extern const uint8_t snp_guid_vcek[16], snp_guid_vlek[16], snp_guid_ask[16], snp_guid_ark[16];

/* A pure function (fuzz/fuzz-snpcerts.c): 0 with the entries in t, every one
 * inside the blob, after the table, non-empty and of a GUID seen once; or
 * -EINVAL with *why saying what is wrong. */
int snp_cert_table_parse(const uint8_t *b, size_t len, struct snp_cert_table *t, const char **why);
const struct snp_cert_entry *snp_cert_find(const struct snp_cert_table *t, const uint8_t guid[16]);

/* The pinned AMD Root Keys (snp-roots.c): product line and PEM. */
struct snp_root {
	const char *product;	/* "Milan", "Genoa", "Turin" */
	const char *pem;
};
extern const struct snp_root snp_roots[];
extern const size_t snp_nroots;

/* The chain checks (snp-chain.c), after the report's own. */
struct snp_report_view {
	const uint8_t *b;	/* SNP_REPORT_LEN bytes */
	bool vlek;		/* SIGNING_KEY 1 */
	bool mask_chip;		/* MASK_CHIP_KEY */
};
int snp_verify_chain(const struct ev_input *in, const struct snp_report_view *v, struct ev_result *r);

#endif
