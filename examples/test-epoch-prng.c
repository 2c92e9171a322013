// SPDX-License-Identifier: GPL-2.0-or-later
/* The example generator with a fake epoch word: ChaCha20 against RFC 8439,
 * a reseed on every change and only then, clones that diverge after an
 * event, erased output. (Real events: tests/vm/guest/30-reseedwatch.bats.) */
#include "epoch-prng.c"

#include <stdio.h>

static int n, failed;

#define CHECK(cond, ...) do {						\
	int ok_ = (cond);						\
	printf("%sok %d - ", ok_ ? "" : "not ", ++n);			\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	failed += !ok_;							\
} while (0)

static int is_zero(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

int main(void)
{
	static const uint8_t want[64] = {
		0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f, 0xa3, 0x20, 0x71, 0xc4,
		0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03, 0x04, 0x22, 0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e,
		0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa, 0x09, 0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2,
		0xb5, 0x12, 0x9c, 0xd1, 0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e,
	};
	static const uint8_t nonce[12] = { 0, 0, 0, 9, 0, 0, 0, 0x4a, 0, 0, 0, 0 };
	uint8_t key[32], block[64], a[48], b[48], big[5000];
	struct epoch_prng p, clone;
	uint32_t word = 0x01000005;
	size_t used;
	int i, r;

	for (i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	chacha20_block(key, 1, nonce, block);
	CHECK(memcmp(block, want, 64) == 0, "ChaCha20 block matches RFC 8439 section 2.3.2");

	r = epoch_prng_init_word(&p, &word);
	CHECK(r == 0 && p.reseeds == 1 && p.seen == word, "seeded from getrandom() with the current epoch");

	/* The problem: a copy of the state (a cloned VM) repeats the output. */
	r = epoch_prng_bytes(&p, a, sizeof(a));
	clone = p;
	r |= epoch_prng_bytes(&p, a, sizeof(a));
	r |= epoch_prng_bytes(&clone, b, sizeof(b));
	CHECK(r == 0 && memcmp(a, b, sizeof(a)) == 0, "without an event a clone repeats the output");
	CHECK(p.reseeds == 1, "no event, no reseed");

	/* The answer: the epoch moves in each copy, both reseed, outputs differ. */
	word = 0x02000006;
	r = epoch_prng_bytes(&p, a, sizeof(a));
	r |= epoch_prng_bytes(&clone, b, sizeof(b));
	CHECK(r == 0 && memcmp(a, b, sizeof(a)) != 0, "after an event the clones diverge");
	CHECK(p.reseeds == 2 && clone.reseeds == 2 && p.seen == 0x02000006, "each reseeded once for the event");

	/* Several events between two outputs: one reseed with the latest value. */
	word = 0x03000007;
	word = 0x01000008;
	r = epoch_prng_bytes(&p, a, 1);
	r |= epoch_prng_bytes(&p, a, 1);
	CHECK(r == 0 && p.reseeds == 3 && p.seen == 0x01000008, "one reseed per change seen, not per output");

	/* Output is erased from the state once handed out; refills go on. */
	r = epoch_prng_bytes(&p, big, sizeof(big));
	used = sizeof(p.buf) - p.avail;
	CHECK(r == 0 && p.reseeds == 3 && is_zero(p.buf, used) && !is_zero(big, 64),
	      "large requests refill with key erasure and wipe what was handed out");

	/* Without the epoch, no state: every output is getrandom()'s. */
	epoch_prng_free(&p);
	r = epoch_prng_init_word(&p, NULL);
	r |= epoch_prng_bytes(&p, a, sizeof(a));
	r |= epoch_prng_bytes(&p, b, sizeof(b));
	CHECK(r == 0 && p.reseeds == 0 && memcmp(a, b, sizeof(a)) != 0 && is_zero(p.key, 32),
	      "without the epoch every output comes from getrandom()");

	/* The real init: on a kernel without RNDEPOCH it falls back the same way. */
	r = epoch_prng_init(&clone);
	CHECK(r == 0, "epoch_prng_init works on this kernel (epoch %s)", clone.epoch ? "mapped" : "absent");
	r = epoch_prng_bytes(&clone, a, sizeof(a));
	CHECK(r == 0, "and produces output");
	epoch_prng_free(&clone);
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
