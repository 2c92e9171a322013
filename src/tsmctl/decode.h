/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Report layouts of the providers tsmctl knows: where REPORT_DATA sits and
 * which fields can be shown. No signature is checked here. */
#ifndef TSM_DECODE_H
#define TSM_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TSM_REPORT_DATA_LEN 64
#define TSM_MAX_FIELDS 24

struct tsm_field {
	const char *key;	/* JSON member name */
	const char *label;	/* human label */
	bool is_num;
	uint64_t num;
	char str[160];
};

struct tsm_decoded {
	const char *provider;
	char format[64];	/* e.g. "TDX quote version 4" */
	size_t report_data_off;
	const uint8_t *report_data;	/* TSM_REPORT_DATA_LEN bytes inside the blob */
	struct tsm_field fields[TSM_MAX_FIELDS];
	size_t nfields;
	char error[160];	/* why decoding failed */
};

/* The provider whose format the blob has, from its magic or header; NULL if none. */
const char *tsm_detect(const uint8_t *blob, size_t len);
bool tsm_can_decode(const char *provider);
/* 0; -EINVAL for a malformed report (d->error says why); -EOPNOTSUPP for a
 * provider without a decoder. */
int tsm_decode(const char *provider, const uint8_t *blob, size_t len, struct tsm_decoded *d);
/* Does REPORT_DATA equal the nonce zero-padded to 64 bytes? */
bool tsm_nonce_bound(const struct tsm_decoded *d, const uint8_t *nonce, size_t len);

#endif
