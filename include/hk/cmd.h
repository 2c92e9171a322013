/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Commands described once: name, synopsis, help, typed options, arguments.
 *
 * A subcommand lives in its own file as one `const struct hk_cmd` and a
 * struct of its option values. hk_cmd_main() parses the command line with
 * popt, converts and range-checks every value into that struct (one message
 * and exit 2 for a bad one), checks the number of arguments, runs the
 * handler, frees what it allocated and checks that standard output was
 * written. The handler starts with its inputs parsed:
 *
 *	struct show_opts { bool json; };
 *	static const struct hk_opt show_options[] = {
 *		HK_OPT_FLAG(struct show_opts, json, "json", 'J', "Print a JSON object"),
 *		HK_OPT_END
 *	};
 *	static int show(const void *opts, int argc, const char *const *argv);
 *	const struct hk_cmd tsm_cmd_show = {
 *		HK_CMD_OPTS(struct show_opts, show_options),
 *		.name = "show", .synopsis = "[--json] NAME", .args = 1,
 *		.help = "Show a report entry's attributes", .run = show,
 *	};
 */
#ifndef HK_CMD_H
#define HK_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum hk_opt_type {
	HK_OPT_T_END = 0,
	HK_OPT_T_FLAG,		/* bool, no argument: true when given */
	HK_OPT_T_STR,		/* const char *: the argument as given (NULL when not) */
	HK_OPT_T_UINT,		/* unsigned int in [min, max] */
	HK_OPT_T_INT,		/* int in [min, max] */
	HK_OPT_T_U64,		/* uint64_t in [min, max] */
	HK_OPT_T_S64,		/* int64_t in [min, max] */
	HK_OPT_T_CHOICE,	/* int: index of the argument in choices[] */
	HK_OPT_T_PARSE,		/* parse() converts it */
	HK_OPT_T_GROUP,		/* not an option: a help heading for what follows */
	HK_OPT_T_INCLUDE,	/* the options of table, their struct at off */
};

struct hk_opt;
/* Converts arg into dst (the field at off). Returns 0, or an HK_EXIT_*
 * code after saying why with hk_opt_error(). */
typedef int (*hk_opt_parse_fn)(const struct hk_opt *o, const char *arg, void *dst);

struct hk_opt {
	enum hk_opt_type type;
	const char *name;		/* long name, without "--" */
	char short_name;		/* or '\0' */
	size_t off;			/* of the value in the option struct */
	const char *help;		/* one line; a heading for HK_OPT_T_GROUP */
	const char *arg;		/* the argument's name in help: "N", "FILE" */
	int64_t min;			/* numbers: accepted range */
	uint64_t max;
	const char *unit;		/* numbers: "seconds", for messages */
	const char *const *choices;	/* HK_OPT_T_CHOICE: NULL-terminated */
	hk_opt_parse_fn parse;		/* HK_OPT_T_PARSE */
	const struct hk_opt *table;	/* HK_OPT_T_INCLUDE */
};

/* Compile-time check that field f of S has type T; evaluates to 0. */
#define HK__FIELD(S, f, T) \
	(offsetof(S, f) + 0 * sizeof(char[1 - 2 * !__builtin_types_compatible_p(__typeof__(((S *)0)->f), T)]))

#define HK_OPT_FLAG(S, f, lname, sname, h) \
	{ .type = HK_OPT_T_FLAG, .name = lname, .short_name = sname, .off = HK__FIELD(S, f, bool), .help = h }
#define HK_OPT_STR(S, f, lname, sname, a, h) \
	{ .type = HK_OPT_T_STR, .name = lname, .short_name = sname, .off = HK__FIELD(S, f, const char *), \
	  .arg = a, .help = h }
#define HK_OPT_UINT(S, f, lname, sname, a, lo, hi, u, h) \
	{ .type = HK_OPT_T_UINT, .name = lname, .short_name = sname, .off = HK__FIELD(S, f, unsigned int), \
	  .arg = a, .min = lo, .max = hi, .unit = u, .help = h }
#define HK_OPT_INT(S, f, lname, sname, a, lo, hi, u, h) \
	{ .type = HK_OPT_T_INT, .name = lname, .short_name = sname, .off = HK__FIELD(S, f, int), \
	  .arg = a, .min = lo, .max = hi, .unit = u, .help = h }
