// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl mr list and tsmctl mr read, and the mr group. */
#include <stdio.h>
#include <string.h>

#include "hk/cmd.h"
#include "hk/codec.h"
#include "hk/err.h"
#include "hk/table.h"
#include "mr.h"

enum { COL_NAME, COL_HASH, COL_MODE, COL_INDEX, COL_SIZE, COL_VALUE };

static const struct hk_col cols[] = {
	[COL_NAME] = { "NAME", 8, 0, HK_COL_STR, "register name", true },
	[COL_HASH] = { "HASH", 6, 0, HK_COL_STR, "hash algorithm, - for none", true },
	[COL_MODE] = { "MODE", 2, 0, HK_COL_STR, "ro, or rw for a register that can be extended", true },
	[COL_INDEX] = { "INDEX", 3, SCOLS_FL_RIGHT, HK_COL_NUM, "CEL index in the event log (mrtd 0, rtmrN N+1)", true },
	[COL_SIZE] = { "SIZE", 3, SCOLS_FL_RIGHT, HK_COL_NUM, "size in bytes", false },
	[COL_VALUE] = { "VALUE", 96, SCOLS_FL_WRAP, HK_COL_STR, "current value in hex", true },
};

struct list_opts {
	struct tsm_mr_sel sel;
	struct hk_table_opts table;
};

static const struct hk_opt list_options[] = {
	HK_OPT_INCLUDE(struct list_opts, sel, tsm_mr_sel_options),
	HK_OPT_INCLUDE(struct list_opts, table, hk_table_options),
	HK_OPT_END
};

static void list_help(FILE *out)
{
	fprintf(out, "\nColumns:\n");
	hk_table_help(out, cols, sizeof(cols) / sizeof(cols[0]));
}

static int mr_list(const void *opts, int argc, const char *const *argv)
{
	const struct list_opts *o = opts;
	char hex[HK_HEX_LEN(TSM_MR_VALUE_MAX)];
	struct hk_table t = { 0 };
	struct libscols_line *ln;
	struct tsm_mrs m;
	size_t i;
	int code;

	(void)argc;
	(void)argv;
	if ((code = hk_table_init(&t, &o->table, "registers", cols, sizeof(cols) / sizeof(cols[0]))))
		return code;
	if ((code = tsm_mrs_load(&m, o->sel.provider)))
		goto out;
	for (i = 0; i < m.n; i++) {
		const struct tsm_mr *r = &m.mr[i];

		if (!(ln = hk_table_new_line(&t))) {
			hk_err("cannot list measurement registers: out of memory");
			code = HK_EXIT_IO;
			goto out;
		}
		hk_table_set(&t, ln, COL_NAME, r->name);
		hk_table_set(&t, ln, COL_HASH, r->hash[0] ? r->hash : "-");
		hk_table_set(&t, ln, COL_MODE, r->writable ? "rw" : "ro");
		if (r->index >= 0 && r->hash[0])
			hk_table_setf(&t, ln, COL_INDEX, "%d", r->index);
		hk_table_setf(&t, ln, COL_SIZE, "%zu", r->size);
		if (r->have_value) {
			hk_hex_encode(r->value, r->size, hex);
			hk_table_set(&t, ln, COL_VALUE, hex);
		}
	}
	code = hk_table_print(&t);
out:
	tsm_mrs_close(&m);
	hk_table_free(&t);
	return code;
}

const struct hk_cmd tsm_cmd_mr_list = {
	.name = "list",
	.synopsis = "[--provider NAME] [--json] [--raw] [--noheadings] [--output COLS]",
	.help = "List the measurement registers: name, hash, mode, CEL index, value",
	HK_CMD_OPTS(struct list_opts, list_options),
	.help_tail = list_help,
	.man = "tsmctl-mr",
	.run = mr_list,
};

struct tsm_mr *tsm_mr_lookup(struct tsm_mrs *m, const char *name)
{
	struct tsm_mr *r = tsm_mrs_find(m, name);
	char label[TSM_MR_NAME_MAX + 20], list[256] = "";
	size_t i, n = 0;

	if (r)
		return r;
	for (i = 0; i < m->n && n < sizeof(list); i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "",
				      tsm_mr_label(&m->mr[i], label, sizeof(label)));
	hk_err("no measurement register '%s' in /sys/devices/virtual/misc/%s/measurements (there are: %s)",
	       name, m->provider, m->n ? list : "none");
	return NULL;
}

struct read_opts {
	struct tsm_mr_sel sel;
};

static const struct hk_opt read_options[] = {
	HK_OPT_INCLUDE(struct read_opts, sel, tsm_mr_sel_options),
	HK_OPT_END
};

static int mr_read(const void *opts, int argc, const char *const *argv)
{
	const struct read_opts *o = opts;
	char hex[HK_HEX_LEN(TSM_MR_VALUE_MAX)], label[TSM_MR_NAME_MAX + 20];
	struct tsm_mrs m;
	struct tsm_mr *r;
	int code;

	(void)argc;
	if ((code = tsm_mrs_load(&m, o->sel.provider)))
		return code;
	if (!(r = tsm_mr_lookup(&m, argv[0]))) {
		code = HK_EXIT_NOTFOUND;
	} else if (!r->have_value) {
		hk_err("cannot read measurement register %s: %s", tsm_mr_label(r, label, sizeof(label)),
		       r->readable ? "read failed (are you root?)" : "it is not readable");
		code = HK_EXIT_PERM;
	} else {
		hk_hex_encode(r->value, r->size, hex);
		printf("%s\n", hex);
	}
	tsm_mrs_close(&m);
	return code;
}

const struct hk_cmd tsm_cmd_mr_read = {
	.name = "read",
	.synopsis = "[--provider NAME] NAME",
	.help = "Print a register's value in hex",
	HK_CMD_OPTS(struct read_opts, read_options),
	.args = 1,
	.args_name = "register NAME",
	.man = "tsmctl-mr",
	.run = mr_read,
};

static const struct hk_cmd *const mr_cmds[] = {
	&tsm_cmd_mr_list,
	&tsm_cmd_mr_read,
	&tsm_cmd_mr_extend,
	&tsm_cmd_mr_replay,
	NULL
};

const struct hk_cmd tsm_cmd_mr_group = {
	TSM_CMD_MR,
	.subcmds = mr_cmds,
};
