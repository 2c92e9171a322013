// SPDX-License-Identifier: GPL-2.0-or-later
/* The command framework end to end: hk_cmd_main() runs a test tool in a
 * child process (it closes standard output), whose handler prints the
 * values it was given. Every option type, ranges and their messages,
 * defaults, included tables, repeated options, argument counts, --help,
 * and close_stdout's verdicts on a full disk and a reader that left. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "unit.h"

struct inc_opts {
	bool flag;
	const char *word;
};

struct t_opts {
	bool flag;
	const char *str;
	unsigned int u;
	int i;
	uint64_t u64;
	int64_t s64;
	int choice;
	int parsed;
	struct inc_opts inc;
};

static const char *const choices[] = { "alpha", "beta", "gamma", NULL };

static int parse_even(const struct hk_opt *o, const char *arg, void *dst)
{
	int v = atoi(arg);

	if (v % 2)
		return hk_opt_error(o, "'%s' is odd", arg);
	*(int *)dst = v;
	return 0;
}

static const struct hk_opt inc_options[] = {
	HK_OPT_GROUP("Included:"),
	HK_OPT_FLAG(struct inc_opts, flag, "inc-flag", '\0', "An included flag"),
	HK_OPT_STR(struct inc_opts, word, "inc-word", 'w', "W", "An included string"),
	HK_OPT_END
};

static const struct hk_opt t_options[] = {
	HK_OPT_FLAG(struct t_opts, flag, "flag", 'f', "A flag"),
	HK_OPT_STR(struct t_opts, str, "str", 's', "S", "A string"),
	HK_OPT_GROUP("Numbers:"),
	HK_OPT_UINT(struct t_opts, u, "uint", '\0', "N", 1, 10, "seconds", "1 to 10"),
	HK_OPT_INT(struct t_opts, i, "int", '\0', "N", -5, 5, NULL, "-5 to 5"),
	HK_OPT_U64(struct t_opts, u64, "u64", '\0', "N", 0, UINT64_MAX, NULL, "any u64"),
	HK_OPT_S64(struct t_opts, s64, "s64", '\0', "N", INT64_MIN, INT64_MAX, NULL, "any s64"),
	HK_OPT_CHOICE(struct t_opts, choice, "choice", 'c', "C", choices, "alpha, beta or gamma"),
	HK_OPT_PARSE(struct t_opts, parsed, "even", '\0', "N", parse_even, "An even number"),
	HK_OPT_INCLUDE(struct t_opts, inc, inc_options),
	HK_OPT_END
};

static const struct t_opts t_defaults = { .u = 7, .choice = -1 };

static int show(const void *opts, int argc, const char *const *argv)
{
	const struct t_opts *o = opts;
	int k;

	printf("flag=%d str=%s u=%u i=%d u64=%" PRIu64 " s64=%" PRId64 " choice=%d even=%d inc.flag=%d inc.word=%s",
	       o->flag, o->str ? o->str : "(null)", o->u, o->i, o->u64, o->s64, o->choice, o->parsed,
	       o->inc.flag, o->inc.word ? o->inc.word : "(null)");
	for (k = 0; k < argc; k++)
		printf(" arg=%s", argv[k]);
	printf("\n");
	return getenv("T_EXIT") ? atoi(getenv("T_EXIT")) : 0;
}

static void tail(FILE *out)
{
	fputs("TAIL\n", out);
}

static const struct hk_cmd t_cmd = {
	.name = "cmd",
	.synopsis = "[OPTIONS] A1 A2",
	.help = "The test command",
	HK_CMD_OPTS(struct t_opts, t_options),
	.defaults = &t_defaults,
	.args = 2,
	.args_name = "A1 and A2",
	.run = show,
	.help_tail = tail,
};

static int show_none(const void *opts, int argc, const char *const *argv)
{
	(void)opts;
	printf("argc=%d first=%s\n", argc, argc ? argv[0] : "(none)");
	return 0;
}

static const struct hk_cmd t_any = {
	.name = "any",
	.synopsis = "[ARGS]",
	.help = "Takes any arguments, has no options",
	.args = HK_ARGS_ANY,
	.run = show_none,
	.man = "t-any",
};

static const struct hk_cmd *const t_cmds[] = { &t_cmd, &t_any, NULL };
static const struct hk_tool t_tool = { .name = "t", .summary = "A test tool", .cmds = t_cmds };

struct result {
	int status;
	char out[4096], err[4096];
};

static void slurp(int fd, char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;

	while (n + 1 < size && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
	close(fd);
}

/* Runs "t ARGS..." in a child; out_fd: -1 for a pipe read back, or an
 * open descriptor to use as its standard output. */
