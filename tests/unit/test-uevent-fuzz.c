// SPDX-License-Identifier: GPL-2.0-or-later
/* Fuzz the uevent parser and the reseed uevent check: mutated, spliced,
 * generated and random datagrams, each in a buffer of its exact size (so
 * ASan sees any read past it), with the verdicts compared to the reference
 * in fuzz/uevent-ref.c (split on NUL first, then check). Deterministic:
 * HK_FUZZ_SEED and HK_FUZZ_ITERS override the defaults. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hk/nl.h"
#include "reseedwatch.h"
#include "uevent-ref.h"
#include "unit.h"

#define MAXLEN 3000

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static size_t below(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

/* ---- datagram makers ---- */

static const char *const corpus[] = {
	"change@/kernel/random/epoch|ACTION=change|DEVPATH=/kernel/random/epoch|SUBSYSTEM=random|EPOCH=0x02000007|NOTIFIER=vmgenid|NOTIFIER_ID=2|COUNTER=7|SEQNUM=1234",
	"change@/kernel/random/epoch|ACTION=change|DEVPATH=/kernel/random/epoch|SUBSYSTEM=random|EPOCH=0x01ffffff|NOTIFIER=rndreseedcrng|NOTIFIER_ID=1|COUNTER=16777215|SEQNUM=9",
	"add@/kernel/random/epoch|ACTION=add|DEVPATH=/kernel/random/epoch|SUBSYSTEM=random|SEQNUM=77",
	"change@/devices/virtual/block/loop0|ACTION=change|DEVPATH=/devices/virtual/block/loop0|SUBSYSTEM=block|MAJOR=7|MINOR=0|DEVNAME=loop0|DEVTYPE=disk|DISKSEQ=3|SEQNUM=100",
	"libudev|\xfe\xed\xca\xfe|ACTION=change|DEVPATH=/kernel/random/epoch",
	"bind@/devices/platform/QEMUVGID:00|ACTION=bind|DEVPATH=/devices/platform/QEMUVGID:00|SUBSYSTEM=platform|DRIVER=vmgenid|MODALIAS=acpi:QEMUVGID:VM_GEN_COUNTER:|SEQNUM=5",
};

static const char *const keys[] = {
	"ACTION", "DEVPATH", "SUBSYSTEM", "SEQNUM", "EPOCH", "NOTIFIER", "NOTIFIER_ID", "COUNTER",
	"MAJOR", "X", "", "EPOCHX", "ACTION ",
};

static size_t from_spec(char *out, const char *spec)
{
	size_t n = strlen(spec), i;

	for (i = 0; i < n; i++)
		out[i] = spec[i] == '|' ? '\0' : spec[i];
	out[n] = '\0';
	return n + 1;
}

static size_t append(char *buf, size_t len, const char *s)
{
	size_t n = strlen(s);

	if (len + n + 1 > MAXLEN)
		return len;
	memcpy(buf + len, s, n + 1);
	return len + n + 1;
}

