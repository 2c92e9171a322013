// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl's TDX decoder agrees with tsm_detect on the attestation key type:
 * the disagreement fuzz/fuzz-decode.c found (corpus regress-tdx-key-type). */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "decode.h"
#include "unit.h"

/* Header (48) + TD report 1.0 body (584) + signature length (4). */
static uint8_t q[48 + 584 + 4];

static void tdx_v4(uint16_t key_type)
{
	memset(q, 0, sizeof(q));
	q[0] = 4;
	q[2] = (uint8_t)key_type;
	q[3] = (uint8_t)(key_type >> 8);
	q[4] = 0x81;
}

int main(void)
{
	struct tsm_decoded d;
	static const uint16_t ok[] = { 2, 3 }, bad[] = { 0, 1, 4, 0xf600 };
	size_t i;

	for (i = 0; i < 2; i++) {
		tdx_v4(ok[i]);
		CHECK(tsm_decode("tdx_guest", q, sizeof(q), &d) == 0, "key type %u decodes", ok[i]);
		CHECK(tsm_detect(q, sizeof(q)) && strcmp(tsm_detect(q, sizeof(q)), "tdx_guest") == 0,
		      "key type %u is detected as TDX", ok[i]);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tdx_v4(bad[i]);
		CHECK(tsm_decode("tdx_guest", q, sizeof(q), &d) == -EINVAL, "key type %u is refused", bad[i]);
		CHECK(strstr(d.error, "attestation key type") != NULL, "and said: %s", d.error);
	}
	/* An Arm CCA token collection: tag 399 on a map of 2, nothing else read. */
	memcpy(q, "\xd9\x01\x8f\xa2", 4);
	CHECK(tsm_detect(q, 4) && strcmp(tsm_detect(q, 4), "arm_cca_guest") == 0, "tag 399 on a map is CCA");
	CHECK(tsm_detect(q, 3) == NULL, "the tag alone is not");
	q[3] = 0x82;
	CHECK(tsm_detect(q, 4) == NULL, "tag 399 on an array is not");
	return unit_done();
}