#define HK_OPT_U64(S, f, lname, sname, a, lo, hi, u, h) \
	{ .type = HK_OPT_T_U64, .name = lname, .short_name = sname, .off = HK__FIELD(S, f, uint64_t), \
	  .arg = a, .min = lo, .max = hi, .unit = u, .help = h }
#define HK_OPT_S64(S, f, lname, sname, a, lo, hi, u, h) \
	{ .type = HK_OPT_T_S64, .name = lname, .short_name = sname, .off = HK__FIELD(S, f, int64_t), \
	  .arg = a, .min = lo, .max = hi, .unit = u, .help = h }
#define HK_OPT_CHOICE(S, f, lname, sname, a, ch, h) \
	{ .type = HK_OPT_T_CHOICE, .name = lname, .short_name = sname, .off = HK__FIELD(S, f, int), \
	  .arg = a, .choices = ch, .help = h }
#define HK_OPT_PARSE(S, f, lname, sname, a, fn, h) \
	{ .type = HK_OPT_T_PARSE, .name = lname, .short_name = sname, .off = offsetof(S, f), \
	  .arg = a, .parse = fn, .help = h }
#define HK_OPT_GROUP(h) { .type = HK_OPT_T_GROUP, .help = h }
#define HK_OPT_INCLUDE(S, f, tbl) { .type = HK_OPT_T_INCLUDE, .off = offsetof(S, f), .table = tbl }
#define HK_OPT_END { .type = HK_OPT_T_END }

/* Any number of arguments (watch's "-- ARGS"). */
#define HK_ARGS_ANY (-1)

struct hk_cmd {
	const char *name;
	const char *synopsis;		/* after "tool name": "[--json] NAME" */
	const char *help;		/* one line, in the tool's --help */
	const struct hk_opt *opts;	/* HK_OPT_END-terminated, or NULL */
	size_t opts_size;		/* sizeof the option struct */
	const void *defaults;		/* its values when not given, or NULL: zero */
	int args;			/* exact number of arguments, or HK_ARGS_ANY */
	const char *args_name;		/* for "missing NAME": "entry NAME" */
	/* Nothing parsed, --help included: run() gets opts NULL and the
	 * words after the command name as given, for a command that hands
	 * its command line to another program (tsmctl list). */
	bool pass_args;
	/* opts points to the converted option struct; argv holds the
	 * arguments after the command name. Returns an HK_EXIT_* code. */
	int (*run)(const void *opts, int argc, const char *const *argv);
	void (*help_tail)(FILE *out);	/* more help after the options */
	const char *man;		/* its own man page ("tsmctl-report"), or NULL */
	/* A group of commands ("tsmctl mr list"): the first argument names
	 * one of these (NULL-terminated), which runs as a command of its own
	 * named "GROUP NAME"; run and the options are then unused. */
	const struct hk_cmd *const *subcmds;
};

#define HK_CMD_OPTS(S, tbl) .opts = (tbl), .opts_size = sizeof(S)

struct hk_tool {
	const char *name;
	const char *summary;			/* one line: what the tool is for */
	const struct hk_cmd *const *cmds;	/* NULL-terminated */
};

/* main(): first opens /dev/null on a closed fd 0, 1 or 2 (HK_EXIT_IO if it
 * cannot) and refuses to run under AT_SECURE: set-user-ID, set-group-ID or
 * file capabilities (HK_EXIT_PERM). Then handles --help, --version and the
 * hidden --sysroot, and runs the subcommand named in argv (see above).
 * Standard output is flushed and closed at the end: a failed write turns a
 * success or a predicate's answer into HK_EXIT_IO, with a message unless the
 * reader went away (EPIPE). Returns an HK_EXIT_* code. */
int hk_cmd_main(const struct hk_tool *tool, int argc, const char **argv);

/* Report a usage problem with a subcommand: "prog: cmd: msg" then a hint.
 * Returns HK_EXIT_USAGE. */
int hk_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A bad value of option o: "prog: cmd: --name: msg" then a hint. Returns
 * HK_EXIT_USAGE. */
int hk_opt_error(const struct hk_opt *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The running subcommand's name, for messages. */
const char *hk_cmd_name(void);

#endif