/* Mostly well-formed reseed uevents with one or two parts made wrong. */
static size_t generate(char *buf)
{
	static const char *const names[] = { "vmgenid", "timer", "rndreseedcrng", "unknown", "x",
					     "Timer", "", "a_very_long_name_x", "id-3" };
	char tmp[128];
	uint32_t v = (uint32_t)rnd();
	unsigned int id = v >> 24, counter = v & 0xffffff;
	size_t len = 0, nextra, i;
	int spoil = (int)below(14);

	if (below(4) == 0)
		id = 1 + (unsigned int)below(3);
	v = (uint32_t)id << 24 | counter;
	len = append(buf, len, spoil == 0 ? "change@/kernel/random/epochX" :
			       spoil == 1 ? "add@/kernel/random/epoch" : "change@/kernel/random/epoch");
	len = append(buf, len, spoil == 2 ? "ACTION=add" : "ACTION=change");
	len = append(buf, len, spoil == 3 ? "DEVPATH=/kernel/random" : "DEVPATH=/kernel/random/epoch");
	len = append(buf, len, spoil == 4 ? "SUBSYSTEM=randomx" : "SUBSYSTEM=random");
	snprintf(tmp, sizeof(tmp), spoil == 5 ? "EPOCH=0x%08X" : spoil == 6 ? "EPOCH=%u" : "EPOCH=0x%08x", v);
	len = append(buf, len, tmp);
	snprintf(tmp, sizeof(tmp), "NOTIFIER=%s", spoil == 7 ? names[below(9)] :
		 id == 1 ? "rndreseedcrng" : id == 2 ? "vmgenid" : id == 3 ? "timer" : "unknown");
	len = append(buf, len, tmp);
	snprintf(tmp, sizeof(tmp), spoil == 8 ? "NOTIFIER_ID=0%u" : "NOTIFIER_ID=%u",
		 spoil == 9 ? id + 1 : id);
	len = append(buf, len, tmp);
	snprintf(tmp, sizeof(tmp), "COUNTER=%u", spoil == 10 ? counter ^ 1 : counter);
	len = append(buf, len, tmp);
	if (spoil != 11) {
		snprintf(tmp, sizeof(tmp), "SEQNUM=%u", (unsigned int)below(100000));
		len = append(buf, len, tmp);
	}
	if (spoil == 12)
		len = append(buf, len, "EPOCH=0x01000001");
	nextra = spoil == 13 ? below(70) : below(3);
	for (i = 0; i < nextra; i++) {
		snprintf(tmp, sizeof(tmp), "XK%zu=%zu", i, below(10));
		len = append(buf, len, tmp);
	}
	return len;
}

static size_t mutate(char *buf, size_t len)
{
	static const char interesting[] = { 0, '=', '@', '/', '|', 'x', '0', '9', 'a', 'f', 'F', '-', ' ', '\n', (char)0xff };
	size_t i, n = 1 + below(4), pos, k;
	char tmp[MAXLEN];

	for (i = 0; i < n && len > 0; i++) {
		pos = below(len);
		switch (below(8)) {
		case 0:
			buf[pos] ^= (char)(1u << below(8));
			break;
		case 1:
			buf[pos] = interesting[below(sizeof(interesting))];
			break;
		case 2:
			buf[pos] = (char)rnd();
			break;
		case 3:	/* delete a run */
			k = 1 + below(8);
			if (pos + k > len)
				k = len - pos;
			memmove(buf + pos, buf + pos + k, len - pos - k);
			len -= k;
			break;
		case 4:	/* insert a byte */
			if (len < MAXLEN) {
				memmove(buf + pos + 1, buf + pos, len - pos);
				buf[pos] = interesting[below(sizeof(interesting))];
				len++;
			}
			break;
		case 5:	/* truncate */
			len = pos;
			break;
		case 6:	/* duplicate a chunk */
			k = 1 + below(40);
			if (pos + k > len)
				k = len - pos;
			if (len + k <= MAXLEN) {
				memcpy(tmp, buf + pos, k);
				memmove(buf + pos + k, buf + pos, len - pos);
				memcpy(buf + pos, tmp, k);
				len += k;
			}
			break;
		case 7:	/* overwrite with a key name */
			{
				const char *key = keys[below(sizeof(keys) / sizeof(keys[0]))];

				k = strlen(key);
				if (pos + k <= len)
					memcpy(buf + pos, key, k);
			}
			break;
		}
	}
	return len;
}

/* One datagram from a generator, a mutation, a splice or random bytes. */
static size_t datagram(char *work)
{
	size_t len, j;

	switch (below(6)) {
	case 0:
		return generate(work);
	case 1:
		return mutate(work, generate(work));
	case 2:	/* splice two corpus datagrams */
		len = from_spec(work, corpus[below(sizeof(corpus) / sizeof(corpus[0]))]);
		{
			char other[MAXLEN];
			size_t olen = from_spec(other, corpus[below(sizeof(corpus) / sizeof(corpus[0]))]);
			size_t cut = below(len), ocut = below(olen);

			if (cut + olen - ocut <= MAXLEN) {
				memcpy(work + cut, other + ocut, olen - ocut);
				len = cut + olen - ocut;
			}
		}
		return len;
	case 3:	/* random bytes */
		len = below(MAXLEN);
		for (j = 0; j < len; j++)
			work[j] = (char)rnd();
		return len;
	default:
		return mutate(work, from_spec(work, corpus[below(sizeof(corpus) / sizeof(corpus[0]))]));
	}
}

