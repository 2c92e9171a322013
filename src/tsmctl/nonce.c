// SPDX-License-Identifier: GPL-2.0-or-later
/* The caller's nonce: hex, base64, a file or stdin, or getrandom(2). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/io.h"
#include "nonce.h"
#include "tsmctl.h"

const struct hk_opt tsm_nonce_options[] = {
	HK_OPT_STR(struct tsm_nonce_opts, hex, "nonce", '\0', "HEX", "Nonce in hex (1 to 64 bytes)"),
	HK_OPT_STR(struct tsm_nonce_opts, b64, "nonce-base64", '\0', "B64", "Nonce in base64 (1 to 64 bytes)"),
	HK_OPT_STR(struct tsm_nonce_opts, file, "nonce-file", '\0', "FILE",
		   "Read the nonce's bytes from FILE ('-': standard input)"),
	HK_OPT_END
};

const struct hk_opt tsm_random_options[] = {
	HK_OPT_FLAG(struct tsm_nonce_opts, random, "random-nonce", '\0',
		    "Use 64 random bytes from getrandom(2) as the nonce"),
	HK_OPT_END
};

/* A parse error is a usage error: one line, exit 2. */
static int parsed(enum tsm_nonce_form form, const char *in, size_t n, const char *file,
		  uint8_t *nonce, size_t *len)
{
	char err[TSM_NONCE_ERR_MAX];

	if (tsm_nonce_parse(form, in, n, file, nonce, len, err, sizeof(err)) < 0)
		return hk_usage_error(hk_cmd_name(), "%s", err);
	return 0;
}

static int from_file(const char *path, uint8_t *nonce, size_t *len)
{
	/* One byte more than fits tells a nonce that is too long. */
	char buf[TSM_NONCE_MAX + 1];
	struct stat st;
	ssize_t n;
	int fd, r;

	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
		path = "standard input";
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			r = errno;
			hk_err("cannot read nonce file '%s': %s", path, strerror(r));
			return r == ENOENT || r == ENOTDIR ? HK_EXIT_NOTFOUND :
			       r == EACCES || r == EPERM ? HK_EXIT_PERM : HK_EXIT_IO;
		}
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > TSM_NONCE_MAX) {
			close(fd);
			return hk_usage_error(hk_cmd_name(), "nonce file '%s' holds %lld bytes: at most %d fit in REPORT_DATA",
					      path, (long long)st.st_size, TSM_NONCE_MAX);
		}
	}
	n = hk_read_fd(fd, buf, sizeof(buf));
	if (fd != STDIN_FILENO)
		close(fd);
	if (n < 0) {
		hk_err("cannot read nonce file '%s': %s", path, strerror((int)-n));
		return n == -EISDIR ? HK_EXIT_USAGE : n == -EACCES ? HK_EXIT_PERM : HK_EXIT_IO;
	}
	return parsed(TSM_NONCE_RAW, buf, (size_t)n, fd == STDIN_FILENO ? NULL : path, nonce, len);
}

int tsm_nonce_load(const struct tsm_nonce_opts *o, uint8_t *nonce, size_t *len, bool need)
{
	const char *cmd = hk_cmd_name();
	ssize_t got;

	if (!!o->hex + !!o->b64 + !!o->file + !!o->random > 1)
		return hk_usage_error(cmd, "give only one of --nonce, --nonce-base64, --nonce-file%s",
				      strcmp(cmd, "report") == 0 ? " and --random-nonce" : "");
	*len = 0;
	if (o->hex)
		return parsed(TSM_NONCE_HEX, o->hex, strlen(o->hex), NULL, nonce, len);
	if (o->b64)
		return parsed(TSM_NONCE_BASE64, o->b64, strlen(o->b64), NULL, nonce, len);
	if (o->file)
		return from_file(o->file, nonce, len);
	if (o->random) {
		do
			got = getrandom(nonce, TSM_NONCE_MAX, 0);
		while (got < 0 && errno == EINTR);
		if (got != TSM_NONCE_MAX) {
			hk_err("cannot get a random nonce: %s", got < 0 ? strerror(errno) : "short read");
			return HK_EXIT_KERNEL;
		}
		*len = TSM_NONCE_MAX;
		return 0;
	}
	if (need)
		return hk_usage_error(cmd, "no nonce given: use --nonce HEX, --nonce-base64 B64 or --nonce-file FILE%s",
				      strcmp(cmd, "report") == 0 ? ", or --random-nonce" : "");
	return 0;
}
