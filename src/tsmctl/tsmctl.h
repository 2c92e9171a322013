/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tsmctl subcommands and what they share. */
#ifndef TSMCTL_H
#define TSMCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hk/cmd.h"
#include "nonce.h"
#include "tsm.h"

/* Key width of the Key: value lines of show and provider ("Privlevel floor:  "). */
#define TSM_KEY_W 18

/* Nonce options shared by report and verify: HK_OPT_INCLUDE(struct x_opts,
 * nonce, tsm_nonce_options), and tsm_random_options for --random-nonce. */
struct tsm_nonce_opts {
	const char *hex;
	const char *b64;
	const char *file;
	bool random;
};
extern const struct hk_opt tsm_nonce_options[];
extern const struct hk_opt tsm_random_options[];
/* Load the nonce chosen on the command line: 0, or an exit code after a
 * message. With need false, no nonce option leaves *len at 0. */
int tsm_nonce_load(const struct tsm_nonce_opts *o, uint8_t *nonce, size_t *len, bool need);

/* list is the one command that prints a table, so the only one linked to
 * libsmartcols: tsmctl runs it as the helper tsmctl-list (helper-exec.c), which
 * keeps tsmctl free of shared libraries it does not need for every report
 * and lets it be linked as a static PIE (configure --disable-static-tsmctl).
 * tsmctl (helper-exec.c) and the helper (list.c) each define tsm_cmd_list
 * with these fields. */
#define TSM_CMD_LIST \
	.name = "list", .synopsis = "[--json] [--raw] [--noheadings] [--output COLS]", \
	.help = "List report entries with their provider and generation"
/* The helper's file name, and the variable that overrides its directory
 * (HK_PKGLIBEXECDIR, set at build time) for running from the build tree. */
#define TSM_LIST_HELPER "tsmctl-list"
#define TSM_LIBEXECDIR_ENV "HARDENKIT_LIBEXECDIR"

/* verify checks signatures and certificates with libcrypto (and CCA tokens
 * with libcbor), so it runs in the helper tsmctl-evidence the same way
 * (helper-exec.c), the one helper for CBOR and crypto (tsmctl mr too, mr.h); report --verify runs that helper on the report it got.
 * tsmctl (helper-exec.c) and the helper (verify.c) each define
 * tsm_cmd_verify with these fields. */
#define TSM_CMD_VERIFY \
	.name = "verify", \
	.synopsis = "--nonce HEX|--nonce-base64 B64|--nonce-file FILE [--provider NAME] [--certs FILE] " \
		    "[--trust-anchor FILE]... [--crl FILE]... [--no-signature] [--json] FILE", \
	.help = "Check that a report carries the nonce and who signed it", \
	.man = "tsmctl-verify"
#define TSM_EVIDENCE_HELPER "tsmctl-evidence"
/* The evidence formats of report --format, which the helper's encode
 * command makes (encode.c), in the order of enum tsm_format (report.h). */
#define TSM_EVIDENCE_FORMATS "veraison-json", "veraison-cbor", "cmw-json", "cmw-cbor"

/* Replace this process with helper (in HK_PKGLIBEXECDIR, or the directory
 * TSM_LIBEXECDIR_ENV names) running tsmctl's command cmd with args: returns
 * only on failure, an exit code after a message. */
int tsm_exec_helper(const char *helper, const char *cmd, int argc, const char *const *argv);
/* The path of helper: 0, or an exit code after a message. */
int tsm_helper_path(const char *helper, char *path, size_t size);

/* What a new private entry says (it is removed again): 0, or -errno; -EINTR
 * after a caught signal. */
struct tsm_info;
int tsm_probe(int dirfd, struct tsm_info *info);
/* The provider the running kernel has registered, with no message: 0, or
 * -errno (ENOENT: no configfs-tsm, ENXIO: no provider, EACCES: not root). */
int tsm_registered_provider(char *buf, size_t size);


#endif
