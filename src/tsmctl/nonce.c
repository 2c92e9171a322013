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
#include "hk/codec.h"
#include "hk/err.h"
#include "hk/io.h"
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

static int too_long(size_t n)
{
	return hk_usage_error(hk_cmd_name(), "nonce of %zu bytes is too long: at most %d bytes fit in REPORT_DATA",
			      n, TSM_NONCE_MAX);
}

static int from_file(const char *path, uint8_t *nonce, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	size_t n;
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
	r = hk_read_fd_alloc(fd, TSM_NONCE_MAX, &buf, &n);
	if (fd != STDIN_FILENO)
		close(fd);
	if (r == -EFBIG)
		return hk_usage_error(hk_cmd_name(), "nonce from %s%s%s is longer than %d bytes",
				      fd == STDIN_FILENO ? "" : "'", path, fd == STDIN_FILENO ? "" : "'",
				      TSM_NONCE_MAX);
	if (r < 0) {
		hk_err("cannot read nonce file '%s': %s", path, strerror(-r));
		return r == -EISDIR ? HK_EXIT_USAGE : r == -EACCES ? HK_EXIT_PERM : HK_EXIT_IO;
	}
	memcpy(nonce, buf, n);
	free(buf);
	*len = n;
	if (n == 0)
		return hk_usage_error(hk_cmd_name(), "the nonce from %s is empty", path);
	return 0;
}

int tsm_nonce_load(const struct tsm_nonce_opts *o, uint8_t *nonce, size_t *len, bool need)
{
	const char *cmd = hk_cmd_name();
	size_t n;
	ssize_t got;
	int r;

	if (!!o->hex + !!o->b64 + !!o->file + !!o->random > 1)
		return hk_usage_error(cmd, "give only one of --nonce, --nonce-base64, --nonce-file%s",
				      strcmp(cmd, "report") == 0 ? " and --random-nonce" : "");
	*len = 0;
	if (o->hex) {
		n = strlen(o->hex);
		if (n == 0)
			return hk_usage_error(cmd, "the nonce is empty");
		if (n % 2)
			return hk_usage_error(cmd, "invalid --nonce: %zu hex digits, an odd number", n);
		r = hk_hex_decode(o->hex, nonce, TSM_NONCE_MAX, len);
		if (r == -EFBIG)
			return too_long(n / 2);
		if (r < 0)
			return hk_usage_error(cmd, "invalid --nonce: not hexadecimal (expected digits 0-9 and a-f)");
		return 0;
	}
	if (o->b64) {
		n = strlen(o->b64);
		if (n == 0)
			return hk_usage_error(cmd, "the nonce is empty");
		r = hk_base64_decode(o->b64, nonce, TSM_NONCE_MAX, len);
		if (r == -EFBIG)
			return too_long(n / 4 * 3 - (o->b64[n - 1] == '=') - (n > 1 && o->b64[n - 2] == '='));
		if (r < 0)
			return hk_usage_error(cmd, "invalid --nonce-base64: not padded base64 (RFC 4648)");
		return 0;
	}
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
