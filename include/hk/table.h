/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tables through libsmartcols: --json, --raw, --noheadings, --output. */
#ifndef HK_TABLE_H
#define HK_TABLE_H

#include <libsmartcols.h>
#include <stdbool.h>

#include "hk/cmd.h"

enum hk_col_type { HK_COL_STR, HK_COL_NUM, HK_COL_BOOL };

struct hk_col {
	const char *name;
	double whint;
	int flags;		/* SCOLS_FL_* */
	enum hk_col_type type;
	const char *help;
	bool dflt;		/* shown without --output */
};

struct hk_table_opts {
	bool json;
	bool raw;
	bool noheadings;
	const char *output;	/* comma-separated column names */
};

/* The rows of --json/-J, --raw/-r, --noheadings/-n, --output/-o, under
 * "Output options:": HK_OPT_INCLUDE(struct x_opts, table, hk_table_options). */
extern const struct hk_opt hk_table_options[];

struct hk_table {
	struct libscols_table *tb;
	const struct hk_table_opts *opts;
	const struct hk_col *cols;
	size_t ncols;
	int map[64];		/* shown column -> index in cols */
	size_t nshown;
};

/* Build the table for the columns chosen by --output (or the defaults).
 * Returns 0, or HK_EXIT_USAGE after printing which column name is unknown. */
int hk_table_init(struct hk_table *t, const struct hk_table_opts *o, const char *json_name, const struct hk_col *cols, size_t ncols);
struct libscols_line *hk_table_new_line(struct hk_table *t);
/* Set column `col` (index in cols) of a line; ignored when not shown. */
int hk_table_set(struct hk_table *t, struct libscols_line *ln, size_t col, const char *val);
int hk_table_setf(struct hk_table *t, struct libscols_line *ln, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int hk_table_print(struct hk_table *t);
void hk_table_free(struct hk_table *t);
/* "NAME  help" lines for --help's column list. */
void hk_table_help(FILE *out, const struct hk_col *cols, size_t ncols);

#endif
