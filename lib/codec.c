// SPDX-License-Identifier: GPL-2.0-or-later
/* Hex and RFC 4648 base64 codecs. */
#include <errno.h>
#include <string.h>

#include "hk/codec.h"

const char hk_hexdigits[16] = "0123456789abcdef";
static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void hk_hex_encode(const uint8_t *in, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++) {
		*out++ = hk_hexdigits[in[i] >> 4];
		*out++ = hk_hexdigits[in[i] & 15];
	}
	*out = 0;
}

int hk_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int hk_hex_decode(const char *in, uint8_t *out, size_t max, size_t *len)
{
	size_t n = strlen(in), i;
	int hi, lo;

	if (n % 2)
		return -EINVAL;
	for (i = 0; i < n; i += 2) {
		hi = hk_hex_digit(in[i]);
		lo = hk_hex_digit(in[i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
	}
	if (n / 2 > max)
		return -EFBIG;
	for (i = 0; i < n; i += 2)
		out[i / 2] = (uint8_t)(hk_hex_digit(in[i]) << 4 | hk_hex_digit(in[i + 1]));
	*len = n / 2;
	return 0;
}

void hk_base64_encode(const uint8_t *in, size_t len, char *out)
{
	uint32_t v;
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		*out++ = b64[v >> 18];
		*out++ = b64[(v >> 12) & 63];
		*out++ = b64[(v >> 6) & 63];
		*out++ = b64[v & 63];
	}
	if (len - i == 1) {
		v = (uint32_t)in[i] << 16;
		*out++ = b64[v >> 18];
		*out++ = b64[(v >> 12) & 63];
		*out++ = '=';
		*out++ = '=';
	} else if (len - i == 2) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		*out++ = b64[v >> 18];
		*out++ = b64[(v >> 12) & 63];
		*out++ = b64[(v >> 6) & 63];
		*out++ = '=';
	}
	*out = 0;
}

static int b64val(char c)
{
	const char *p = c ? strchr(b64, c) : NULL;

	return p ? (int)(p - b64) : -1;
}

int hk_base64_decode(const char *in, uint8_t *out, size_t max, size_t *len)
{
	size_t n = strlen(in), i, o = 0, pad = 0;
	int v[4], k;

	if (n % 4)
		return -EINVAL;
	if (n && in[n - 1] == '=')
		pad = (n > 1 && in[n - 2] == '=') ? 2 : 1;
	if ((n / 4) * 3 - pad > max)
		return -EFBIG;
	for (i = 0; i < n; i += 4) {
		int last = (i + 4 == n);

		for (k = 0; k < 4; k++) {
			if (last && in[i + k] == '=' && k >= 4 - (int)pad)
				v[k] = 0;
			else if ((v[k] = b64val(in[i + k])) < 0)
				return -EINVAL;
		}
		/* Canonical form only: the bits beyond the data must be zero. */
		if (last && pad == 2 && (v[1] & 15))
			return -EINVAL;
		if (last && pad == 1 && (v[2] & 3))
			return -EINVAL;
		out[o++] = (uint8_t)(v[0] << 2 | v[1] >> 4);
		if (!(last && pad == 2))
			out[o++] = (uint8_t)((v[1] & 15) << 4 | v[2] >> 2);
		if (!(last && pad >= 1))
			out[o++] = (uint8_t)((v[2] & 3) << 6 | v[3]);
	}
	*len = o;
	return 0;
}

int hk_guid_parse(const char *s, uint8_t out[16])
{
	static const char pattern[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	size_t i, n = 0;
	int hi = -1, d;

	for (i = 0; pattern[i]; i++) {
		if (pattern[i] == '-') {
			if (s[i] != '-')
				return -EINVAL;
			continue;
		}
		d = hk_hex_digit(s[i]);	/* the NUL of a short string too */
		if (d < 0)
			return -EINVAL;
		if (hi < 0) {
			hi = d;
		} else {
			out[n++] = (uint8_t)(hi << 4 | d);
			hi = -1;
		}
	}
	return s[i] ? -EINVAL : 0;
}
