/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Subcommand dispatch and popt glue shared by the tools. */
#ifndef HK_CMD_H
#define HK_CMD_H

#include <popt.h>
#include <stdio.h>

struct hk_cmd {
	const char *name;
	int (*fn)(int argc, const char **argv);
	const char *synopsis;	/* arguments, e.g. "[--json]" */
	const char *help;	/* one line */
};

struct hk_tool {
	const char *name;
	const char *summary;		/* one line: what the tool is for */
	const struct hk_cmd *cmds;	/* terminated by a zeroed entry */
};

/* main(): first opens /dev/null on a closed fd 0, 1 or 2 (HK_EXIT_IO if it
 * cannot) and refuses to run under AT_SECURE: set-user-ID, set-group-ID or
 * file capabilities (HK_EXIT_PERM). Then handles --help, --version and the
 * hidden --sysroot, and runs the subcommand named in argv. Returns an
 * HK_EXIT_* code. */
int hk_cmd_main(const struct hk_tool *tool, int argc, const char **argv);

/* Closes a subcommand's option table: adds --help/-h. */
extern struct poptOption hk_help_poptions[];
#define HK_POPT_HELP { NULL, '\0', POPT_ARG_INCLUDE_TABLE, hk_help_poptions, 0, "Help options:", NULL }

/* Subcommand option parsing. hk_popt_parse() returns 0 and a context whose
 * leftover arguments the caller reads with poptGetArg(), or an exit code
 * (-1 never): HK_EXIT_OK after --help, HK_EXIT_USAGE after a bad option. The
 * caller frees the context with poptFreeContext(). */
struct hk_popt {
	poptContext ctx;
	int done;	/* non-zero: return `code` now */
	int code;
};
struct hk_popt hk_popt_parse(const char *cmd, const struct poptOption *opts,
			     const char *args_help, int argc, const char **argv);

/* Report a usage problem with a subcommand: "prog: msg" then a hint. */
int hk_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The running subcommand's name, for messages. */
const char *hk_cmd_name(void);

#endif
