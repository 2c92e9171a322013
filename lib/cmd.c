// SPDX-License-Identifier: GPL-2.0-or-later
/* Subcommand dispatch and popt glue: one help format and one way to fail
 * on a bad option, for every tool. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "cmdopt.h"
#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/io.h"

static const struct hk_tool *cur_tool;
static const struct hk_cmd *cur_cmd;
static char cur_name[64];	/* "mr list" for a command of a group */

const char *hk_cmd_name(void)
{
	return cur_name[0] ? cur_name : cur_cmd ? cur_cmd->name : "";
}

static void tool_help(FILE *out, const struct hk_tool *tool)
{
	const struct hk_cmd *const *c;
	int w = 0;

	fprintf(out, "Usage: %s [--help] [--version] COMMAND [OPTIONS]\n\n%s\n\nCommands:\n",
		tool->name, tool->summary);
	for (c = tool->cmds; *c; c++)
		if ((int)strlen((*c)->name) > w)
			w = (int)strlen((*c)->name);
	for (c = tool->cmds; *c; c++)
		fprintf(out, "  %-*s  %s\n", w, (*c)->name, (*c)->help);
	fprintf(out, "\nRun '%s COMMAND --help' for the options of a command.\n"
		     "For more details see %s(8).\n", tool->name, tool->name);
}

int hk_usage_error(const char *cmd, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (cmd && *cmd) {
		hk_err("%s: %s", cmd, msg);
		fprintf(stderr, "Try '%s %s --help'.\n", hk_progname(), cmd);
	} else {
		hk_err("%s", msg);
		fprintf(stderr, "Try '%s --help'.\n", hk_progname());
	}
	return HK_EXIT_USAGE;
}

/* A closed 0, 1 or 2 would be handed out by the next open(): the sysroot fd
 * or a netlink socket would then get what we print. */
static int std_fds_open(void)
{
	struct pollfd p[3] = { { .fd = STDIN_FILENO }, { .fd = STDOUT_FILENO }, { .fd = STDERR_FILENO } };
	int fd, nfd;

	/* One poll(2) for the three: a closed one says POLLNVAL. */
	if (poll(p, 3, 0) < 0)
		return -errno;
	for (fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
		if (!(p[fd].revents & POLLNVAL))
			continue;
		/* no O_CLOEXEC: hooks and tsmctl-list inherit it as fd 0-2 */
		nfd = open("/dev/null", O_RDWR);
		if (nfd < 0)
			return -errno;
		if (nfd != fd) {	/* lower ones are open: cannot happen */
			close(nfd);
			return -EBADF;
		}
	}
	return 0;
}

#ifdef __SANITIZE_ADDRESS__
/* LeakSanitizer cannot stop a process that is not dumpable, and cannot
 * read its options there: a refused set-ID run is not leak-checked. */
int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
	return getauxval(AT_SECURE) != 0;
}
#endif

/* The first thing every tool does, before it reads an option. */
static int process_start(void)
{
	int r;

	r = std_fds_open();
	if (r < 0) {
		hk_err("cannot open /dev/null for a closed standard input, output or error: %s",
		       strerror(-r));
		return HK_EXIT_IO;
	}
	/* Set-user-ID, set-group-ID or file capabilities: the caller's
	 * environment and options (--sysroot, --out...) would choose what a
	 * more privileged process opens. Run as root instead. */
	if (getauxval(AT_SECURE)) {
		hk_err("refusing to run set-user-ID, set-group-ID or with file capabilities (AT_SECURE): the caller's options and environment could redirect what it opens; run it as root instead");
		return HK_EXIT_PERM;
	}
	return 0;
}

static int run_cmd(const struct hk_cmd *c, int argc, const char **argv);

