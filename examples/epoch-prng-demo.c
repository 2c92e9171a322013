// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Demo of epoch-prng.c: print outputs with the epoch and the reseed count,
 * optionally run a command between two rounds (to cause an event), or
 * measure what the epoch check costs.
 *
 *   epoch-prng [-n N] [-s SIZE] [-w MS] [-c CMD]   N outputs (0: forever),
 *                                                   CMD, then N more
 *   epoch-prng -b N [-s SIZE]                       benchmark
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "epoch-prng.h"

static unsigned long number(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || !*s || *end || *s == '-') {
		fprintf(stderr, "epoch-prng: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static void print_output(struct epoch_prng *p, unsigned long i, size_t size)
{
	unsigned char out[256];
	size_t k;

	if (epoch_prng_bytes(p, out, size) < 0) {
		perror("epoch-prng: getrandom");
		exit(1);
	}
	printf("output %lu: ", i);
	for (k = 0; k < size; k++)
		printf("%02x", out[k]);
	if (p->epoch)
		printf(" epoch 0x%08x reseeds %llu\n", (unsigned int)p->seen,
		       (unsigned long long)p->reseeds);
	else
		printf(" epoch none reseeds 0\n");
	fflush(stdout);
}

static void rounds(struct epoch_prng *p, unsigned long n, size_t size, unsigned long wait_ms,
		   unsigned long *i)
{
	struct timespec ts = { (time_t)(wait_ms / 1000), (long)(wait_ms % 1000) * 1000000 };
	unsigned long k;

	for (k = 0; n == 0 || k < n; k++) {
		print_output(p, ++*i, size);
		if (wait_ms)
			nanosleep(&ts, NULL);
	}
}

static double ns_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e9 + (double)(t1.tv_nsec - t0->tv_nsec);
}

/* The check alone, one output of SIZE bytes (check included), and one
 * getrandom(2) of SIZE bytes: what an application pays for each. */
static void bench(struct epoch_prng *p, unsigned long n, size_t size)
{
	unsigned char out[256];
	volatile uint32_t sink = 0;
	struct timespec t0;
	unsigned long k;
	double check, prng, sys;

	if (!p->epoch) {
		fprintf(stderr, "epoch-prng: no epoch on this kernel: nothing to measure\n");
		exit(4);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (k = 0; k < n; k++)
		sink += __atomic_load_n(p->epoch, __ATOMIC_ACQUIRE) != p->seen;
	check = ns_since(&t0) / (double)n;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (k = 0; k < n; k++)
		epoch_prng_bytes(p, out, size);
	prng = ns_since(&t0) / (double)n;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (k = 0; k < n; k++)
		if (getrandom(out, size, 0) != (ssize_t)size)
			exit(1);
	sys = ns_since(&t0) / (double)n;
	printf("epoch check: %.1f ns; epoch-prng %zu bytes: %.1f ns; getrandom(2) %zu bytes: %.1f ns; check/getrandom: %.4f (n=%lu)\n",
	       check, size, prng, size, sys, check / sys, n);
	(void)sink;
}

int main(int argc, char **argv)
{
	unsigned long n = 3, wait_ms = 0, bench_n = 0, i = 0;
	size_t size = 16;
	const char *cmd = NULL;
	struct epoch_prng p;
	int c, r;

	while ((c = getopt(argc, argv, "n:s:w:c:b:h")) != -1) {
		switch (c) {
		case 'n': n = number(optarg, "count"); break;
		case 's': size = number(optarg, "size"); break;
		case 'w': wait_ms = number(optarg, "wait"); break;
		case 'c': cmd = optarg; break;
		case 'b': bench_n = number(optarg, "benchmark count"); break;
		case 'h':
			printf("Usage: epoch-prng [-n N] [-s SIZE] [-w MS] [-c CMD] | -b N [-s SIZE]\n");
			return 0;
		default:
			return 2;
		}
	}
	if (size == 0 || size > 256 || (bench_n == 0 && optind != argc)) {
		fprintf(stderr, "epoch-prng: bad arguments (SIZE is 1 to 256)\n");
		return 2;
	}
	r = epoch_prng_init(&p);
	if (r < 0) {
		fprintf(stderr, "epoch-prng: cannot set up: %s\n", strerror(-r));
		return 1;
	}
	if (!p.epoch)
		fprintf(stderr, "epoch-prng: this kernel has no reseed notifications; every output comes from getrandom()\n");
	if (bench_n) {
		bench(&p, bench_n, size);
	} else {
		rounds(&p, n, size, wait_ms, &i);
		if (cmd) {
			printf("running: %s\n", cmd);
			fflush(stdout);
			if (system(cmd) != 0)
				fprintf(stderr, "epoch-prng: '%s' failed\n", cmd);
			rounds(&p, n, size, wait_ms, &i);
		}
	}
	epoch_prng_free(&p);
	return 0;
}
