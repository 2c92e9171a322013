/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tsmctl mr: measurement registers (the tsm-mr sysfs layout of Linux 6.16,
 * /sys/devices/virtual/misc/PROVIDER/measurements/NAME[:HASH]) and their
 * event log in the TCG Canonical Event Log JSON encoding. */
#ifndef TSM_MR_H
#define TSM_MR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk/cmd.h"

#define TSM_MR_MAX 32		/* registers of one provider */
#define TSM_MR_VALUE_MAX 64	/* SHA-512 */
#define TSM_MR_NAME_MAX 48

/* tsmctl mr runs in the helper TSM_EVIDENCE_HELPER (it links libcrypto and
 * libsmartcols, which the static tsmctl does not): see TSM_CMD_LIST in
 * tsmctl.h. */
#define TSM_CMD_MR \
	.name = "mr", .synopsis = "list | read | extend | replay ...", \
	.help = "Measurement registers: list, read, extend with an event log, replay the log", \
	.man = "tsmctl-mr"

/* The default event log, below the root: documented in tsmctl-mr(8). */
#define TSM_MR_LOG_DIR "run/hardenkit"
#define TSM_MR_LOG_NAME "tsm-mr.cel.json"

struct tsm_mr {
	char name[TSM_MR_NAME_MAX];	/* "rtmr0" */
	char hash[16];			/* "sha384"; empty: the register has none */
	size_t size;
	bool readable, writable;
	bool have_value;
	uint8_t value[TSM_MR_VALUE_MAX];
	int index;			/* CEL index (tsm_mr_cel_index), -1: none */
};

struct tsm_mrs {
	char provider[64];		/* misc device name */
	int dirfd;			/* its measurements directory, or -1 */
	size_t n;
	struct tsm_mr mr[TSM_MR_MAX];
};

/* The CEL index of a register, as the TDX CCEL numbers them: mrtd 0,
 * rtmrN N + 1; -1 for any other name. */
int tsm_mr_cel_index(const char *name);

/* --provider NAME, which every mr command that reads live registers
 * takes (HK_OPT_INCLUDE). */
struct tsm_mr_sel {
	const char *provider;
};
extern const struct hk_opt tsm_mr_sel_options[];

/* Find the measurements directory of the provider named, else of the only
 * misc device that has one, and read every register: 0, or an exit code
 * after a message (HK_EXIT_UNSUPPORTED: no such directory; HK_EXIT_USAGE:
 * several providers have one and none was named; HK_EXIT_NOTFOUND: no
 * device of that name). */
int tsm_mrs_load(struct tsm_mrs *m, const char *provider);
void tsm_mrs_close(struct tsm_mrs *m);
/* The register called name ("rtmr0" or "rtmr0:sha384"), or NULL. */
struct tsm_mr *tsm_mrs_find(struct tsm_mrs *m, const char *name);
/* "rtmr0:sha384", or "mrconfigid" for a register without a hash. */
const char *tsm_mr_label(const struct tsm_mr *r, char *buf, size_t size);
/* The register's file name in the measurements directory. */
#define tsm_mr_file tsm_mr_label

/* Hash len bytes with algo (a kernel hash name): 0, -ENOENT for an
 * algorithm libcrypto lacks, -EINVAL for a size other than want. */
struct tsm_hash;
int tsm_hash_begin(struct tsm_hash **h, const char *algo, size_t want);
int tsm_hash_update(struct tsm_hash *h, const void *buf, size_t len);
int tsm_hash_end(struct tsm_hash *h, uint8_t *out);
/* new = H(old || digest), as an RTMR extends. */
int tsm_mr_extend_value(const char *algo, size_t size, uint8_t *value, const uint8_t *digest);

/* The register named, with a message when there is none: NULL. */
struct tsm_mr *tsm_mr_lookup(struct tsm_mrs *m, const char *name);

/* Where an event log is: a directory (relative to dirfd), the file's name
 * in it and its lock file's ("NAME.lock"). log NULL: the default, below
 * the root. 0, or HK_EXIT_USAGE after a message. */
struct tsm_mr_logloc {
	int dirfd;
	char dir[4096];
	char base[251];
	char lock[256];
	char shown[4096];		/* for messages */
	bool own;			/* dirfd is ours to close */
};
/* 0, or an exit code after a message. */
int tsm_mr_logloc(const char *log, struct tsm_mr_logloc *l);
void tsm_mr_logloc_close(struct tsm_mr_logloc *l);
/* HK_EXIT_PERM for EACCES, EPERM and EROFS, else HK_EXIT_IO. */
int tsm_mr_errno_code(int e);

/* The CEL JSON log (mr-cel.c): a pure parser of untrusted bytes. */
#define TSM_CEL_DIGESTS 4
struct tsm_cel_digest {
	char alg[16];
	size_t len;
	uint8_t d[TSM_MR_VALUE_MAX];
};
struct tsm_cel_rec {
	uint64_t recnum;
	uint32_t index;			/* pcr */
	size_t ndig;
	struct tsm_cel_digest dig[TSM_CEL_DIGESTS];
};
struct tsm_cel_log {
	size_t n, cap;
	struct tsm_cel_rec *rec;
	size_t end;			/* offset of the closing ']' in the text */
	char error[160];		/* why parsing failed */
};
/* Parse a whole log: a JSON array of CEL records whose recnum counts from 0,
 * each with a pcr (nv_index is refused: no register maps to one), at least
 * one digest and a content_type. 0; -EINVAL (log->error says why); -ENOMEM. */
int tsm_cel_parse(const char *doc, size_t len, struct tsm_cel_log *log);
void tsm_cel_free(struct tsm_cel_log *log);
/* The digest of a record with hash algorithm alg, or NULL. */
const struct tsm_cel_digest *tsm_cel_digest(const struct tsm_cel_rec *r, const char *alg);

/* Register values from a mock_tsm report (its measurement block). */
int tsm_mr_from_report(const uint8_t *blob, size_t len, struct tsm_mrs *m, char *err, size_t errsz);

extern const struct hk_cmd tsm_cmd_mr_list;
extern const struct hk_cmd tsm_cmd_mr_read;
extern const struct hk_cmd tsm_cmd_mr_extend;
extern const struct hk_cmd tsm_cmd_mr_replay;

#endif
