/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside lib/: struct hk_opt tables as popt tables (cmd.c's helper). */
#ifndef HK_CMDOPT_H
#define HK_CMDOPT_H

#include <popt.h>

#include "hk/cmd.h"

#define HK_OPTSET_SLOTS 48
#define HK_OPTSET_SECTIONS 8
#define HK_OPTSET_HELP (-1)

struct hk_optslot {
	const struct hk_opt *o;
	size_t off;		/* in the option struct, includes resolved */
};

struct hk_optset {
	struct hk_optslot slot[HK_OPTSET_SLOTS];
	size_t nslots;
	char *owned[HK_OPTSET_SLOTS];	/* popt's copies of the arguments */
	const char *heading[HK_OPTSET_SECTIONS];
	size_t first[HK_OPTSET_SECTIONS];	/* each section's first slot */
	int nsections;
	/* The rows of sections 1 and up, each run ended by a POPT_TABLEEND:
	 * a section's slots are consecutive, as flattening appends to the
	 * last section only. */
	struct poptOption rows[HK_OPTSET_SLOTS + HK_OPTSET_SECTIONS];
	struct poptOption top[HK_OPTSET_SLOTS + HK_OPTSET_SECTIONS + 2];
};

/* Builds os->top from opts. 0 or -E2BIG (a table too big: a bug). */
int hk_optset_build(struct hk_optset *os, const struct hk_opt *opts);

/* Runs popt over ctx (made with os->top), converting each option into the
 * option struct at vals. Returns 0, HK_OPTSET_HELP for --help, or an
 * HK_EXIT_* code after one message. */
int hk_optset_parse(struct hk_optset *os, poptContext ctx, char *vals);

/* Frees the argument strings; values of HK_OPT_T_STR options point there. */
void hk_optset_free(struct hk_optset *os);

#endif
