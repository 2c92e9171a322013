// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: the strict decoders in lib/codec.c (hex, base64) and the
 * number parsers in lib/parse.c. Decoders are checked by round trip: what
 * a strict decoder accepts, the encoder writes back byte for byte. Numbers
 * are checked against strtoll/strtoull on the same text, a GUID by round
 * trip through the hex encoder. */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hk/codec.h"
#include "hk/parse.h"

#define MAX 512

static void codecs(const char *s, size_t n)
{
	uint8_t out[MAX];
	char back[HK_BASE64_LEN(MAX) > HK_HEX_LEN(MAX) ? HK_BASE64_LEN(MAX) : HK_HEX_LEN(MAX)];
	size_t len = 0;
	int r;

	r = hk_hex_decode(s, out, MAX, &len);
	if (r == 0) {
		hk_hex_encode(out, len, back);
		if (len * 2 != n || strcasecmp(back, s) != 0)
			abort();
	} else if (r != -EINVAL && r != -EFBIG) {
		abort();
	}
	r = hk_base64_decode(s, out, MAX, &len);
	if (r == 0) {
		hk_base64_encode(out, len, back);
		if (strcmp(back, s) != 0)
			abort();
	} else if (r != -EINVAL && r != -EFBIG) {
		abort();
	}
}

static void guid(const char *s, size_t n)
{
	char back[37], hex[33];
	uint8_t g[16];

	if (hk_guid_parse(s, g) < 0)
		return;
	hk_hex_encode(g, sizeof(g), hex);
	snprintf(back, sizeof(back), "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
	if (n != 36 || strcasecmp(back, s) != 0)
		abort();
}

static void numbers(const char *s)
{
	int64_t v;
	uint64_t u;
	char *end;

	if (hk_parse_s64(s, INT64_MIN, INT64_MAX, &v) == 0) {
		errno = 0;
		if (strtoll(s, &end, 10) != v || *end || errno)
			abort();
	}
	if (hk_parse_u64(s, 0, UINT64_MAX, &u) == 0) {
		errno = 0;
		if (s[0] == '-' || strtoull(s, &end, 10) != u || *end || errno)
			abort();
	}
	if (hk_parse_s64(s, -5, 5, &v) == 0 && (v < -5 || v > 5))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;	/* the parsers take C strings: exact size plus the NUL */
	if (strlen(s) == size) {
		codecs(s, size);
		guid(s, size);
		numbers(s);
	}
	free(s);
	return 0;
}
