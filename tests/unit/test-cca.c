// SPDX-License-Identifier: GPL-2.0-or-later
/* The CCA token parser (src/tsmctl/evidence/ccatoken.c) on hand-made CBOR
 * that it must refuse before libcbor allocates for it or recurses into it.
 * Whole tokens are checked through tsmctl verify (tests/25-*.bats). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ccatoken.h"
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

int main(void)
{
	return unit();
}
