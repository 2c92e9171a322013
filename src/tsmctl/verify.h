/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tsmctl verify in the helper tsmctl-evidence: what verify.c read, and its
 * output (verify-out.c). */
#ifndef TSM_VERIFY_H
#define TSM_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "decode.h"
#include "evidence/evidence.h"

/* A repeatable FILE option, the names kept in the option struct itself. */
#define TSM_FILES_MAX 16
struct tsm_file_list {
	const char *v[TSM_FILES_MAX];
	size_t n;
	char pool[8192];
	size_t used;
};

struct tsm_time {
	bool set;
	time_t t;
};

/* The report file as read: raw, or tsmctl's JSON with its blobs decoded. */
struct verify_input {
	uint8_t *file, *blob, *aux;
	size_t file_len, len, aux_len;
	const uint8_t *report;	/* file or blob */
	char *json_provider;	/* the JSON's "provider", or NULL */
	bool decoded;		/* d holds the report's fields (decode.c knows the format) */
	struct tsm_decoded d;
};

/* The report's fields, every check and the answer (code, from ev_answer()). */
void tsm_verify_text(const struct verify_input *vi, const struct ev_input *in, const struct ev_result *r, int code);
void tsm_verify_json(const struct verify_input *vi, const struct ev_input *in, const struct ev_result *r, int code);

#endif
