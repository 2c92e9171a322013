// SPDX-License-Identifier: GPL-2.0-or-later
/* The VMClock page: the pure check, and reads under the seq_count protocol
 * (as the kernel's own read(2) and AWS-LC's mapped reader do). */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hk/io.h"
#include "vmclock.h"

#define ABI_LEN sizeof(struct rw_vmclock_abi)
#define PAGE_MAX 4096

static uint32_t le32_at(const unsigned char *b, size_t off)
{
	uint32_t v;

	memcpy(&v, b + off, sizeof(v));
	return le32toh(v);
}

static uint64_t le64_at(const unsigned char *b, size_t off)
{
	uint64_t v;

	memcpy(&v, b + off, sizeof(v));
	return le64toh(v);
}

int rw_vmclock_parse(const void *buf, size_t len, struct rw_vmclock_page *p)
{
	const unsigned char *b = buf;

	memset(p, 0, sizeof(*p));
	if (len < ABI_LEN)
		return RW_VMC_SHORT;
	p->size = le32_at(b, offsetof(struct rw_vmclock_abi, size));
	p->seq_count = le32_at(b, offsetof(struct rw_vmclock_abi, seq_count));
	p->flags = le64_at(b, offsetof(struct rw_vmclock_abi, flags));
	p->disruption_marker = le64_at(b, offsetof(struct rw_vmclock_abi, disruption_marker));
	p->vm_generation_counter = le64_at(b, offsetof(struct rw_vmclock_abi, vm_generation_counter));
	if (le32_at(b, offsetof(struct rw_vmclock_abi, magic)) != RW_VMCLOCK_MAGIC)
		return RW_VMC_MAGIC;
	if (p->size < ABI_LEN)
		return RW_VMC_SIZE;
	/* The fields of an odd seq_count are half written: none is trusted. */
	if (p->seq_count & 1)
		return RW_VMC_ODD;
	if (!(p->flags & RW_VMCLOCK_FLAG_VM_GEN_COUNTER_PRESENT))
		return RW_VMC_NOGEN;
	return RW_VMC_OK;
}

const char *rw_vmclock_strerror(int err)
{
	switch (err) {
	case RW_VMC_OK:
		return "no problem";
	case RW_VMC_SHORT:
		return "the page is shorter than struct vmclock_abi (112 bytes)";
	case RW_VMC_MAGIC:
		return "the magic is not VCLK (0x4b4c4356): not a VMClock page";
	case RW_VMC_SIZE:
		return "the size field is smaller than struct vmclock_abi (112 bytes)";
	case RW_VMC_ODD:
		return "seq_count stayed odd (an update in progress that never ended)";
	case RW_VMC_NOGEN:
		return "the device has no VM generation counter (flag VM_GEN_COUNTER_PRESENT, bit 8, is clear)";
	}
	return "unknown problem";
}

int rw_vmclock_open(struct rw_vmclock *v, bool map, const char **what)
{
	struct stat st;
	void *p;
	int dfd, r;

	v->fd = -1;
	v->page = NULL;
	v->regular = false;
	*what = "open";
	dfd = hk_sysroot_fd();
	if (dfd < 0)
		return dfd;
	v->fd = hk_openat(dfd, RW_VMCLOCK_DEVICE, O_RDONLY);
	if (v->fd < 0)
		return v->fd;
	if (fstat(v->fd, &st) < 0) {
		r = -errno;
		rw_vmclock_close(v);
		return r;
	}
	/* A fake root's tests stand a regular file in for the device. */
	v->regular = S_ISREG(st.st_mode) && hk_sysroot_is_fake();
	if (!S_ISCHR(st.st_mode) && !v->regular) {
		rw_vmclock_close(v);
		return -ENOTTY;
	}
	if (!map)
		return 0;
	*what = "mmap";
	p = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_READ, MAP_SHARED, v->fd, 0);
	if (p == MAP_FAILED) {
		r = -errno;
		rw_vmclock_close(v);
		return r;
	}
	v->page = p;
	return 0;
}

void rw_vmclock_close(struct rw_vmclock *v)
{
	if (v->page)
		munmap((void *)v->page, (size_t)sysconf(_SC_PAGESIZE));
	if (v->fd >= 0)
		close(v->fd);
	v->page = NULL;
	v->fd = -1;
}

/* One look at the mapping: copy the structure between two loads of
 * seq_count; RW_VMC_ODD when it was odd or moved meanwhile. The device page
 * is at least the structure (a fake file shorter than that reads as 0s
 * past its end would SIGBUS: the read(2) path checks the length first). */
static int copy_mapped(const struct rw_vmclock_abi *page, unsigned char *buf)
{
	const uint64_t *src = (const uint64_t *)(const void *)page;
	uint64_t w;
	uint32_t s1, s2;
	size_t i;

	/* Pairs with the writer's barrier after making seq_count odd. */
	s1 = __atomic_load_n(&page->seq_count, __ATOMIC_ACQUIRE);
	for (i = 0; i < ABI_LEN / sizeof(w); i++) {
		w = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
		memcpy(buf + i * sizeof(w), &w, sizeof(w));
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	s2 = __atomic_load_n(&page->seq_count, __ATOMIC_RELAXED);
	if (s1 != s2 || (le32toh(s1) & 1))
		return RW_VMC_ODD;
	return RW_VMC_OK;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One look: 0 with the bytes in buf and their length, RW_VMC_ODD to try
 * again, or -errno. */
static int look(struct rw_vmclock *v, bool mapped, unsigned char *buf, size_t *len)
{
	ssize_t n;

	if (mapped && v->page) {
		*len = ABI_LEN;
		return copy_mapped(v->page, buf);
	}
	n = pread(v->fd, buf, PAGE_MAX, 0);
	if (n < 0)
		/* The driver's read(2) gave up on an odd seq_count itself. */
		return errno == ETIMEDOUT || errno == EAGAIN ? RW_VMC_ODD : -errno;
	*len = (size_t)n;
	return RW_VMC_OK;
}

int rw_vmclock_get(struct rw_vmclock *v, bool mapped, struct rw_vmclock_page *p)
{
	static const struct timespec pause = { .tv_nsec = 1000000 };
	unsigned char buf[PAGE_MAX];
	int64_t deadline = mono_ms() + RW_VMCLOCK_SETTLE_MS;
	size_t len = 0;
	int r, tries = 0;

	/* A mapped fake shorter than the structure would fault: read it. */
	if (mapped && v->regular) {
		struct stat st;

		if (fstat(v->fd, &st) < 0 || st.st_size < (off_t)ABI_LEN)
			mapped = false;
	}
	for (;;) {
		r = look(v, mapped, buf, &len);
		if (r < 0)
			return r;
		if (r == RW_VMC_OK)
			r = rw_vmclock_parse(buf, len, p);
		/* Bounded: at least three looks, then until the deadline. */
		if (r != RW_VMC_ODD || (++tries >= 3 && mono_ms() >= deadline))
			return r;
		nanosleep(&pause, NULL);
	}
}
