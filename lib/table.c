// SPDX-License-Identifier: GPL-2.0-or-later
/* libsmartcols tables with the util-linux option set: every list a tool
 * prints comes through here, so --json and --output behave the same. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/table.h"
#include "hk/tty.h"

const struct hk_opt hk_table_options[] = {
	HK_OPT_GROUP("Output options:"),
	HK_OPT_FLAG(struct hk_table_opts, json, "json", 'J', "Use JSON output format"),
	HK_OPT_FLAG(struct hk_table_opts, raw, "raw", 'r', "Use raw output format"),
	HK_OPT_FLAG(struct hk_table_opts, noheadings, "noheadings", 'n', "Don't print headings"),
	HK_OPT_STR(struct hk_table_opts, output, "output", 'o', "LIST",
		   "Comma-separated list of columns to print"),
	HK_OPT_END
};

static int col_index(const struct hk_col *cols, size_t ncols, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ncols; i++)
		if (strlen(cols[i].name) == len && strncasecmp(cols[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

static int choose_columns(struct hk_table *t)
{
	const char *p = t->opts->output, *end;
	size_t i;
	int idx;

	t->nshown = 0;
	if (!p) {
		for (i = 0; i < t->ncols && t->nshown < 64; i++)
			if (t->cols[i].dflt)
				t->map[t->nshown++] = (int)i;
		return 0;
	}
	/* "+LIST" adds to the defaults, as in util-linux. */
	if (*p == '+') {
		for (i = 0; i < t->ncols && t->nshown < 64; i++)
			if (t->cols[i].dflt)
				t->map[t->nshown++] = (int)i;
		p++;
	}
	while (*p) {
		end = strchrnul(p, ',');
		idx = col_index(t->cols, t->ncols, p, (size_t)(end - p));
		if (idx < 0)
			return hk_usage_error(hk_cmd_name(), "unknown column '%.*s' in --output",
					      (int)(end - p), p);
		if (t->nshown >= 64)
			return hk_usage_error(hk_cmd_name(), "too many columns in --output");
		t->map[t->nshown++] = idx;
		p = *end ? end + 1 : end;
	}
	if (!t->nshown)
		return hk_usage_error(hk_cmd_name(), "--output needs at least one column");
	return 0;
}

int hk_table_init(struct hk_table *t, const struct hk_table_opts *o, const char *json_name, const struct hk_col *cols, size_t ncols)
{
	struct libscols_column *cl;
	const struct hk_col *c;
	size_t i;
	int r;

	memset(t, 0, sizeof(*t));
	t->opts = o;
	t->cols = cols;
	t->ncols = ncols;
	r = choose_columns(t);
	if (r)
		return r;
	t->tb = scols_new_table();
	if (!t->tb)
		goto oom;
	scols_table_set_name(t->tb, json_name);
	scols_table_enable_json(t->tb, o->json);
	scols_table_enable_raw(t->tb, o->raw);
	scols_table_enable_noheadings(t->tb, o->noheadings);
	for (i = 0; i < t->nshown; i++) {
		c = &cols[t->map[i]];
		cl = scols_table_new_column(t->tb, c->name, c->whint, c->flags);
		if (!cl)
			goto oom;
		scols_column_set_json_type(cl, c->type == HK_COL_NUM ? SCOLS_JSON_NUMBER :
					       c->type == HK_COL_BOOL ? SCOLS_JSON_BOOLEAN :
					       SCOLS_JSON_STRING);
	}
	return 0;
oom:
	hk_err("cannot create output table: out of memory");
	hk_table_free(t);
	return HK_EXIT_IO;
}

struct libscols_line *hk_table_new_line(struct hk_table *t)
{
	return scols_table_new_line(t->tb, NULL);
}

/*
 * A cell's text as it is safe to print. libsmartcols (2.38) escapes control
 * characters and bytes that are not UTF-8 as \xHH in human and --raw output
 * (wrapped columns too), and C0 controls as \u00XX in --json, but its JSON
 * passes DEL, C1 controls and bytes that are not UTF-8 through: for --json
 * each of those becomes U+FFFD. malloc'd, for scols_line_refer_data().
 */
static char *cell_text(const struct hk_table *t, const char *val)
{
	size_t len = strlen(val), i, n, o = 0;
	uint32_t cp;
	char *s;

	if (!t->opts->json)
		return strdup(val);
	s = malloc(3 * len + 1);
	if (!s)
		return NULL;
	for (i = 0; i < len; i += n) {
		n = hk_utf8_char(val + i, len - i, &cp);
		if (n && (cp < 0x20 || !hk_is_control(cp))) {
			memcpy(s + o, val + i, n);
			o += n;
		} else {
			memcpy(s + o, "\xef\xbf\xbd", 3);	/* U+FFFD */
			o += 3;
			n = n ? n : 1;
		}
	}
	s[o] = '\0';
	return s;
}

int hk_table_set(struct hk_table *t, struct libscols_line *ln, size_t col, const char *val)
{
	size_t i;
	char *s;

	for (i = 0; i < t->nshown; i++) {
		if ((size_t)t->map[i] != col)
			continue;
		s = cell_text(t, val);
		if (!s || scols_line_refer_data(ln, i, s) < 0) {
			free(s);
			return -1;
		}
	}
	return 0;
}

int hk_table_setf(struct hk_table *t, struct libscols_line *ln, size_t col, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return hk_table_set(t, ln, col, buf);
}

int hk_table_print(struct hk_table *t)
{
	if (scols_print_table(t->tb) < 0 || fflush(stdout) == EOF) {
		hk_err("cannot write the table to standard output");
		return HK_EXIT_IO;
	}
	return 0;
}

void hk_table_free(struct hk_table *t)
{
	scols_unref_table(t->tb);
	t->tb = NULL;
}

void hk_table_help(FILE *out, const struct hk_col *cols, size_t ncols)
{
	size_t i;

	fputs("\nAvailable output columns (default marked *):\n", out);
	for (i = 0; i < ncols; i++)
		fprintf(out, " %c%-10s %s\n", cols[i].dflt ? '*' : ' ', cols[i].name, cols[i].help);
}
