// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: the Arm CCA token parser (src/tsmctl/evidence/ccatoken.c) on
 * hostile bytes, in a buffer of their exact size. Invariants: a failure
 * says why and holds nothing; a parsed token's claims have the sizes and
 * strings the parser promises; the realm public key claim parses to a
 * point of its curve's size or is refused. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ccatoken.h"

static void check_bytes(const struct cca_bytes *b)
{
	size_t i, sum = 0;

	if (!b->p)
		return;
	for (i = 0; i < b->len; i++)	/* ASan: every byte is readable */
		sum += b->p[i];
	(void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cca_token t;
	struct cca_ec_key k;
	char err[160];
	uint8_t *b;
	int r;

	b = malloc(size ? size : 1);
	if (!b)
		return 0;
	memcpy(b, data, size);
	r = cca_parse(b, size, &t, err, sizeof(err));
	if (r < 0) {
		if ((r != -EINVAL && r != -ENOMEM) || !memchr(err, 0, sizeof(err)) || !err[0] || t.ntrees)
			abort();
		free(b);
		return 0;
	}
	if (!t.platform.payload.p || !t.realm.payload.p || !t.platform.signature.p || !t.realm.signature.p)
		abort();
	if (!memchr(t.realm_hash_alg, 0, sizeof(t.realm_hash_alg)) ||
	    !memchr(t.rak_hash_alg, 0, sizeof(t.rak_hash_alg)) ||
	    !memchr(t.platform_profile, 0, sizeof(t.platform_profile)))
		abort();
	check_bytes(&t.platform.protected_hdr);
	check_bytes(&t.realm.protected_hdr);
	check_bytes(&t.realm_challenge);
	check_bytes(&t.platform_challenge);
	check_bytes(&t.rpv);
	check_bytes(&t.rim);
	check_bytes(&t.impl_id);
	if (t.rak.p) {
		r = cca_parse_key(&t.rak, &k, err, sizeof(err));
		if (r == 0 && (k.crv < 1 || k.crv > 3 || k.point[0] != 0x04 ||
			       k.point_len != (k.crv == 1 ? 65u : k.crv == 2 ? 97u : 133u)))
			abort();
		if (r < 0 && (!memchr(err, 0, sizeof(err)) || !err[0]))
			abort();
	}
	cca_token_free(&t);
	free(b);
	return 0;
}
