// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl's nonce parser (src/tsmctl/nonce-parse.c): the edge cases of hex,
 * base64 and raw file bytes, and the one line each refusal gives. */
#include <errno.h>
#include <string.h>

#include "nonce.h"
#include "unit.h"

struct row {
	enum tsm_nonce_form form;
	const char *in;
	size_t n;		/* 0: strlen(in) */
	const char *file;
	int want;		/* 0, -EINVAL or -EFBIG */
	size_t len;		/* bytes on success */
	const char *msg;	/* the message on failure */
};

#define HEX64 "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" \
	      "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
#define B64_64 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw=="
#define B64_65 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0A="
#define RAW65 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefX"

static const struct row rows[] = {
	{ TSM_NONCE_HEX, "", 0, NULL, -EINVAL, 0, "the nonce is empty" },
	{ TSM_NONCE_HEX, "00", 0, NULL, 0, 1, NULL },
	{ TSM_NONCE_HEX, "C0ffEE", 0, NULL, 0, 3, NULL },
	{ TSM_NONCE_HEX, "abc", 0, NULL, -EINVAL, 0, "invalid --nonce: 3 hex digits, an odd number" },
	{ TSM_NONCE_HEX, "zz", 0, NULL, -EINVAL, 0, "invalid --nonce: not hexadecimal (expected digits 0-9 and a-f)" },
	{ TSM_NONCE_HEX, "0x00", 0, NULL, -EINVAL, 0, "invalid --nonce: not hexadecimal (expected digits 0-9 and a-f)" },
	{ TSM_NONCE_HEX, " 00 ", 0, NULL, -EINVAL, 0, "invalid --nonce: not hexadecimal (expected digits 0-9 and a-f)" },
	{ TSM_NONCE_HEX, "0\0", 2, NULL, -EINVAL, 0, "invalid --nonce: not hexadecimal (expected digits 0-9 and a-f)" },
	{ TSM_NONCE_HEX, HEX64, 0, NULL, 0, 64, NULL },
	{ TSM_NONCE_HEX, HEX64 "41", 0, NULL, -EFBIG, 0, "nonce of 65 bytes is too long: at most 64 bytes fit in REPORT_DATA" },
	{ TSM_NONCE_HEX, HEX64 "zz", 0, NULL, -EINVAL, 0, "invalid --nonce: not hexadecimal (expected digits 0-9 and a-f)" },
	{ TSM_NONCE_BASE64, "", 0, NULL, -EINVAL, 0, "the nonce is empty" },
	{ TSM_NONCE_BASE64, "AA==", 0, NULL, 0, 1, NULL },
	{ TSM_NONCE_BASE64, "AAA=", 0, NULL, 0, 2, NULL },
	{ TSM_NONCE_BASE64, "AAAA", 0, NULL, 0, 3, NULL },
	{ TSM_NONCE_BASE64, "A", 0, NULL, -EINVAL, 0, "invalid --nonce-base64: not padded base64 (RFC 4648)" },
	{ TSM_NONCE_BASE64, "AB==", 0, NULL, -EINVAL, 0, "invalid --nonce-base64: not padded base64 (RFC 4648)" },
	{ TSM_NONCE_BASE64, "!!!!", 0, NULL, -EINVAL, 0, "invalid --nonce-base64: not padded base64 (RFC 4648)" },
	{ TSM_NONCE_BASE64, "====", 0, NULL, -EINVAL, 0, "invalid --nonce-base64: not padded base64 (RFC 4648)" },
	{ TSM_NONCE_BASE64, "AA\0=", 4, NULL, -EINVAL, 0, "invalid --nonce-base64: not padded base64 (RFC 4648)" },
	{ TSM_NONCE_BASE64, B64_64, 0, NULL, 0, 64, NULL },
	{ TSM_NONCE_BASE64, B64_65, 0, NULL, -EFBIG, 0, "nonce of 65 bytes is too long: at most 64 bytes fit in REPORT_DATA" },
	{ TSM_NONCE_RAW, "", 0, NULL, -EINVAL, 0, "the nonce from standard input is empty" },
	{ TSM_NONCE_RAW, "", 0, "/tmp/n", -EINVAL, 0, "the nonce from /tmp/n is empty" },
	{ TSM_NONCE_RAW, "\0", 1, NULL, 0, 1, NULL },
	{ TSM_NONCE_RAW, "abc\n", 0, "f", 0, 4, NULL },
	{ TSM_NONCE_RAW, RAW65, 64, "f", 0, 64, NULL },
	{ TSM_NONCE_RAW, RAW65, 0, NULL, -EFBIG, 0, "nonce from standard input is longer than 64 bytes" },
	{ TSM_NONCE_RAW, RAW65, 0, "/tmp/n", -EFBIG, 0, "nonce from '/tmp/n' is longer than 64 bytes" },
};

int main(void)
{
	char err[TSM_NONCE_ERR_MAX], small[8];
	uint8_t nonce[TSM_NONCE_MAX];
	size_t i, n, len;
	int r;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *w = &rows[i];

		n = w->n ? w->n : strlen(w->in);
		memset(err, 0, sizeof(err));
		len = 99;
		r = tsm_nonce_parse(w->form, w->in, n, w->file, nonce, &len, err, sizeof(err));
		CHECK(r == w->want, "row %zu: returns %d (got %d)", i, w->want, r);
		if (w->want == 0)
			CHECK(len == w->len, "row %zu: %zu bytes (got %zu)", i, w->len, len);
		else
			CHECK(len == 0 && strcmp(err, w->msg) == 0, "row %zu: says '%s' (got '%s')", i, w->msg, err);
	}
	r = tsm_nonce_parse(TSM_NONCE_HEX, "c0ffee", 6, NULL, nonce, &len, err, sizeof(err));
	CHECK(r == 0 && len == 3 && memcmp(nonce, "\xc0\xff\xee", 3) == 0, "hex decodes to its bytes");
	r = tsm_nonce_parse(TSM_NONCE_BASE64, B64_64, strlen(B64_64), NULL, nonce, &len, err, sizeof(err));
	CHECK(r == 0 && nonce[0] == 0 && nonce[63] == 63, "base64 decodes to its bytes");
	r = tsm_nonce_parse(TSM_NONCE_RAW, "a\0b", 3, "f", nonce, &len, err, sizeof(err));
	CHECK(r == 0 && len == 3 && memcmp(nonce, "a\0b", 3) == 0, "raw bytes are taken as they are, NULs too");
	r = tsm_nonce_parse(TSM_NONCE_HEX, "zz", 2, NULL, nonce, &len, small, sizeof(small));
	CHECK(r == -EINVAL && strlen(small) == sizeof(small) - 1, "a small message buffer is filled, not overrun");
	return unit_done();
}