struct tally {
	unsigned long parse_ok, check_ok, parse_bad, mismatch, broken;
};

/* The parser on an exact-size copy (any read past the datagram is caught)
 * against the reference, and its result's invariants. */
static void one_parse(const char *work, size_t len, unsigned long i, struct tally *t)
{
	struct hk_uevent ev;
	char *a = malloc(len ? len : 1);
	size_t j;
	int want, r;

	if (!a)
		exit(99);
	memcpy(a, work, len);
	want = ref_uevent_parse(work, len);
	r = hk_uevent_parse(a, len, &ev);
	if (want != 1 && r != want && ++t->mismatch <= 5)
		printf("# parse mismatch at %lu: got %d, reference %d\n", i, r, want);
	if (r == 0) {
		t->parse_ok++;
		/* Everything the parser returns lies inside the datagram. */
		if (ev.action != a || ev.devpath <= a || ev.devpath >= a + len ||
		    !ev.subsystem || ev.subsystem < a || ev.subsystem >= a + len)
			t->broken++;
		for (j = 0; j < ev.nvars; j++)
			if (ev.vars[j] <= a || ev.vars[j] >= a + len || !strchr(ev.vars[j], '=') ||
			    ev.vars[j][0] == '=')
				t->broken++;
	} else {
		t->parse_bad++;
		if (ev.nvars || ev.action || ev.subsystem)
			t->broken++;
	}
	free(a);
}

/* The reseed check against the reference. */
static void one_check(const char *work, size_t len, unsigned long i, const struct rw_names *names,
		      struct tally *t)
{
	unsigned int pid = below(16) == 0 ? (unsigned int)below(5000) : 0;
	unsigned int groups = below(16) == 0 ? (unsigned int)below(4) : 1;
	struct rw_uevent_info info;
	uint32_t want_epoch = 0;
	char *b = malloc(len ? len : 1);
	int want, got;

	if (!b)
		exit(99);
	memcpy(b, work, len);
	want = ref_uevent_check(work, len, pid, groups, names, &want_epoch);
	got = rw_uevent_check(b, len, pid, groups, names, &info);
	if ((got != want || (got && info.epoch != want_epoch)) && ++t->mismatch <= 5)
		printf("# check mismatch at %lu: got %d, reference %d\n", i, got, want);
	if (got) {
		t->check_ok++;
		if (info.epoch == 0 || strlen(info.name) > RW_NAME_MAX)
			t->broken++;
	}
	free(b);
}

int main(void)
{
	const char *seed_env = getenv("HK_FUZZ_SEED"), *iters_env = getenv("HK_FUZZ_ITERS");
	unsigned long iters = iters_env ? strtoul(iters_env, NULL, 10) : 300000;
	uint64_t seed = seed_env ? strtoull(seed_env, NULL, 0) : 0x5eed0f0e7e175ULL;
	struct tally t = { 0 };
	struct rw_names names;
	char work[MAXLEN + 1];
	unsigned long i;
	size_t len;

	rng_state = seed ? seed : 1;
	rw_names_parse(&names, "1 rndreseedcrng\n2 vmgenid\n3 timer\n");
	printf("# seed 0x%llx, %lu datagrams\n", (unsigned long long)seed, iters);
	for (i = 0; i < iters; i++) {
		len = datagram(work);
		one_parse(work, len, i, &t);
		one_check(work, len, i, &names, &t);
	}
	printf("# %lu parsed, %lu rejected, %lu accepted as reseed uevents\n", t.parse_ok, t.parse_bad,
	       t.check_ok);
	CHECK(t.mismatch == 0, "parser and check agree with the reference on every datagram (%lu mismatches)",
	      t.mismatch);
	CHECK(t.broken == 0, "no result points outside its datagram or breaks an invariant (%lu)", t.broken);
	/* A fuzzer that never reaches the accepting paths tests nothing. */
	CHECK(t.parse_ok > iters / 50 && t.check_ok > iters / 100 && t.parse_bad > iters / 2,
	      "both verdicts were reached often (parsed %lu, accepted %lu, rejected %lu)", t.parse_ok,
	      t.check_ok, t.parse_bad);
	return unit_done();
}
