// SPDX-License-Identifier: GPL-2.0-or-later
/* The UTF-8 decoder, the terminal escaper and the JSON string writer on the
 * edge cases (overlongs, surrogates, U+10FFFF and beyond, cut sequences, C1
 * controls), then every 1- to 3-byte input and random ones checked against
 * an independent reference: the output must be control-free, well-formed
 * UTF-8 that gives back the input where it was valid. */
#include <stdint.h>
#include <stdlib.h>

#include "hk/json.h"
#include "hk/tty.h"
#include "unit.h"

/* Reference decoder written from the RFC 3629 table (Well-Formed UTF-8 Byte
 * Sequences, Unicode 15 table 3-7), by byte ranges rather than by value. */
static size_t ref_utf8(const unsigned char *s, size_t len)
{
	static const struct { unsigned char lo[4], hi[4]; size_t n; } rows[] = {
		{ { 0x00 }, { 0x7f }, 1 },
		{ { 0xc2, 0x80 }, { 0xdf, 0xbf }, 2 },
		{ { 0xe0, 0xa0, 0x80 }, { 0xe0, 0xbf, 0xbf }, 3 },
		{ { 0xe1, 0x80, 0x80 }, { 0xec, 0xbf, 0xbf }, 3 },
		{ { 0xed, 0x80, 0x80 }, { 0xed, 0x9f, 0xbf }, 3 },
		{ { 0xee, 0x80, 0x80 }, { 0xef, 0xbf, 0xbf }, 3 },
		{ { 0xf0, 0x90, 0x80, 0x80 }, { 0xf0, 0xbf, 0xbf, 0xbf }, 4 },
		{ { 0xf1, 0x80, 0x80, 0x80 }, { 0xf3, 0xbf, 0xbf, 0xbf }, 4 },
		{ { 0xf4, 0x80, 0x80, 0x80 }, { 0xf4, 0x8f, 0xbf, 0xbf }, 4 },
	};
	size_t r, i;

	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		if (len < rows[r].n)
			continue;
		for (i = 0; i < rows[r].n; i++)
			if (s[i] < rows[r].lo[i] || s[i] > rows[r].hi[i])
				break;
		if (i == rows[r].n)
			return rows[r].n;
	}
	return 0;
}

/* Well-formed, and no C0, DEL or C1 control anywhere. */
static int clean(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, n;

	for (i = 0; i < len; i += n) {
		n = ref_utf8(p + i, len - i);
		if (!n || p[i] < 0x20 || p[i] == 0x7f || (p[i] == 0xc2 && p[i + 1] < 0xa0))
			return 0;
	}
	return 1;
}

static char *json_of(const char *s, size_t len)
{
	struct hk_json j;
	size_t size;
	char *buf;
	FILE *f = open_memstream(&buf, &size);

	hk_json_init(&j, f, false);
	hk_json_strn(&j, NULL, s, len);
	fclose(f);
	return buf;
}

/* A string literal and its length, NULs included. */
#define S(x) x, sizeof(x) - 1

static const struct { const char *in; size_t len; const char *tty, *json; } cases[] = {
	{ S("plain"), "plain", "\"plain\"" },
	{ S("\x1b[31mred"), "\\x1b[31mred", "\"\\u001b[31mred\"" },
	{ S("a\nb\tc\r\""), "a\\x0ab\\x09c\\x0d\"", "\"a\\nb\\tc\\r\\\"\"" },
	{ S("nul\0x"), "nul\\x00x", "\"nul\\u0000x\"" },
	{ S("del\x7f"), "del\\x7f", "\"del\\u007f\"" },
	{ S("c1 \xc2\x9b" "31m \xc2\x80"), "c1 \\xc2\\x9b31m \\xc2\\x80", "\"c1 \\u009b31m \\u0080\"" },
	{ S("nbsp \xc2\xa0"), "nbsp \xc2\xa0", "\"nbsp \xc2\xa0\"" },
	{ S("raw c1 \x9b"), "raw c1 \\x9b", "\"raw c1 \\ufffd\"" },
	{ S("\xc3\xa9t\xc3\xa9"), "\xc3\xa9t\xc3\xa9", "\"\xc3\xa9t\xc3\xa9\"" },
	{ S("max \xf4\x8f\xbf\xbf"), "max \xf4\x8f\xbf\xbf", "\"max \xf4\x8f\xbf\xbf\"" },
	{ S("big \xf4\x90\x80\x80"), "big \\xf4\\x90\\x80\\x80",
	  "\"big \\ufffd\\ufffd\\ufffd\\ufffd\"" },
	{ S("ovl \xc0\xaf"), "ovl \\xc0\\xaf", "\"ovl \\ufffd\\ufffd\"" },
	{ S("ovl \xe0\x80\xaf"), "ovl \\xe0\\x80\\xaf", "\"ovl \\ufffd\\ufffd\\ufffd\"" },
	{ S("ovl \xf0\x80\x80\xaf"), "ovl \\xf0\\x80\\x80\\xaf", "\"ovl \\ufffd\\ufffd\\ufffd\\ufffd\"" },
	{ S("sur \xed\xa0\x80"), "sur \\xed\\xa0\\x80", "\"sur \\ufffd\\ufffd\\ufffd\"" },
	{ S("sur \xed\xbf\xbf"), "sur \\xed\\xbf\\xbf", "\"sur \\ufffd\\ufffd\\ufffd\"" },
	{ S("cut \xf0\x9f\x98"), "cut \\xf0\\x9f\\x98", "\"cut \\ufffd\\ufffd\\ufffd\"" },
	{ S("cut \xe2\x82 x"), "cut \\xe2\\x82 x", "\"cut \\ufffd\\ufffd x\"" },
	{ S("ff \xff\xfe"), "ff \\xff\\xfe", "\"ff \\ufffd\\ufffd\"" },
	{ S("back\\slash \\x1b"), "back\\slash \\x5cx1b", "\"back\\\\slash \\\\x1b\"" },
};

