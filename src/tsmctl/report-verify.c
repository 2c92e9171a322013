// SPDX-License-Identifier: GPL-2.0-or-later
/* report --verify: the report just read goes through the checks of tsmctl
 * verify, in the helper tsmctl-evidence (fork and exec), as a `report
 * --format json` document on its standard input, with its auxblob when
 * --aux read one. Only --verify pays for this: without it report makes no
 * system call more. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hk/codec.h"
#include "hk/err.h"
#include "hk/io.h"
#include "jsonget.h"
#include "report.h"

#define RESULT_MAX 65536

/* The helper's exit code, its JSON answer in out. */
static int run_helper(const char *provider, const uint8_t *nonce, size_t nonce_len, int in, int out)
{
	char hex[HK_HEX_LEN(TSM_NONCE_MAX)];
	const char *argv[] = { "--provider", provider, "--nonce", hex, "--json", "-" };
	int status;
	pid_t pid;

	hk_hex_encode(nonce, nonce_len, hex);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		hk_err("cannot verify the report: cannot start %s: %s", TSM_EVIDENCE_HELPER, strerror(errno));
		return HK_EXIT_IO;
	}
	if (pid == 0) {
		if (dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0) {
			hk_err("cannot verify the report: %s", strerror(errno));
			_exit(HK_EXIT_IO);
		}
		_exit(tsm_exec_helper(TSM_EVIDENCE_HELPER, "verify", 6, argv));
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			hk_err("cannot verify the report: waiting for %s: %s", TSM_EVIDENCE_HELPER, strerror(errno));
			return HK_EXIT_IO;
		}
	if (tsm_caught())
		return tsm_signal_exit();
	if (WIFSIGNALED(status)) {
		hk_err("cannot verify the report: %s was killed by signal %d", TSM_EVIDENCE_HELPER, WTERMSIG(status));
		return HK_EXIT_IO;
	}
	return WEXITSTATUS(status);
}

/* The helper's one-line answer ("result"), or a placeholder. */
static char *result_of(int fd)
{
	uint8_t *buf = NULL;
	char *line = NULL;
	size_t len;

	if (lseek(fd, 0, SEEK_SET) == 0 && hk_read_fd_alloc(fd, RESULT_MAX, &buf, &len) == 0)
		tsm_json_get_string((const char *)buf, len, "result", &line);
	free(buf);
	return line;
}

static int memfd(const char *name)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0)
		hk_err("cannot verify the report: cannot make a memory file: %s", strerror(errno));
	return fd;
}

int tsm_report_verify(const struct tsm_request *rq, const struct tsm_result *res, int *verified)
{
	int in = -1, out = -1, code;
	char *doc = NULL, *line;
	size_t len;

	*verified = 0;
	if (tsm_report_render(TSM_FMT_JSON, rq, res, NULL, -1, &doc, &len) < 0) {
		hk_err("cannot verify the report: out of memory");
		return HK_EXIT_IO;
	}
	if ((in = memfd("tsmctl-report")) < 0 || (out = memfd("tsmctl-verify")) < 0) {
		code = HK_EXIT_IO;
		goto out;
	}
	if (hk_write_all(in, doc, len) < 0 || lseek(in, 0, SEEK_SET) != 0) {
		hk_err("cannot verify the report: cannot write the memory file: %s", strerror(errno));
		code = HK_EXIT_IO;
		goto out;
	}
	code = run_helper(res->provider, rq->nonce, rq->nonce_len, in, out);
	line = code == HK_EXIT_OK || code == HK_EXIT_NO || code == HK_EXIT_UNCHECKED ? result_of(out) : NULL;
	if (code == HK_EXIT_OK)
		*verified = 1;
	else if (code == HK_EXIT_NO)
		hk_err("the report from provider %s did not pass verification: %s", res->provider,
		       line ? line : "(no answer)");
	else if (code == HK_EXIT_UNCHECKED)
		hk_err("the report from provider %s carries the nonce, but its signature was not checked: %s",
		       res->provider, line ? line : "(no answer)");
	else if (code == HK_EXIT_USAGE)
		code = HK_EXIT_KERNEL;	/* the provider's report is not one: the helper said why */
	free(line);
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	free(doc);
	return code;
}