static void run_fd(struct result *res, int out_fd, const char *const *args)
{
	const char *argv[32] = { "t" };
	int po[2], pe[2], n = 1, st;
	pid_t pid;

	while (*args && n < 31)
		argv[n++] = *args++;
	if (pipe(po) < 0 || pipe(pe) < 0)
		abort();
	fflush(NULL);	/* or the child writes our TAP lines again */
	pid = fork();
	if (pid == 0) {
		program_invocation_short_name = (char *)"t";
		dup2(out_fd >= 0 ? out_fd : po[1], STDOUT_FILENO);
		dup2(pe[1], STDERR_FILENO);
		close(po[0]);
		close(pe[0]);
		_exit(hk_cmd_main(&t_tool, n, argv));
	}
	close(po[1]);
	close(pe[1]);
	slurp(po[0], res->out, sizeof(res->out));
	slurp(pe[0], res->err, sizeof(res->err));
	waitpid(pid, &st, 0);
	res->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

#define RUN(res, ...) run_fd(res, -1, (const char *const[]){ __VA_ARGS__, NULL })

static void values(void)
{
	struct result r;

	RUN(&r, "cmd", "-f", "--str", "x", "--uint", "10", "--int", "-5", "--u64", "18446744073709551615",
	    "--s64", "-9223372036854775808", "--choice", "gamma", "--even", "4", "--inc-flag", "-w", "w1",
	    "a1", "a2");
	CHECK(r.status == 0, "every type converted: exit %d (%s)", r.status, r.err);
	CHECK(strcmp(r.out, "flag=1 str=x u=10 i=-5 u64=18446744073709551615 s64=-9223372036854775808 choice=2 even=4 inc.flag=1 inc.word=w1 arg=a1 arg=a2\n") == 0,
	      "values land in their fields, included ones at their offset: %s", r.out);
	RUN(&r, "cmd", "a1", "a2");
	CHECK(strcmp(r.out, "flag=0 str=(null) u=7 i=0 u64=0 s64=0 choice=-1 even=0 inc.flag=0 inc.word=(null) arg=a1 arg=a2\n") == 0,
	      "options not given keep the defaults: %s", r.out);
	RUN(&r, "cmd", "--str", "x", "--str", "y", "--uint=2", "--uint", "3", "a1", "a2");
	CHECK(strstr(r.out, "str=y u=3 ") != NULL, "a repeated option: the last counts: %s", r.out);
	RUN(&r, "cmd", "--str", "", "a1", "a2");
	CHECK(r.status == 0 && strstr(r.out, "str= ") != NULL, "an empty string is a value: %s", r.out);
}

struct bad {
	const char *opt, *val, *msg;
};

static void bad_values(void)
{
	static const struct bad rows[] = {
		{ "--uint", "0", "t: cmd: --uint: '0' is out of range (1 to 10 seconds)\n" },
		{ "--uint", "11", "t: cmd: --uint: '11' is out of range (1 to 10 seconds)\n" },
		{ "--uint", "-1", "t: cmd: --uint: '-1' is out of range (1 to 10 seconds)\n" },
		{ "--uint", "1.5", "t: cmd: --uint: '1.5' is not a whole number of seconds\n" },
		{ "--uint", "", "t: cmd: --uint: '' is not a whole number of seconds\n" },
		{ "--int", "6", "t: cmd: --int: '6' is out of range (-5 to 5)\n" },
		{ "--int", "x", "t: cmd: --int: 'x' is not a whole number\n" },
		{ "--u64", "18446744073709551616", "t: cmd: --u64: '18446744073709551616' is out of range (0 to 18446744073709551615)\n" },
		{ "--s64", "9223372036854775808", "t: cmd: --s64: '9223372036854775808' is out of range (-9223372036854775808 to 9223372036854775807)\n" },
		{ "--choice", "delta", "t: cmd: --choice: 'delta' is not one of alpha, beta, gamma\n" },
		{ "--even", "3", "t: cmd: --even: '3' is odd\n" },
	};
	struct result r;
	size_t k;

	for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
		RUN(&r, "cmd", rows[k].opt, rows[k].val, "a1", "a2");
		CHECK(r.status == HK_EXIT_USAGE, "%s '%s': exit %d", rows[k].opt, rows[k].val, r.status);
		CHECK(strncmp(r.err, rows[k].msg, strlen(rows[k].msg)) == 0 &&
		      strcmp(r.err + strlen(rows[k].msg), "Try 't cmd --help'.\n") == 0,
		      "%s '%s': one line and the hint: %s", rows[k].opt, rows[k].val, r.err);
		CHECK(r.out[0] == '\0', "%s '%s': the handler did not run", rows[k].opt, rows[k].val);
	}
	RUN(&r, "cmd", "--str");
	CHECK(r.status == 2 && strstr(r.err, "t: cmd: --str: missing argument\n"), "missing argument: %s", r.err);
	RUN(&r, "cmd", "--bogus", "a1", "a2");
	CHECK(r.status == 2 && strstr(r.err, "t: cmd: --bogus: unknown option\n"), "unknown option: %s", r.err);
	RUN(&r, "cmd", "--flag=1", "a1", "a2");
	CHECK(r.status == 2 && r.out[0] == '\0', "a flag takes no value: %s", r.err);
}