static void edge_cases(void)
{
	char buf[256];
	size_t i, size;
	uint32_t cp;
	char *j, *out;
	FILE *f;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hk_escn(cases[i].in, cases[i].len, buf, sizeof(buf));
		CHECK(strcmp(buf, cases[i].tty) == 0, "escape %s", cases[i].tty);
		j = json_of(cases[i].in, cases[i].len);
		CHECK(strcmp(j, cases[i].json) == 0, "json %s = %s", cases[i].json, j);
		free(j);
	}
	CHECK(hk_utf8_char("\xf4\x8f\xbf\xbf", 4, &cp) == 4 && cp == 0x10ffff, "U+10FFFF is 4 bytes");
	CHECK(hk_utf8_char("\xef\xbf\xbd", 3, &cp) == 3 && cp == 0xfffd, "U+FFFD is 3 bytes");
	CHECK(hk_utf8_char("\xe2\x82\xac", 2, &cp) == 0, "a sequence cut by len is refused");
	CHECK(hk_utf8_char("", 0, &cp) == 0, "nothing is no character");

	/* Too small a buffer: cut between escapes, never inside one. */
	hk_esc("ab\x1b", buf, 6);
	CHECK(strcmp(buf, "ab") == 0, "a cut drops the whole escape (got '%s')", buf);
	hk_esc("ab\xc3\xa9", buf, 4);
	CHECK(strcmp(buf, "ab") == 0, "a cut drops the whole character (got '%s')", buf);
	hk_esc("\x1b\x1b", buf, HK_ESC_MAX(2));
	CHECK(strcmp(buf, "\\x1b\\x1b") == 0, "HK_ESC_MAX(n) holds n escaped bytes");

	f = open_memstream(&out, &size);
	hk_fputs_careful("x\x1b]0;title\x07\xff", f);
	fclose(f);
	CHECK(strcmp(out, "x\\x1b]0;title\\x07\\xff") == 0, "hk_fputs_careful escapes (got '%s')", out);
	free(out);
}

/* Every input of 1 to 3 bytes, then random ones from an alphabet of edge bytes. */
static void exhaustive(void)
{
	static const unsigned char edge[] = { 0x00, 0x1b, 0x5c, 0x78, 0x7f, 0x80, 0x9b, 0xa0, 0xbf, 0xc0,
					      0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 'a' };
	unsigned int bad_dec = 0, bad_tty = 0, bad_json = 0, v, k;
	unsigned char in[12];
	char buf[HK_ESC_MAX(sizeof(in))], *j;
	size_t len, n, i;
	uint32_t cp;
	uint64_t x = 0x9e3779b97f4a7c15ULL;

	for (len = 1; len <= 3; len++) {
		for (v = 0; v < 1u << (8 * len); v++) {
			for (i = 0; i < len; i++)
				in[i] = (unsigned char)(v >> (8 * i));
			n = hk_utf8_char((const char *)in, len, &cp);
			bad_dec += n != ref_utf8(in, len);
			hk_escn((const char *)in, len, buf, sizeof(buf));
			bad_tty += !clean(buf, strlen(buf));
		}
	}
	CHECK(bad_dec == 0, "decoder agrees with the reference on every 1-3 byte input (%u differ)", bad_dec);
	CHECK(bad_tty == 0, "escaped text is clean UTF-8 for every 1-3 byte input (%u not)", bad_tty);
	for (k = 0; k < 200000; k++) {
		for (i = 0; i < sizeof(in); i++) {
			x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
			in[i] = edge[(x * 0x2545F4914F6CDD1DULL >> 33) % sizeof(edge)];
		}
		hk_escn((const char *)in, sizeof(in), buf, sizeof(buf));
		bad_tty += !clean(buf, strlen(buf)) || strlen(buf) >= sizeof(buf);
		j = json_of((const char *)in, sizeof(in));
		bad_json += !clean(j, strlen(j));
		free(j);
	}
	CHECK(bad_tty == 0, "escaped random edge-byte strings are clean UTF-8 (%u not)", bad_tty);
	CHECK(bad_json == 0, "JSON of random edge-byte strings is clean UTF-8 (%u not)", bad_json);
}

/* Key: value lines: the key padded to the width (at least one blank), an
 * untrusted value escaped. */
static void key_value(void)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	if (!f)
		abort();
	hk_kv(f, 8, "Name", "%d %s", 7, "x");
	hk_kv(f, 4, "Longer", "v");
	hk_kv_str(f, 8, "Evil", "a\033[2Jb\n");
	fclose(f);
	CHECK(strcmp(buf, "Name:   7 x\nLonger: v\nEvil:   a\\x1b[2Jb\\x0a\n") == 0, "hk_kv/hk_kv_str: %s", buf);
	free(buf);
}

int main(void)
{
	edge_cases();
	exhaustive();
	key_value();
	return unit_done();
}
