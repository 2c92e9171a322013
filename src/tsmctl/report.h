/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tsmctl report: the request, the result, and how they are written out. */
#ifndef TSM_REPORT_H
#define TSM_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tsmctl.h"

/* The evidence formats (from TSM_FMT_EVIDENCE on) are encoded in the helper
 * tsmctl-evidence, with libcbor (encode.c there, in the same order). */
enum tsm_format {
	TSM_FMT_RAW, TSM_FMT_HEX, TSM_FMT_BASE64, TSM_FMT_JSON,
	TSM_FMT_VERAISON_JSON, TSM_FMT_VERAISON_CBOR, TSM_FMT_CMW_JSON, TSM_FMT_CMW_CBOR,
};
#define TSM_FMT_EVIDENCE TSM_FMT_VERAISON_JSON

struct tsm_request {
	uint8_t nonce[TSM_NONCE_MAX];
	size_t nonce_len;
	int privlevel;		/* requested, -1: none */
	const char *service_provider, *service_guid, *manifest_version;
	bool want_aux, want_manifest;
};

struct tsm_result {
	char provider[64];
	uint64_t generation;
	int privlevel;		/* written, -1: none */
	uint8_t *out, *aux, *manifest;
	size_t out_len, aux_len, manifest_len;
};

/* Write the options of the request to the entry, then the nonce: exactly
 * what this run asked for, nothing inherited from earlier writers (see
 * report-entry.c). base is the generation read first; *writes counts the
 * writes that moved the generation, failed ones too. 0, an exit code after
 * a message, or TSM_WRAPPED: the entry refuses writes (EBUSY, its write
 * counter would wrap onto its read counter) and only a fresh entry helps. */
#define TSM_WRAPPED (-3)
struct tsm_entry;
int tsm_write_options(struct tsm_entry *e, const struct tsm_request *rq, struct tsm_result *res,
		      uint64_t base, uint64_t *writes);

/* The main output in the chosen format, in memory. -ENOMEM. */
int tsm_report_render(enum tsm_format fmt, const struct tsm_request *rq, const struct tsm_result *res,
		      const char *keep, int verified, char **buf, size_t *len);

/* An evidence format (TSM_FMT_EVIDENCE on) of the report, made by the
 * helper tsmctl-evidence, in *buf (malloc'd): 0, or an exit code after a
 * message. */
int tsm_report_encode(enum tsm_format fmt, const struct tsm_request *rq, const struct tsm_result *res,
		      char **buf, size_t *len);

/* report --verify: the checks of tsmctl verify on the report (in the helper
 * tsmctl-evidence): 0 with *verified 1, or an exit code after a message. */
int tsm_report_verify(const struct tsm_request *rq, const struct tsm_result *res, int *verified);

/* One output of a report: path NULL is standard output. */
struct tsm_output {
	const char *path;
	const char *what;	/* "report", "auxblob", "manifestblob" */
	const void *buf;
	size_t len;
};
/* Write every output or none (hk/outfile.h): 0, or an exit code after one
 * message that says exactly what was and was not written. */
int tsm_write_outputs(const struct tsm_output *outs, size_t n);

#endif