static void group_help(const struct hk_cmd *g)
{
	const struct hk_cmd *const *c;

	printf("Usage: %s %s COMMAND [OPTIONS]\n\n%s\n\nCommands:\n", hk_progname(), g->name, g->help);
	for (c = g->subcmds; *c; c++)
		printf("  %s %s\n      %s\n", (*c)->name, (*c)->synopsis ? (*c)->synopsis : "", (*c)->help);
	printf("\nRun '%s %s COMMAND --help' for the options of a command.\n"
	       "For more details see %s(8).\n", hk_progname(), g->name, g->man ? g->man : hk_progname());
}

/* argv[0] is the group's name, argv[1] the command's. */
static int run_group(const struct hk_cmd *g, int argc, const char **argv)
{
	const struct hk_cmd *const *c;

	if (argc < 2) {
		hk_err("%s: no command given", g->name);
		fprintf(stderr, "Try '%s %s --help'.\n", hk_progname(), g->name);
		return HK_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		group_help(g);
		return HK_EXIT_OK;
	}
	for (c = g->subcmds; *c; c++)
		if (strcmp((*c)->name, argv[1]) == 0)
			break;
	if (!*c)
		return hk_usage_error(g->name, "%s '%s'", argv[1][0] == '-' ? "unknown option" : "unknown command",
				      argv[1]);
	snprintf(cur_name, sizeof(cur_name), "%s %s", g->name, (*c)->name);
	cur_cmd = *c;
	return run_cmd(*c, argc - 1, argv + 1);
}

/* Parses the command's options into a fresh option struct and runs it. */
static int run_cmd(const struct hk_cmd *c, int argc, const char **argv)
{
	static char name[128];	/* popt keeps argv[0] for its help text */
	struct hk_optset *os;
	const char **args;
	poptContext ctx;
	char *vals;
	int ret, nargs = 0;

	if (c->subcmds)
		return run_group(c, argc, argv);
	if (c->pass_args)
		return c->run(NULL, argc - 1, argv + 1);
	os = malloc(sizeof(*os));
	vals = calloc(1, c->opts_size ? c->opts_size : 1);
	ret = os && vals ? hk_optset_build(os, c->opts) : -ENOMEM;
	if (ret < 0) {
		free(os);
		free(vals);
		hk_err("cannot set up the options of %s: %s", c->name,
		       ret == -E2BIG ? "more options or headings than the parser holds (a bug)" :
				       strerror(-ret));
		return HK_EXIT_IO;
	}
	if (c->defaults)
		memcpy(vals, c->defaults, c->opts_size);
	snprintf(name, sizeof(name), "%s %s", hk_progname(), hk_cmd_name());
	argv[0] = name;
	ctx = poptGetContext(name, argc, argv, os->top, 0);
	poptSetOtherOptionHelp(ctx, c->synopsis && *c->synopsis ? c->synopsis : " ");
	ret = hk_optset_parse(os, ctx, vals);
	if (ret == HK_OPTSET_HELP) {
		poptPrintHelp(ctx, stdout, 0);
		printf("\nFor more details see %s(8).\n", c->man ? c->man : hk_progname());
		if (c->help_tail)
			c->help_tail(stdout);
		ret = HK_EXIT_OK;
		goto out;
	}
	if (ret)
		goto out;
	args = poptGetArgs(ctx);
	while (args && args[nargs])
		nargs++;
	if (c->args >= 0 && nargs < c->args)
		ret = hk_usage_error(hk_cmd_name(), "missing %s", c->args_name ? c->args_name : "argument");
	else if (c->args >= 0 && nargs > c->args)
		ret = hk_usage_error(hk_cmd_name(), "unexpected argument '%s'", args[c->args]);
	else
		ret = c->run(vals, nargs, args);
out:
	poptFreeContext(ctx);
	hk_optset_free(os);
	free(os);
	free(vals);
	return ret;
}

/* util-linux's close_stdout: output that did not reach its reader is a
 * failure, found here once for every command. A success or a predicate's
 * answer becomes HK_EXIT_IO; another failure keeps its code (it was told). */
