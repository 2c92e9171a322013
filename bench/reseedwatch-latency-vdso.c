// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Guest half of bench/reseedwatch-latency, the vDSO part: the cost of one
 * vDSO getrandom (Linux 6.11) call of SIZE bytes beside one getrandom(2)
 * system call of the same size, N calls each. glibc 2.36 does not use the
 * vDSO function, so it is found here as the kernel documents it: the vDSO's
 * ELF image from getauxval(AT_SYSINFO_EHDR), its dynamic symbol table
 * (DT_SYMTAB, DT_STRTAB, DT_HASH) for __vdso_getrandom, then one call with
 * opaque_len ~0 that fills struct vgetrandom_opaque_params (from the guest
 * kernel's <linux/random.h>), and the per-thread state in memory mapped
 * with the protection and flags that call gave.
 *
 *   hk-rw-vdso N SIZE
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/random.h>

/* <sys/random.h> and the kernel's <linux/random.h> both define GRND_*. */
static ssize_t sys_getrandom(void *buf, size_t len)
{
	return syscall(SYS_getrandom, buf, len, 0);
}

typedef ssize_t (*vgetrandom_fn)(void *buf, size_t len, unsigned int flags, void *state,
				 size_t state_len);

/* The address of name in the vDSO, or NULL. */
static void *vdso_sym(const char *name)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
	const Elf64_Phdr *ph;
	const Elf64_Dyn *dyn = NULL, *d;
	const Elf64_Sym *sym = NULL;
	const Elf32_Word *hash = NULL;
	const char *str = NULL;
	uintptr_t base, load = 0;
	bool have_load = false;
	int i;

	if (!eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64)
		return NULL;
	base = (uintptr_t)eh;
	ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !have_load) {
			load = base + ph[i].p_offset - ph[i].p_vaddr;
			have_load = true;
		} else if (ph[i].p_type == PT_DYNAMIC) {
			dyn = (const Elf64_Dyn *)(base + ph[i].p_offset);
		}
	}
	if (!have_load || !dyn)
		return NULL;
	for (d = dyn; d->d_tag != DT_NULL; d++) {
		if (d->d_tag == DT_SYMTAB)
			sym = (const Elf64_Sym *)(load + d->d_un.d_ptr);
		else if (d->d_tag == DT_STRTAB)
			str = (const char *)(load + d->d_un.d_ptr);
		else if (d->d_tag == DT_HASH)
			hash = (const Elf32_Word *)(load + d->d_un.d_ptr);
	}
	if (!sym || !str || !hash)
		return NULL;
	/* DT_HASH: nbucket, nchain; nchain is the number of symbols. */
	for (i = 0; i < (int)hash[1]; i++) {
		if (ELF64_ST_TYPE(sym[i].st_info) != STT_FUNC || sym[i].st_shndx == SHN_UNDEF)
			continue;
		if (strcmp(str + sym[i].st_name, name) == 0)
			return (void *)(load + sym[i].st_value);
	}
	return NULL;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct vgetrandom_opaque_params params;
	vgetrandom_fn vgetrandom;
	unsigned char out[256];
	unsigned long n, i;
	double t0, vdso_ns, sys_ns;
	size_t size, len;
	void *state;

	if (argc != 3 || !(n = strtoul(argv[1], NULL, 10)) || !(size = strtoul(argv[2], NULL, 10)) ||
	    size > sizeof(out)) {
		fprintf(stderr, "Usage: hk-rw-vdso N SIZE (SIZE 1 to 256)\n");
		return 2;
	}
	vgetrandom = (vgetrandom_fn)vdso_sym("__vdso_getrandom");
	if (!vgetrandom) {
		printf("vDSO getrandom: absent (this kernel's vDSO has no __vdso_getrandom: older than 6.11)\n");
		return 1;
	}
	memset(&params, 0, sizeof(params));
	if (vgetrandom(NULL, 0, 0, &params, ~0UL) != 0 || !params.size_of_opaque_state) {
		fprintf(stderr, "hk-rw-vdso: __vdso_getrandom gave no state parameters\n");
		return 1;
	}
	/* One state for this one thread; a state never crosses a page. */
	len = (params.size_of_opaque_state + 4095) & ~(size_t)4095;
	state = mmap(NULL, len, params.mmap_prot, params.mmap_flags, -1, 0);
	if (state == MAP_FAILED) {
		fprintf(stderr, "hk-rw-vdso: mmap of the state: %s\n", strerror(errno));
		return 1;
	}
	/* Warm both paths (the first vDSO call fills the state). */
	if (vgetrandom(out, size, 0, state, params.size_of_opaque_state) != (ssize_t)size ||
	    sys_getrandom(out, size) != (ssize_t)size) {
		fprintf(stderr, "hk-rw-vdso: a warm-up call failed\n");
		return 1;
	}
	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (vgetrandom(out, size, 0, state, params.size_of_opaque_state) != (ssize_t)size)
			return 1;
	vdso_ns = (now_ns() - t0) / n;
	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (sys_getrandom(out, size) != (ssize_t)size)
			return 1;
	sys_ns = (now_ns() - t0) / n;
	printf("vDSO getrandom %zu bytes: %.1f ns; getrandom(2) %zu bytes: %.1f ns; vDSO/getrandom(2): %.4f (n=%lu, state %u bytes)\n",
	       size, vdso_ns, size, sys_ns, vdso_ns / sys_ns, n, params.size_of_opaque_state);
	munmap(state, len);
	return 0;
}
