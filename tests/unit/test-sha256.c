// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl's hand-written SHA-256 against the FIPS 180-4 example vectors
 * (NIST CSRC examples: one block, empty, 448-bit two-block, 896-bit,
 * and one million 'a'), plus the lengths where the padding spills into
 * a second block. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hk/codec.h"
#include "sha256.h"
#include "unit.h"

static const struct { const char *msg, *hex; } vec[] = {
	{ "abc",
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "",
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

static int digest_is(const void *data, size_t len, const char *hex)
{
	uint8_t d[SHA256_LEN];
	char out[HK_HEX_LEN(SHA256_LEN)];

	sha256(data, len, d);
	hk_hex_encode(d, sizeof(d), out);
	if (strcmp(out, hex) != 0) {
		printf("# got %s\n", out);
		return 0;
	}
	return 1;
}

int main(void)
{
	size_t i;
	char *m;

	for (i = 0; i < sizeof(vec) / sizeof(vec[0]); i++)
		CHECK(digest_is(vec[i].msg, strlen(vec[i].msg), vec[i].hex),
		      "FIPS 180-4 vector %zu (%zu bytes)", i, strlen(vec[i].msg));

	m = malloc(1000000);
	if (!m)
		return 1;
	memset(m, 'a', 1000000);
	CHECK(digest_is(m, 1000000,
			"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
	      "FIPS 180-4 vector: one million 'a'");
	/* 55, 56 and 64 bytes: the lengths where padding spills into a new block. */
	CHECK(digest_is(m, 55,
			"9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
	      "55 'a': padding fits the block");
	CHECK(digest_is(m, 56,
			"b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
	      "56 'a': padding needs a second block");
	CHECK(digest_is(m, 64,
			"ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
	      "64 'a': exactly one block of message");
	free(m);
	return unit_done();
}
