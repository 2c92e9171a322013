/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Intel TDX DCAP quote (versions 4 and 5) as tdx_guest returns it in
 * outblob: a header, the TD report body, then the signature data (the
 * attestation key's ECDSA P-256 signature, the key, and the certification
 * data: the Quoting Enclave's report, its signature by the PCK key, the QE
 * authentication data and the PCK certificate chain). All integers are
 * little-endian. */
#ifndef TSM_TDX_QUOTE_H
#define TSM_TDX_QUOTE_H

#include <stddef.h>
#include <stdint.h>

#define TDX_HEADER_LEN		48
#define TDX_BODY10_LEN		584	/* TD report body, TDX 1.0 */
#define TDX_BODY15_LEN		648	/* TDX 1.5: + TEE_TCB_SVN_2, MRSERVICETD */
#define TDX_BODY_TEE_TCB_SVN	0	/* 16 bytes */
#define TDX_BODY_REPORT_DATA	520	/* 64 bytes */
#define TDX_REPORT_DATA_LEN	64
#define TDX_ECDSA_SIG_LEN	64	/* r || s, big-endian */
#define TDX_ECDSA_KEY_LEN	64	/* x || y, big-endian */
#define TDX_QE_REPORT_LEN	384	/* an SGX report body */
#define TDX_QE_MRSIGNER		128	/* 32 bytes in the QE report */
#define TDX_QE_ISVPRODID	256	/* u16 in the QE report */
#define TDX_QE_ISVSVN		258	/* u16 in the QE report */
#define TDX_QE_REPORT_DATA	320	/* 64 bytes in the QE report */

#define TDX_ATT_KEY_ECDSA_P256	2
#define TDX_TEE_TYPE_TDX	0x81
#define TDX_BODY_TYPE_TD10	2	/* v5 body descriptor types */
#define TDX_BODY_TYPE_TD15	3
#define TDX_CERT_PCK_CHAIN	5	/* PEM: PCK leaf, intermediate CA, root CA */
#define TDX_CERT_QE_REPORT	6	/* QE report certification data */

/* Pointers into the parsed buffer. */
struct tdx_quote {
	uint16_t version;		/* 4 or 5 */
	uint16_t body_type;		/* TDX_BODY_TYPE_*; 2 for version 4 */
	const uint8_t *body;		/* the TD report body */
	size_t body_len;
	const uint8_t *signed_data;	/* header through body: what the key signs */
	size_t signed_len;
	const uint8_t *sig;		/* TDX_ECDSA_SIG_LEN */
	const uint8_t *att_key;		/* TDX_ECDSA_KEY_LEN */
	const uint8_t *qe_report;	/* TDX_QE_REPORT_LEN */
	const uint8_t *qe_report_sig;	/* TDX_ECDSA_SIG_LEN */
	const uint8_t *qe_auth;		/* QE authentication data */
	size_t qe_auth_len;
	uint16_t cert_type;		/* the nested certification data's type */
	const uint8_t *certs;		/* its data (PEM for TDX_CERT_PCK_CHAIN) */
	size_t certs_len;
};

/* Parse a whole quote (nothing may follow the signature data). A pure
 * function: 0, or -EINVAL with *why saying what is wrong (a literal). */
int tdx_quote_parse(const uint8_t *buf, size_t len, struct tdx_quote *q, const char **why);

#endif
