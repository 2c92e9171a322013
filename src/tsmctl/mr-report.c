// SPDX-License-Identifier: GPL-2.0-or-later
/* The measurement registers a mock_tsm report carries: the block after its
 * header (flag bit 3; Documentation/virt/coco/mock-tsm.rst). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "mr.h"

#define HDR_LEN 0xe0
#define FLAGS_OFF 0x18
#define FLAG_MEASUREMENTS 0x8
#define BLOCK_HDR 16
#define ENTRY_LEN 104
#define DIGEST_LEN 32

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A NUL-padded name field of 16 bytes into out (16 bytes); false if it has
 * no NUL or a byte that is not a printable ASCII character. */
static bool name16(const uint8_t *p, char *out)
{
	size_t i;

	for (i = 0; i < 16 && p[i]; i++)
		if (p[i] < 0x21 || p[i] > 0x7e || p[i] == ':' || p[i] == '/')
			return false;
	if (i == 16)
		return false;
	memcpy(out, p, i);
	out[i] = 0;
	return true;
}

int tsm_mr_from_report(const uint8_t *b, size_t len, struct tsm_mrs *m, char *err, size_t errsz)
{
	struct tsm_decoded d;
	uint32_t count, i;
	const uint8_t *e;

	memset(m, 0, sizeof(*m));
	m->dirfd = -1;
	if (tsm_decode("mock_tsm", b, len, &d) < 0) {
		snprintf(err, errsz, "not a mock_tsm report: %s", d.error);
		return -EINVAL;
	}
	if (!(le32(b + FLAGS_OFF) & FLAG_MEASUREMENTS)) {
		snprintf(err, errsz, "the report carries no measurement registers (flag bit 3 is clear)");
		return -EINVAL;
	}
	count = le32(b + HDR_LEN + 8);
	if (memcmp(b + HDR_LEN, "MOCKMRS", 8) != 0 || le32(b + HDR_LEN + 12) != ENTRY_LEN || count > TSM_MR_MAX ||
	    HDR_LEN + BLOCK_HDR + (size_t)count * ENTRY_LEN > len - DIGEST_LEN) {
		snprintf(err, errsz, "the report's measurement block is malformed");
		return -EINVAL;
	}
	snprintf(m->provider, sizeof(m->provider), "mock_tsm");
	for (i = 0; i < count; i++) {
		struct tsm_mr *r = &m->mr[i];

		e = b + HDR_LEN + BLOCK_HDR + (size_t)i * ENTRY_LEN;
		memset(r, 0, sizeof(*r));
		r->size = le32(e + 32);
		if (!name16(e, r->name) || !r->name[0] || (e[16] && !name16(e + 16, r->hash)) || r->size == 0 ||
		    r->size > TSM_MR_VALUE_MAX) {
			snprintf(err, errsz, "the report's measurement register %u is malformed", i);
			return -EINVAL;
		}
		r->writable = le32(e + 36) & 1;
		r->readable = r->have_value = true;
		r->index = tsm_mr_cel_index(r->name);
		memcpy(r->value, e + 40, r->size);
	}
	m->n = count;
	return 0;
}
