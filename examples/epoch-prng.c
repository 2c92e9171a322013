// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A ChaCha20 generator with fast key erasure (every refill replaces the key
 * with the first 32 bytes of its own keystream, so a stolen state cannot be
 * run backwards), seeded from getrandom(2), which checks the kernel's
 * reseed notification epoch before every output.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>
#include <linux/random.h>

#include "epoch-prng.h"

/* From the kernel patch's <linux/random.h>; older headers lack it. */
#ifndef RNDEPOCH
#define RNDEPOCH _IO('R', 0x08)
#endif

#define ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define QR(a, b, c, d) (					\
	a += b, d ^= a, d = ROTL(d, 16),			\
	c += d, b ^= c, b = ROTL(b, 12),			\
	a += b, d ^= a, d = ROTL(d, 8),				\
	c += d, b ^= c, b = ROTL(b, 7))

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* One 64-byte ChaCha20 block (RFC 8439, section 2.3). */
static void chacha20_block(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12],
			   uint8_t out[64])
{
	uint32_t in[16], x[16];
	int i;

	in[0] = 0x61707865;	/* "expand 32-byte k" */
	in[1] = 0x3320646e;
	in[2] = 0x79622d32;
	in[3] = 0x6b206574;
	for (i = 0; i < 8; i++)
		in[4 + i] = le32(key + 4 * i);
	in[12] = counter;
	for (i = 0; i < 3; i++)
		in[13 + i] = le32(nonce + 4 * i);
	memcpy(x, in, sizeof(x));
	for (i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
	for (i = 0; i < 16; i++) {
		uint32_t v = x[i] + in[i];

		out[4 * i] = (uint8_t)v;
		out[4 * i + 1] = (uint8_t)(v >> 8);
		out[4 * i + 2] = (uint8_t)(v >> 16);
		out[4 * i + 3] = (uint8_t)(v >> 24);
	}
}

/* Wipe memory in a way the compiler cannot drop as a dead store. */
static void wipe(void *p, size_t len)
{
	memset(p, 0, len);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

static int getrandom_all(void *out, size_t len)
{
	uint8_t *p = out;
	ssize_t n;

	while (len > 0) {
		n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Fresh keystream: the first 32 bytes become the next key, the rest is output. */
static void refill(struct epoch_prng *p)
{
	static const uint8_t nonce[12];
	uint8_t block[EPOCH_PRNG_BLOCKS * 64];
	uint32_t i;

	for (i = 0; i < EPOCH_PRNG_BLOCKS; i++)
		chacha20_block(p->key, i, nonce, block + 64 * i);
	memcpy(p->key, block, sizeof(p->key));
	memcpy(p->buf, block + 32, sizeof(p->buf));
	p->avail = sizeof(p->buf);
	wipe(block, sizeof(block));
}

/*
 * A new key from the kernel. `now` is the epoch value read *before* this
 * call: the kernel reseeds itself before it publishes a new value, so
 * getrandom() after seeing `now` returns output from the new kernel key. If
 * another event comes while we reseed, the next check sees it.
 */
static int reseed(struct epoch_prng *p, uint32_t now)
{
	int r = getrandom_all(p->key, sizeof(p->key));

	if (r < 0)
		return r;
	wipe(p->buf, sizeof(p->buf));
	p->avail = 0;
	p->seen = now;
	p->reseeds++;
	return 0;
}

/* The one check before every output: a single load of the shared page. */
static inline uint32_t epoch_now(const struct epoch_prng *p)
{
	/* Pairs with the kernel's release store of a new value. */
	return __atomic_load_n(p->epoch, __ATOMIC_ACQUIRE);
}

int epoch_prng_init_word(struct epoch_prng *p, const uint32_t *word)
{
	memset(p, 0, sizeof(*p));
	p->epoch = word;
	if (!word)
		return 0;
	return reseed(p, epoch_now(p));
}

int epoch_prng_init(struct epoch_prng *p)
{
	void *map = MAP_FAILED;
	int fd, efd, r;

	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	efd = ioctl(fd, RNDEPOCH, 0);
	r = errno;
	close(fd);
	if (efd < 0) {
		/* No notifications: keep no state at all, ask the kernel every time. */
		if (r == ENOTTY || r == EINVAL)
			return epoch_prng_init_word(p, NULL);
		return -r;
	}
	/* Map once; the mapping stays valid after the descriptor is closed. */
	map = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_READ, MAP_SHARED, efd, 0);
	r = errno;
	close(efd);
	if (map == MAP_FAILED)
		return -r;
	r = epoch_prng_init_word(p, map);
	p->map = map;
	if (r < 0)
		epoch_prng_free(p);
	return r;
}

int epoch_prng_bytes(struct epoch_prng *p, void *out, size_t len)
{
	uint8_t *o = out;
	uint32_t now;
	size_t n;
	int r;

	if (!p->epoch)
		return getrandom_all(out, len);
	now = epoch_now(p);
	if (now != p->seen) {
		r = reseed(p, now);
		if (r < 0)
			return r;
	}
	while (len > 0) {
		if (p->avail == 0)
			refill(p);
		n = len < p->avail ? len : p->avail;
		/* Hand out the end of the buffer and erase what was handed out. */
		memcpy(o, p->buf + sizeof(p->buf) - p->avail, n);
		wipe(p->buf + sizeof(p->buf) - p->avail, n);
		p->avail -= n;
		o += n;
		len -= n;
	}
	return 0;
}

void epoch_prng_free(struct epoch_prng *p)
{
	if (p->map)
		munmap(p->map, (size_t)sysconf(_SC_PAGESIZE));
	wipe(p, sizeof(*p));
}