static void arguments(void)
{
	struct result r;

	RUN(&r, "cmd", "a1");
	CHECK(r.status == 2 && strcmp(r.err, "t: cmd: missing A1 and A2\nTry 't cmd --help'.\n") == 0,
	      "too few arguments: %s", r.err);
	RUN(&r, "cmd", "a1", "a2", "a3");
	CHECK(r.status == 2 && strcmp(r.err, "t: cmd: unexpected argument 'a3'\nTry 't cmd --help'.\n") == 0,
	      "too many arguments: %s", r.err);
	RUN(&r, "cmd", "a1", "--", "--flag");
	CHECK(r.status == 0 && strstr(r.out, "flag=0 ") && strstr(r.out, "arg=a1 arg=--flag\n"),
	      "after -- an option is an argument: %s", r.out);
	RUN(&r, "any", "x", "y", "z");
	CHECK(r.status == 0 && strcmp(r.out, "argc=3 first=x\n") == 0, "HK_ARGS_ANY: %s", r.out);
	RUN(&r, "any", "--flag");
	CHECK(r.status == 2, "a command without options refuses one: %d", r.status);
	RUN(&r, "nosuch");
	CHECK(r.status == 2 && strstr(r.err, "t: unknown command 'nosuch'\n"), "unknown command: %s", r.err);
}

static void help(void)
{
	struct result r;

	RUN(&r, "cmd", "--help");
	CHECK(r.status == 0, "--help: exit 0");
	CHECK(strstr(r.out, "Usage: t cmd [OPTIONS] A1 A2") != NULL, "--help: the synopsis: %s", r.out);
	CHECK(strstr(r.out, "Numbers:\n") && strstr(r.out, "Included:\n") && strstr(r.out, "Help options:\n"),
	      "--help: the group headings");
	CHECK(strstr(r.out, "--inc-word=W") && strstr(r.out, "--uint=N"), "--help: every option");
	CHECK(strstr(r.out, "TAIL\n") != NULL, "--help: the help tail");
	CHECK(r.out[0] && strstr(r.out, "flag=") == NULL, "--help: the handler did not run");
	CHECK(strstr(r.out, "For more details see t(8).\n") != NULL, "--help: the tool's man page");
	RUN(&r, "any", "--help");
	CHECK(strstr(r.out, "For more details see t-any(8).\n") != NULL, "--help: a command's own man page: %s",
	      r.out);
	RUN(&r, "--help");
	CHECK(r.status == 0 && strstr(r.out, "  cmd  The test command\n"), "tool --help lists commands: %s", r.out);
}

static void stdout_closed(void)
{
	struct result r;
	int fd, p[2];

	fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		CHECK(0, "cannot open /dev/full: %s", strerror(errno));
		return;
	}
	run_fd(&r, fd, (const char *const[]){ "cmd", "a1", "a2", NULL });
	CHECK(r.status == HK_EXIT_IO, "a full disk turns success into exit 10: %d", r.status);
	CHECK(strcmp(r.err, "t: cannot write to standard output: No space left on device\n") == 0,
	      "one line says so: %s", r.err);
	setenv("T_EXIT", "1", 1);
	run_fd(&r, fd, (const char *const[]){ "cmd", "a1", "a2", NULL });
	CHECK(r.status == HK_EXIT_IO, "a predicate's lost answer is exit 10 too: %d", r.status);
	setenv("T_EXIT", "7", 1);
	run_fd(&r, fd, (const char *const[]){ "cmd", "a1", "a2", NULL });
	CHECK(r.status == 7 && r.err[0] == '\0', "another failure keeps its code, no second message: %d %s",
	      r.status, r.err);
	unsetenv("T_EXIT");
	close(fd);

	/* A reader that left, SIGPIPE ignored: exit 10 and no message. */
	if (pipe(p) < 0)
		abort();
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	run_fd(&r, p[1], (const char *const[]){ "cmd", "a1", "a2", NULL });
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);
	CHECK(r.status == HK_EXIT_IO, "a reader that left: exit 10: %d", r.status);
	CHECK(r.err[0] == '\0', "a reader that left: no message: %s", r.err);
}

int main(void)
{
	values();
	bad_values();
	arguments();
	help();
	stdout_closed();
	return unit_done();
}
