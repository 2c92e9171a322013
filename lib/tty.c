// SPDX-License-Identifier: GPL-2.0-or-later
/* Terminal-safe text: a strict UTF-8 decoder and the escaper every tool uses
 * for strings it did not write itself (in the spirit of util-linux's
 * fputs_careful). */
#include <stdarg.h>
#include <string.h>

#include "hk/codec.h"
#include "hk/tty.h"

size_t hk_utf8_char(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c, min;
	size_t n, i;

	if (!len)
		return 0;
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;	/* a continuation byte, 0xc0/0xc1 (always overlong) or 0xf5-0xff */
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* One character (or one bad byte) of s escaped into out (at least 9 bytes),
 * not terminated; *used gets how many bytes of s it took. Returns its length. */
static size_t esc_one(const char *s, size_t len, char *out, size_t *used)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, i, o = 0;
	uint32_t cp;

	n = hk_utf8_char(s, len, &cp);
	/* "\x" is always an escape: a backslash that starts one in the input
	 * is escaped itself, as libsmartcols does. */
	if (n && !hk_is_control(cp) && !(cp == '\\' && len > 1 && s[1] == 'x')) {
		memcpy(out, s, n);
		o = n;
	} else {
		if (!n)
			n = 1;	/* a byte that is not UTF-8: that byte alone */
		for (i = 0; i < n; i++) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hk_hexdigits[p[i] >> 4];
			out[o++] = hk_hexdigits[p[i] & 15];
		}
	}
	*used = n;
	return o;
}

const char *hk_escn(const char *s, size_t len, char *buf, size_t size)
{
	size_t i = 0, o = 0, used, n;
	char one[16];

	if (!size)
		return buf;
	while (i < len) {
		n = esc_one(s + i, len - i, one, &used);
		if (o + n >= size)
			break;
		memcpy(buf + o, one, n);
		o += n;
		i += used;
	}
	buf[o] = '\0';
	return buf;
}

const char *hk_esc(const char *s, char *buf, size_t size)
{
	return hk_escn(s, strlen(s), buf, size);
}

int hk_fputs_careful(const char *s, FILE *out)
{
	size_t len = strlen(s), i = 0, used, n;
	char one[16];

	while (i < len) {
		n = esc_one(s + i, len - i, one, &used);
		if (fwrite(one, 1, n, out) != n)
			return EOF;
		i += used;
	}
	return 0;
}

void hk_kv_key(FILE *out, int width, const char *key)
{
	fprintf(out, "%s:%*s", key, width > (int)strlen(key) + 1 ? width - (int)strlen(key) - 1 : 1, "");
}

void hk_kv(FILE *out, int width, const char *key, const char *fmt, ...)
{
	va_list ap;

	hk_kv_key(out, width, key);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
}

void hk_kv_str(FILE *out, int width, const char *key, const char *untrusted)
{
	hk_kv_key(out, width, key);
	hk_fputs_careful(untrusted, out);
	fputc('\n', out);
}
