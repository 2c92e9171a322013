// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: reseedwatch's VMClock page check (src/reseedwatch/vmclock.c),
 * on a buffer of the input's exact size. Differential: the verdict and the
 * decoded fields must equal those of the byte-by-byte reference below,
 * which reads the published offsets itself (magic 0, size 4, seq_count 12,
 * disruption_marker 16, flags 24, vm_generation_counter 104; 112 bytes).
 * Invariants: an accepted page has the magic, a size of at least the
 * structure, an even seq_count and the VM_GEN_COUNTER_PRESENT flag; every
 * verdict has words. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vmclock.h"

static uint64_t ref_le(const uint8_t *d, size_t off, size_t n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | d[off + n];
	return v;
}

static int ref_verdict(const uint8_t *d, size_t len)
{
	if (len < 112)
		return RW_VMC_SHORT;
	if (ref_le(d, 0, 4) != 0x4b4c4356)
		return RW_VMC_MAGIC;
	if (ref_le(d, 4, 4) < 112)
		return RW_VMC_SIZE;
	if (ref_le(d, 12, 4) & 1)
		return RW_VMC_ODD;
	if (!(ref_le(d, 24, 8) & (1 << 8)))
		return RW_VMC_NOGEN;
	return RW_VMC_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rw_vmclock_page p;
	uint8_t *a = malloc(size ? size : 1);
	const char *words;
	int r, want;

	if (!a)
		return 0;
	memcpy(a, data, size);
	r = rw_vmclock_parse(a, size, &p);
	want = ref_verdict(data, size);
	if (r != want)
		abort();
	words = rw_vmclock_strerror(r);
	if (!words || !*words || !strcmp(words, "unknown problem"))
		abort();
	if (r != RW_VMC_SHORT &&
	    (p.size != ref_le(data, 4, 4) || p.seq_count != ref_le(data, 12, 4) ||
	     p.disruption_marker != ref_le(data, 16, 8) || p.flags != ref_le(data, 24, 8) ||
	     p.vm_generation_counter != ref_le(data, 104, 8)))
		abort();
	if (r == RW_VMC_SHORT && (p.size || p.seq_count || p.flags || p.vm_generation_counter))
		abort();
	if (r == RW_VMC_OK && ((p.seq_count & 1) || p.size < 112 ||
			       !(p.flags & RW_VMCLOCK_FLAG_VM_GEN_COUNTER_PRESENT)))
		abort();
	/* The input itself is never written. */
	if (size && memcmp(a, data, size))
		abort();
	free(a);
	return 0;
}
