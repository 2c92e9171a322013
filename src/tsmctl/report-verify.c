// SPDX-License-Identifier: GPL-2.0-or-later
/* report --verify and the evidence formats of report --format: the report
 * just read goes to the helper tsmctl-evidence (fork and exec), as a
 * `report --format json` document on its standard input (a memory file),
 * with its auxblob and manifestblob when --aux and --manifest read them;
 * the helper answers on its standard output (another memory file). verify
 * runs the checks of tsmctl verify there, encode the encodings that need
 * libcbor. Only these pay for this: without them report makes no system
 * call more. */
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

/* The helper's command cmd with argv on in; its exit code, its answer in out. */
static int run_helper(const char *what, const char *cmd, int argc, const char *const *argv, int in, int out)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		hk_err("cannot %s the report: cannot start %s: %s", what, TSM_EVIDENCE_HELPER, strerror(errno));
		return HK_EXIT_IO;
	}
	if (pid == 0) {
		if (dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0) {
			hk_err("cannot %s the report: %s", what, strerror(errno));
			_exit(HK_EXIT_IO);
		}
		_exit(tsm_exec_helper(TSM_EVIDENCE_HELPER, cmd, argc, argv));
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			hk_err("cannot %s the report: waiting for %s: %s", what, TSM_EVIDENCE_HELPER, strerror(errno));
			return HK_EXIT_IO;
		}
	if (tsm_caught())
		return tsm_signal_exit();
	if (WIFSIGNALED(status)) {
		hk_err("cannot %s the report: %s was killed by signal %d", what, TSM_EVIDENCE_HELPER, WTERMSIG(status));
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

static int memfd(const char *what, const char *name)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0)
		hk_err("cannot %s the report: cannot make a memory file: %s", what, strerror(errno));
	return fd;
}

/* The one way a report reaches the helper: its JSON document in a memory
 * file on the standard input of cmd, whose answer *out (a memory file, or
 * -1) holds. The helper's exit code, or an exit code after a message. */
static int hand_over(const char *what, const char *cmd, int argc, const char *const *argv,
		     const struct tsm_request *rq, const struct tsm_result *res, int *out)
{
	int in = -1, code = HK_EXIT_IO;
	char *doc = NULL;
	size_t len;

	*out = -1;
	if (tsm_report_render(TSM_FMT_JSON, rq, res, NULL, -1, &doc, &len) < 0) {
		hk_err("cannot %s the report: out of memory", what);
		return HK_EXIT_IO;
	}
	if ((in = memfd(what, "tsmctl-report")) < 0 || (*out = memfd(what, "tsmctl-answer")) < 0)
		goto out;
	if (hk_write_all(in, doc, len) < 0 || lseek(in, 0, SEEK_SET) != 0) {
		hk_err("cannot %s the report: cannot write the memory file: %s", what, strerror(errno));
		goto out;
	}
	code = run_helper(what, cmd, argc, argv, in, *out);
out:
	if (in >= 0)
		close(in);
	free(doc);
	return code;
}

int tsm_report_encode(enum tsm_format fmt, const struct tsm_request *rq, const struct tsm_result *res,
		      char **buf, size_t *len)
{
	/* In the order of enum tsm_format from TSM_FMT_EVIDENCE. */
	static const char *const words[] = { TSM_EVIDENCE_FORMATS };
	const char *argv[] = { "--format", words[fmt - TSM_FMT_EVIDENCE], "--service-provider",
			       rq->service_provider };
	int out, code, r = 0;

	*buf = NULL;
	code = hand_over("encode", "encode", rq->service_provider ? 4 : 2, argv, rq, res, &out);
	if (code == HK_EXIT_OK && (lseek(out, 0, SEEK_SET) != 0 ||
				   (r = hk_read_fd_alloc(out, 16 * TSM_OUTBLOB_MAX, (uint8_t **)buf, len)) < 0)) {
		hk_err("cannot encode the report: cannot read the memory file: %s", strerror(r ? -r : errno));
		code = HK_EXIT_IO;
	}
	if (out >= 0)
		close(out);
	return code;
}

int tsm_report_verify(const struct tsm_request *rq, const struct tsm_result *res, int *verified)
{
	char hex[HK_HEX_LEN(TSM_NONCE_MAX)];
	const char *argv[] = { "--provider", res->provider, "--nonce", hex, "--json", "-" };
	int out, code;
	char *line;

	*verified = 0;
	hk_hex_encode(rq->nonce, rq->nonce_len, hex);
	code = hand_over("verify", "verify", 6, argv, rq, res, &out);
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
	if (out >= 0)
		close(out);
	return code;
}