static int close_stdout(int ret)
{
	struct pollfd pfd = { .fd = STDOUT_FILENO };
	bool failed = ferror(stdout);
	int err = 0;

	if (fflush(stdout) == EOF) {
		failed = true;
		err = errno;
	}
	/* close(2) tells what fclose(3) would, without taking apart a
	 * stream that exit(3) flushes (empty by now) and frees anyway. */
	if (close(STDOUT_FILENO) < 0 && !failed && errno != EBADF) {
		failed = true;
		err = errno;
	}
	if (!failed || (ret != HK_EXIT_OK && ret != HK_EXIT_NO && ret != HK_EXIT_UNCHECKED))
		return ret;
	/* A reader that went away (| head) needs no message. */
	if (err != EPIPE && !(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLERR)))
		hk_err("cannot write to standard output%s%s", err ? ": " : "", err ? strerror(err) : "");
	return HK_EXIT_IO;
}

int hk_cmd_main(const struct hk_tool *tool, int argc, const char **argv)
{
	enum { OPT_HELP = 1, OPT_VERSION };
	char *sysroot = NULL;
	struct poptOption opts[] = {
		{ "help", 'h', POPT_ARG_NONE, NULL, OPT_HELP, "Show this help and exit", NULL },
		{ "version", 'V', POPT_ARG_NONE, NULL, OPT_VERSION, "Show the version and exit", NULL },
		{ "sysroot", '\0', POPT_ARG_STRING | POPT_ARGFLAG_DOC_HIDDEN, &sysroot, 0,
		  "Use DIR as the root for /proc, /sys and /etc (tests)", "DIR" },
		POPT_TABLEEND
	};
	const struct hk_cmd *const *c;
	const char **args, **subargv;
	poptContext ctx;
	int rc, nargs, ret;

	ret = process_start();
	if (ret)
		return ret;
	cur_tool = tool;
	setvbuf(stdout, NULL, _IOLBF, 0);
	ctx = poptGetContext(tool->name, argc, argv, opts, POPT_CONTEXT_POSIXMEHARDER);
	while ((rc = poptGetNextOpt(ctx)) > 0) {
		switch (rc) {
		case OPT_HELP:
			tool_help(stdout, tool);
			ret = HK_EXIT_OK;
			goto out;
		case OPT_VERSION:
			printf("%s %s (hardenkit) %s\n", tool->name, PACKAGE_VERSION, HK_FEATURES);
			ret = HK_EXIT_OK;
			goto out;
		}
	}
	if (rc < -1) {
		ret = hk_usage_error(NULL, "%s: %s", poptBadOption(ctx, POPT_BADOPTION_NOALIAS),
				     poptStrerror(rc));
		goto out;
	}
	if (sysroot)
		hk_sysroot_set(sysroot);
	args = poptGetArgs(ctx);
	if (!args || !args[0]) {
		hk_err("no command given");
		fprintf(stderr, "Try '%s --help'.\n", tool->name);
		ret = HK_EXIT_USAGE;
		goto out;
	}
	for (c = tool->cmds; *c; c++)
		if (strcmp((*c)->name, args[0]) == 0)
			break;
	if (!*c) {
		ret = hk_usage_error(NULL, "unknown command '%s'", args[0]);
		goto out;
	}
	cur_cmd = *c;
	for (nargs = 0; args[nargs]; nargs++)
		;
	/* The subcommand gets its own argv: popt owns the leftovers array. */
	subargv = calloc((size_t)nargs + 1, sizeof(*subargv));
	if (!subargv) {
		hk_err("out of memory");
		ret = HK_EXIT_IO;
		goto out;
	}
	memcpy(subargv, args, (size_t)nargs * sizeof(*subargv));
	ret = run_cmd(*c, nargs, subargv);
	free(subargv);
out:
	poptFreeContext(ctx);
	hk_sysroot_set(NULL);
	free(sysroot);
	return close_stdout(ret);
}
