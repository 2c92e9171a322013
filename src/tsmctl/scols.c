// SPDX-License-Identifier: GPL-2.0-or-later
/* libsmartcols, loaded on first use: only `list` prints a table, and mapping
 * the library at every start would add about 340 KiB to the peak RSS of each
 * `tsmctl report`, whose budget is 2 MiB (bench/tsmctl-report). lib/table.c
 * calls these as usual; tsmctl is not linked to libsmartcols. */
#include <dlfcn.h>
#include <errno.h>
#include <libsmartcols.h>

#include "hk/err.h"
#include "tsmctl.h"

#define SCOLS_SONAME "libsmartcols.so.1"

static void *lib;

int tsm_scols_load(void)
{
	if (lib)
		return 0;
	lib = dlopen(SCOLS_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (lib)
		return 0;
	hk_err("cannot load %s for the table: %s", SCOLS_SONAME, dlerror());
	return HK_EXIT_IO;
}

static void *sym(const char *name)
{
	return lib || tsm_scols_load() == 0 ? dlsym(lib, name) : NULL;
}

/* One forwarder per function lib/table.c uses; fail as libsmartcols would. */
#define FORWARD(ret, name, params, args, fail)				\
	ret name params							\
	{								\
		static ret(*fn) params;					\
									\
		if (!fn)						\
			*(void **)&fn = sym(#name);			\
		return fn ? fn args : fail;				\
	}

FORWARD(struct libscols_table *, scols_new_table, (void), (), NULL)
FORWARD(int, scols_table_set_name, (struct libscols_table *tb, const char *name), (tb, name), -ENOSYS)
FORWARD(int, scols_table_enable_json, (struct libscols_table *tb, int enable), (tb, enable), -ENOSYS)
FORWARD(int, scols_table_enable_raw, (struct libscols_table *tb, int enable), (tb, enable), -ENOSYS)
FORWARD(int, scols_table_enable_noheadings, (struct libscols_table *tb, int enable), (tb, enable), -ENOSYS)
FORWARD(struct libscols_column *, scols_table_new_column,
	(struct libscols_table *tb, const char *name, double whint, int flags), (tb, name, whint, flags), NULL)
FORWARD(int, scols_column_set_json_type, (struct libscols_column *cl, int type), (cl, type), -ENOSYS)
FORWARD(struct libscols_line *, scols_table_new_line, (struct libscols_table *tb, struct libscols_line *parent),
	(tb, parent), NULL)
FORWARD(int, scols_line_set_data, (struct libscols_line *ln, size_t n, const char *data), (ln, n, data), -ENOSYS)
FORWARD(int, scols_print_table, (struct libscols_table *tb), (tb), -ENOSYS)

void scols_unref_table(struct libscols_table *tb)
{
	static void (*fn)(struct libscols_table *);

	if (!tb)
		return;
	if (!fn)
		*(void **)&fn = sym("scols_unref_table");
	if (fn)
		fn(tb);
}
