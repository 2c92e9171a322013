// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: tsmctl's nonce parser (src/tsmctl/nonce-parse.c). Byte 0 picks
 * the form (hex, base64, raw bytes from standard input or from a file); the
 * rest is the input, in a buffer of its exact size (plus the NUL that a
 * command-line string has). Checked: a nonce of 1 to 64 bytes that encodes
 * back to the input (the decoders are strict, so canonical), or one line of
 * message with -EINVAL or -EFBIG; -EFBIG exactly when the input is well
 * formed but longer than 64 bytes. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hk/codec.h"
#include "nonce.h"

static bool all_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* The input as the decoders must have read it: equal to their re-encoding. */
static bool encodes_back(enum tsm_nonce_form form, const char *in, size_t n,
			 const uint8_t *nonce, size_t len)
{
	char enc[HK_BASE64_LEN(TSM_NONCE_MAX) + HK_HEX_LEN(TSM_NONCE_MAX)];
	size_t i;

	switch (form) {
	case TSM_NONCE_HEX:
		hk_hex_encode(nonce, len, enc);
		if (strlen(enc) != n)
			return false;
		for (i = 0; i < n; i++)
			if (tolower((unsigned char)in[i]) != enc[i])
				return false;
		return true;
	case TSM_NONCE_BASE64:
		hk_base64_encode(nonce, len, enc);
		return strlen(enc) == n && memcmp(enc, in, n) == 0;
	default:
		return len == n && memcmp(nonce, in, n) == 0;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const files[] = { NULL, "nonce", "/a/b c'd" };
	enum tsm_nonce_form form;
	char err[TSM_NONCE_ERR_MAX];
	uint8_t nonce[TSM_NONCE_MAX];
	const char *file;
	size_t n, len = 0;
	char *in;
	int r;

	if (size < 1)
		return 0;
	form = data[0] % 3 == 0 ? TSM_NONCE_HEX : data[0] % 3 == 1 ? TSM_NONCE_BASE64 : TSM_NONCE_RAW;
	file = files[(data[0] >> 2) % 3];
	n = size - 1;
	in = malloc(n + 1);
	if (!in)
		return 0;
	memcpy(in, data + 1, n);
	in[n] = 0;
	err[0] = 0;
	r = tsm_nonce_parse(form, in, n, file, nonce, &len, err, sizeof(err));
	if (r == 0) {
		if (len < 1 || len > TSM_NONCE_MAX || !encodes_back(form, in, n, nonce, len))
			abort();
	} else {
		if ((r != -EINVAL && r != -EFBIG) || len != 0 || !err[0] || strchr(err, '\n'))
			abort();
		/* Too long, and nothing else wrong with it. */
		if (form == TSM_NONCE_RAW && (r == -EFBIG) != (n > TSM_NONCE_MAX))
			abort();
		if (form == TSM_NONCE_HEX && (r == -EFBIG) != (n % 2 == 0 && n > 2 * TSM_NONCE_MAX && all_hex(in, n)))
			abort();
		if (form == TSM_NONCE_BASE64 && r == -EFBIG && (n % 4 || n <= 4 * (TSM_NONCE_MAX / 3 + 1) - 4))
			abort();
	}
	free(in);
	return 0;
}
