// SPDX-License-Identifier: GPL-2.0-or-later
/* The CCA verifier (src/tsmctl/evidence/cca.c) on its own.
 *   test-cca                          the parser's unit tests (TAP)
 *   test-cca TOKEN NONCE_HEX [CPAK|-] [--no-signature]
 * prints each check as "id outcome detail" and exits 2 on a format failure,
 * 1 on another failure, 3 when a check was skipped, else 0; tests/25-*.bats
 * drives it with tokens from tests/evidence/gen-cca.py. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk/codec.h"
#include "ccatoken.h"
#include "evidence.h"
#include "unit.h"

static int parse_fails(const uint8_t *b, size_t len)
{
	struct cca_token t;
	char err[160];

	if (cca_parse(b, len, &t, err, sizeof(err)) == 0) {
		cca_token_free(&t);
		return 0;
	}
	return err[0] != 0;	/* every failure says why */
}

static int unit(void)
{
	static const uint8_t not_tagged[] = { 0xa0 };
	static const uint8_t empty_map[] = { 0xd9, 0x01, 0x8f, 0xa0 };
	static const uint8_t other_tag[] = { 0xd9, 0x01, 0x90, 0xa0 };
	static const uint8_t huge_array[] = { 0xd9, 0x01, 0x8f, 0x9b, 0, 0, 0, 1, 0, 0, 0, 0 };
	static const uint8_t indefinite[] = { 0xd9, 0x01, 0x8f, 0xbf, 0xff };
	static const uint8_t trailing[] = { 0xd9, 0x01, 0x8f, 0xa0, 0x00 };
	/* {44234: h'', 44241: h''}: members present, but no COSE_Sign1 inside */
	static const uint8_t empty_members[] = { 0xd9, 0x01, 0x8f, 0xa2, 0x19, 0xac, 0xca, 0x40, 0x19, 0xac, 0xd1, 0x40 };
	uint8_t deep[64];
	struct cca_ec_key k;
	struct cca_bytes raw;
	uint8_t point[97] = { 0x04 };
	char err[160];

	CHECK(parse_fails(not_tagged, sizeof(not_tagged)), "an untagged map is not a token");
	CHECK(parse_fails(empty_map, sizeof(empty_map)), "a collection without members is refused");
	CHECK(parse_fails(other_tag, sizeof(other_tag)), "tag 400 is not the collection");
	CHECK(parse_fails(huge_array, sizeof(huge_array)), "an array claiming 2^32 items is refused before loading");
	CHECK(parse_fails(indefinite, sizeof(indefinite)), "indefinite-length items are refused");
	CHECK(parse_fails(trailing, sizeof(trailing)), "trailing bytes are refused");
	CHECK(parse_fails(empty_members, sizeof(empty_members)), "empty members are not COSE_Sign1");
	memset(deep, 0x81, sizeof(deep));
	deep[sizeof(deep) - 1] = 0x00;
	CHECK(parse_fails(deep, sizeof(deep)), "63 nested arrays are refused");
	raw.p = point;
	raw.len = sizeof(point);
	CHECK(cca_parse_key(&raw, &k, err, sizeof(err)) == 0 && k.crv == 2 && !k.cose_key,
	      "a 97-byte uncompressed point is a raw P-384 key");
	raw.len = 50;
	CHECK(cca_parse_key(&raw, &k, err, sizeof(err)) == -EINVAL, "50 bytes are no key");
	return unit_done();
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = malloc(65536);

	*len = f && b ? fread(b, 1, 65536, f) : 0;
	if (f)
		fclose(f);
	return b;
}

int main(int argc, char **argv)
{
	static const char *const outcome[] = { "pass", "fail", "skip" };
	struct ev_input in = { .provider = "arm_cca_guest", .check_signature = true };
	struct ev_result *r;
	uint8_t nonce[64];
	size_t i;
	int rc, ex = 0;

	if (argc == 1)
		return unit();
	if (argc < 3 || hk_hex_decode(argv[2], nonce, sizeof(nonce), &in.nonce_len) < 0) {
		fprintf(stderr, "usage: test-cca TOKEN NONCE_HEX [CPAK|-] [--no-signature]\n");
		return 64;
	}
	in.outblob = slurp(argv[1], &in.outblob_len);
	in.nonce = nonce;
	if (argc > 3 && strcmp(argv[3], "-") != 0)
		in.cpak = argv[3];
	if (argc > 4 && strcmp(argv[4], "--no-signature") == 0)
		in.check_signature = false;
	r = calloc(1, sizeof(*r));
	if (!r || !in.outblob)
		return 70;
	rc = ev_verify_cca(&in, r);
	if (rc < 0) {
		fprintf(stderr, "test-cca: ev_verify_cca: %s\n", strerror(-rc));
		return 71;
	}
	for (i = 0; i < r->n; i++) {
		const struct ev_check *c = &r->checks[i];

		printf("%s %s %s\n", c->id, outcome[c->outcome], c->detail);
		if (c->outcome == EV_FAIL)
			ex = c->kind == EV_FORMAT ? 2 : ex == 2 ? 2 : 1;
		else if (c->outcome == EV_SKIP && ex == 0)
			ex = 3;
	}
	free((void *)in.outblob);
	free(r);
	return ex;
}
