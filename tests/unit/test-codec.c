// SPDX-License-Identifier: GPL-2.0-or-later
/* Hex and base64 codecs: RFC 4648 section 10 vectors and strictness. */
#include <errno.h>
#include <stdint.h>

#include "hk/codec.h"
#include "unit.h"

static const struct { const char *plain, *b64, *hex; } rfc4648[] = {
	{ "", "", "" },
	{ "f", "Zg==", "66" },
	{ "fo", "Zm8=", "666f" },
	{ "foo", "Zm9v", "666f6f" },
	{ "foob", "Zm9vYg==", "666f6f62" },
	{ "fooba", "Zm9vYmE=", "666f6f6261" },
	{ "foobar", "Zm9vYmFy", "666f6f626172" },
};

/* GUIDs as the kernel's guid_parse() takes them. */
static void guids(void)
{
	static const char *const bad[] = {
		"", "c0ffee00-1234-5678-9abc-def01234567", "c0ffee00-1234-5678-9abc-def0123456789",
		"c0ffee001-234-5678-9abc-def012345678", "c0ffee00-1234-5678-9abc-def01234567g",
		"c0ffee00 1234-5678-9abc-def012345678", "{c0ffee00-1234-5678-9abc-def012345678}",
	};
	uint8_t g[16];
	size_t i;

	CHECK(hk_guid_parse("c0ffee00-1234-5678-9ABC-def012345678", g) == 0 && g[0] == 0xc0 && g[8] == 0x9a &&
	      g[15] == 0x78, "a GUID in either case, its bytes in text order");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(hk_guid_parse(bad[i], g) == -EINVAL, "not a GUID: '%s'", bad[i]);
}

int main(void)
{
	uint8_t buf[128], all[256];
	char out[512];
	size_t i, len;
	int r;

	for (i = 0; i < sizeof(rfc4648) / sizeof(rfc4648[0]); i++) {
		const char *pl = rfc4648[i].plain;
		size_t n = strlen(pl);

		hk_base64_encode((const uint8_t *)pl, n, out);
		CHECK(strcmp(out, rfc4648[i].b64) == 0, "base64 encode '%s' = '%s'", pl, out);
		r = hk_base64_decode(rfc4648[i].b64, buf, sizeof(buf), &len);
		CHECK(r == 0 && len == n && memcmp(buf, pl, n) == 0, "base64 decode '%s'", rfc4648[i].b64);
		hk_hex_encode((const uint8_t *)pl, n, out);
		CHECK(strcmp(out, rfc4648[i].hex) == 0, "hex encode '%s' = '%s'", pl, out);
		r = hk_hex_decode(rfc4648[i].hex, buf, sizeof(buf), &len);
		CHECK(r == 0 && len == n && memcmp(buf, pl, n) == 0, "hex decode '%s'", rfc4648[i].hex);
	}

	/* Every byte value round-trips. */
	for (i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	hk_base64_encode(all, 256, out);
	CHECK(hk_base64_decode(out, buf, sizeof(buf), &len) == -EFBIG, "base64 decode over max is EFBIG");
	{
		uint8_t big[256];

		CHECK(hk_base64_decode(out, big, sizeof(big), &len) == 0 && len == 256 &&
		      memcmp(big, all, 256) == 0, "base64 round-trip of all byte values");
	}
	hk_hex_encode(all, 64, out);
	CHECK(hk_hex_decode(out, buf, 64, &len) == 0 && len == 64 && memcmp(buf, all, 64) == 0,
	      "hex round-trip of 64 bytes at the limit");
	CHECK(hk_hex_decode("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
			    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00",
			    buf, 64, &len) == -EFBIG, "hex of 65 bytes is EFBIG");
	CHECK(hk_hex_decode("ABCDEF", buf, sizeof(buf), &len) == 0 && len == 3 && buf[0] == 0xab,
	      "hex upper case");
	CHECK(hk_hex_decode("abc", buf, sizeof(buf), &len) == -EINVAL, "hex odd length");
	CHECK(hk_hex_decode("zz", buf, sizeof(buf), &len) == -EINVAL, "hex non-digit");
	CHECK(hk_hex_decode("0x00", buf, sizeof(buf), &len) == -EINVAL, "hex 0x prefix");
	CHECK(hk_hex_decode("12 34", buf, sizeof(buf), &len) == -EINVAL, "hex blank");

	CHECK(hk_base64_decode("Zg=", buf, sizeof(buf), &len) == -EINVAL, "base64 bad length");
	CHECK(hk_base64_decode("Zg", buf, sizeof(buf), &len) == -EINVAL, "base64 missing padding");
	CHECK(hk_base64_decode("Zh==", buf, sizeof(buf), &len) == -EINVAL, "base64 non-zero pad bits");
	CHECK(hk_base64_decode("Zm9=", buf, sizeof(buf), &len) == -EINVAL, "base64 non-zero pad bits (1 pad)");
	CHECK(hk_base64_decode("Z===", buf, sizeof(buf), &len) == -EINVAL, "base64 three pads");
	CHECK(hk_base64_decode("Zg==Zg==", buf, sizeof(buf), &len) == -EINVAL, "base64 padding in the middle");
	CHECK(hk_base64_decode("Zm9v!mFy", buf, sizeof(buf), &len) == -EINVAL, "base64 bad character");
	CHECK(hk_base64_decode("Zm9v YmFy", buf, sizeof(buf), &len) == -EINVAL, "base64 blank");
	CHECK(hk_base64_decode("Zm9-", buf, sizeof(buf), &len) == -EINVAL, "base64url alphabet refused");
	CHECK(hk_base64_decode("Zm9vYmFy", buf, 5, &len) == -EFBIG, "base64 over max");
	CHECK(hk_base64_decode("Zm9vYmE=", buf, 5, &len) == 0 && len == 5, "base64 exactly max");
	guids();
	return unit_done();
}
