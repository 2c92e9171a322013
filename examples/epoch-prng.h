/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small user-space random number generator that reseeds when the kernel
 * says so: an example of the reseed notification epoch (RNDEPOCH).
 *
 * The generator maps the kernel's epoch page once and compares the 32-bit
 * value on it before every output. A different value means the kernel had a
 * reason to reseed (the VM was cloned or restored from a snapshot, an admin
 * asked for it, a timer fired), and so must we: the buffered state may exist
 * in another copy of this VM too. Not thread-safe and not fork-safe (a real
 * implementation adds a lock and MADV_WIPEONFORK, as arc4random does).
 */
#ifndef EPOCH_PRNG_H
#define EPOCH_PRNG_H

#include <stddef.h>
#include <stdint.h>

#define EPOCH_PRNG_BLOCKS 16	/* ChaCha20 blocks per refill */

struct epoch_prng {
	const uint32_t *epoch;	/* the mapped epoch word; NULL without kernel support */
	void *map;		/* our mapping of the page, to unmap */
	uint32_t seen;		/* its value when we last reseeded */
	uint8_t key[32];	/* ChaCha20 key, replaced on every refill */
	uint8_t buf[EPOCH_PRNG_BLOCKS * 64 - 32];	/* keystream not handed out yet */
	size_t avail;		/* bytes left at the end of buf */
	uint64_t reseeds;	/* how many times we reseeded from getrandom() */
};

/* Map the epoch page and seed from getrandom(). 0, or -errno. Without
 * kernel support (ENOTTY/EINVAL from RNDEPOCH) it still returns 0, with
 * p->epoch NULL: every output then comes from getrandom() itself. */
int epoch_prng_init(struct epoch_prng *p);
/* The same with a word the caller provides (tests). */
int epoch_prng_init_word(struct epoch_prng *p, const uint32_t *word);
/* Fill out with len random bytes. 0, or -errno if getrandom() failed. */
int epoch_prng_bytes(struct epoch_prng *p, void *out, size_t len);
/* Unmap the page and wipe the state. */
void epoch_prng_free(struct epoch_prng *p);

#endif
