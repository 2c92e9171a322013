/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tsmctl subcommands and what they share. */
#ifndef TSMCTL_H
#define TSMCTL_H

#include <popt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nonce.h"
#include "tsm.h"

int cmd_report(int argc, const char **argv);
int cmd_create(int argc, const char **argv);
int cmd_list(int argc, const char **argv);
int cmd_show(int argc, const char **argv);
int cmd_remove(int argc, const char **argv);
int cmd_provider(int argc, const char **argv);
int cmd_verify(int argc, const char **argv);
int cmd_prune(int argc, const char **argv);

/* Fail on leftover positional arguments. */
int tsm_no_args(poptContext ctx);
/* Exactly one positional argument: 0 and *arg, or HK_EXIT_USAGE. */
int tsm_one_arg(poptContext ctx, const char *what, const char **arg);

/* Nonce options shared by report and verify. */
struct tsm_nonce_opts {
	char *hex;
	char *b64;
	char *file;
	int random;
};
extern struct tsm_nonce_opts tsm_nonce_opts;
extern struct poptOption tsm_nonce_poptions[];
extern struct poptOption tsm_random_poptions[];
/* Load the nonce chosen on the command line: 0, or an exit code after a
 * message. With need false, no nonce option leaves *len at 0. */
int tsm_nonce_load(uint8_t *nonce, size_t *len, bool need);
void tsm_nonce_opts_free(void);

/* list is the one command that prints a table, so the only one linked to
 * libsmartcols: tsmctl runs it as the helper tsmctl-list (list-exec.c), which
 * keeps tsmctl free of shared libraries it does not need for every report
 * and lets it be linked as a static PIE (configure --disable-static-tsmctl).
 * tsmctl and the helper share this entry of their command tables. */
#define TSM_CMD_LIST \
	{ "list", cmd_list, "[--json] [--raw] [--noheadings] [--output COLS]", \
	  "List report entries with their provider and generation" }
/* The helper's file name, and the variable that overrides its directory
 * (HK_PKGLIBEXECDIR, set at build time) for running from the build tree. */
#define TSM_LIST_HELPER "tsmctl-list"
#define TSM_LIBEXECDIR_ENV "HARDENKIT_LIBEXECDIR"

/* What a new private entry says (it is removed again): 0, or -errno; -EINTR
 * after a caught signal. */
struct tsm_info;
int tsm_probe(int dirfd, struct tsm_info *info);
/* The provider the running kernel has registered, with no message: 0, or
 * -errno (ENOENT: no configfs-tsm, ENXIO: no provider, EACCES: not root). */
int tsm_registered_provider(char *buf, size_t size);

/* Print a decoded report (verify and report --verify). */
struct tsm_decoded;
struct hk_json;
void tsm_print_decoded(const struct tsm_decoded *d, bool have_nonce, bool bound);
void tsm_json_decoded(struct hk_json *j, const struct tsm_decoded *d);

#endif
