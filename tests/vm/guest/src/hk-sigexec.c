// SPDX-License-Identifier: GPL-2.0-or-later
/* Run a command with chosen inherited signal dispositions and mask, as
 * nohup, a non-interactive shell's background job or a careless parent
 * leave them. Usage: hk-sigexec [-i SIG]... [-d SIG]... [-b SIG]... CMD [ARG...]
 * -i: ignored, -d: default, -b: blocked. SIG: a name without SIG (CHLD, HUP). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const struct {
	const char *name;
	int sig;
} sigs[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "TERM", SIGTERM },
	{ "CHLD", SIGCHLD }, { "PIPE", SIGPIPE }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
};

static int signum(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (strcmp(sigs[i].name, name) == 0)
			return sigs[i].sig;
	fprintf(stderr, "hk-sigexec: unknown signal '%s'\n", name);
	return -1;
}

int main(int argc, char **argv)
{
	sigset_t block;
	int opt, sig;

	sigemptyset(&block);
	while ((opt = getopt(argc, argv, "+i:d:b:")) != -1) {
		if (opt == '?' || (sig = signum(optarg)) < 0)
			return 125;
		if (opt == 'i')
			signal(sig, SIG_IGN);
		else if (opt == 'd')
			signal(sig, SIG_DFL);
		else
			sigaddset(&block, sig);
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: hk-sigexec [-i SIG]... [-d SIG]... [-b SIG]... CMD [ARG...]\n");
		return 125;
	}
	sigprocmask(SIG_BLOCK, &block, NULL);
	execvp(argv[optind], argv + optind);
	perror("hk-sigexec: exec");
	return 127;
}
