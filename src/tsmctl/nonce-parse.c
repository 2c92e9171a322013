// SPDX-License-Identifier: GPL-2.0-or-later
/* Nonce bytes from what the caller typed or gave in a file: no I/O here, so
 * fuzz/fuzz-nonce.c runs exactly what tsmctl runs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hk/codec.h"
#include "nonce.h"

static int too_long(size_t n, char *err, size_t errsize)
{
	snprintf(err, errsize, "nonce of %zu bytes is too long: at most %d bytes fit in REPORT_DATA",
		 n, TSM_NONCE_MAX);
	return -EFBIG;
}

static int from_hex(const char *in, size_t n, uint8_t *nonce, size_t *len, char *err, size_t errsize)
{
	int r;

	if (n % 2) {
		snprintf(err, errsize, "invalid --nonce: %zu hex digits, an odd number", n);
		return -EINVAL;
	}
	r = memchr(in, 0, n) ? -EINVAL : hk_hex_decode(in, nonce, TSM_NONCE_MAX, len);
	if (r == -EFBIG)
		return too_long(n / 2, err, errsize);
	if (r < 0) {
		snprintf(err, errsize, "invalid --nonce: not hexadecimal (expected digits 0-9 and a-f)");
		return -EINVAL;
	}
	return 0;
}

static int from_base64(const char *in, size_t n, uint8_t *nonce, size_t *len, char *err, size_t errsize)
{
	int r;

	r = memchr(in, 0, n) ? -EINVAL : hk_base64_decode(in, nonce, TSM_NONCE_MAX, len);
	if (r == -EFBIG)
		return too_long(n / 4 * 3 - (in[n - 1] == '=') - (n > 1 && in[n - 2] == '='), err, errsize);
	if (r < 0) {
		snprintf(err, errsize, "invalid --nonce-base64: not padded base64 (RFC 4648)");
		return -EINVAL;
	}
	return 0;
}

static int from_raw(const char *in, size_t n, const char *file, uint8_t *nonce, size_t *len,
		    char *err, size_t errsize)
{
	if (n > TSM_NONCE_MAX) {
		snprintf(err, errsize, "nonce from %s%s%s is longer than %d bytes", file ? "'" : "",
			 file ? file : "standard input", file ? "'" : "", TSM_NONCE_MAX);
		return -EFBIG;
	}
	if (n == 0) {
		snprintf(err, errsize, "the nonce from %s is empty", file ? file : "standard input");
		return -EINVAL;
	}
	memcpy(nonce, in, n);
	*len = n;
	return 0;
}

int tsm_nonce_parse(enum tsm_nonce_form form, const char *in, size_t n, const char *file,
		    uint8_t nonce[TSM_NONCE_MAX], size_t *len, char *err, size_t errsize)
{
	*len = 0;
	if (form == TSM_NONCE_RAW)
		return from_raw(in, n, file, nonce, len, err, errsize);
	if (n == 0) {
		snprintf(err, errsize, "the nonce is empty");
		return -EINVAL;
	}
	if (form == TSM_NONCE_HEX)
		return from_hex(in, n, nonce, len, err, errsize);
	return from_base64(in, n, nonce, len, err, errsize);
}

/* tdx_guest and sev_guest refuse anything but 64 bytes (EINVAL when the
 * report is read); arm_cca_guest pads 32 to 64 bytes; the mock takes 1 to
 * 64 and pads (kernel/patches/tsm-mock). */
static const struct {
	const char *provider, *rule;
	size_t min;
} inblob_rules[] = {
	{ "tdx_guest", "exactly 64 bytes", TSM_NONCE_MAX },
	{ "sev_guest", "exactly 64 bytes", TSM_NONCE_MAX },
	{ "arm_cca_guest", "32 to 64 bytes", 32 },
	{ "mock_tsm", "1 to 64 bytes", 1 },
};

int tsm_inblob_rule(const char *provider, size_t len, const char **rule)
{
	size_t i;

	*rule = "1 to 64 bytes";
	for (i = 0; i < sizeof(inblob_rules) / sizeof(inblob_rules[0]); i++)
		if (strcmp(provider, inblob_rules[i].provider) == 0) {
			*rule = inblob_rules[i].rule;
			return len >= inblob_rules[i].min && len <= TSM_NONCE_MAX ? 0 : -1;
		}
	return len >= 1 && len <= TSM_NONCE_MAX ? 0 : -1;
}
