/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The VMClock device (/dev/vmclock0): its page layout, the pure page check
 * and the reads that follow the seq_count protocol. */
#ifndef RW_VMCLOCK_H
#define RW_VMCLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* struct vmclock_abi of include/uapi/linux/vmclock-abi.h (Linux 7.0, and
 * kernel/patches/vmclock-mock 0001): Debian 12's headers lack it, so this is
 * the one copy of the layout in user space. All fields are little-endian. */
struct rw_vmclock_abi {
	uint32_t magic;
	uint32_t size;
	uint16_t version;
	uint8_t counter_id;
	uint8_t time_type;
	uint32_t seq_count;
	uint64_t disruption_marker;
	uint64_t flags;
	uint8_t pad[2];
	uint8_t clock_status;
	uint8_t leap_second_smearing_hint;
	uint16_t tai_offset_sec;
	uint8_t leap_indicator;
	uint8_t counter_period_shift;
	uint64_t counter_value;
	uint64_t counter_period_frac_sec;
	uint64_t counter_period_esterror_rate_frac_sec;
	uint64_t counter_period_maxerror_rate_frac_sec;
	uint64_t time_sec;
	uint64_t time_frac_sec;
	uint64_t time_esterror_nanosec;
	uint64_t time_maxerror_nanosec;
	uint64_t vm_generation_counter;
};

/* The offsets of the published ABI. */
_Static_assert(offsetof(struct rw_vmclock_abi, magic) == 0, "vmclock magic");
_Static_assert(offsetof(struct rw_vmclock_abi, size) == 4, "vmclock size");
_Static_assert(offsetof(struct rw_vmclock_abi, version) == 8, "vmclock version");
_Static_assert(offsetof(struct rw_vmclock_abi, seq_count) == 12, "vmclock seq_count");
_Static_assert(offsetof(struct rw_vmclock_abi, disruption_marker) == 16, "vmclock disruption_marker");
_Static_assert(offsetof(struct rw_vmclock_abi, flags) == 24, "vmclock flags");
_Static_assert(offsetof(struct rw_vmclock_abi, clock_status) == 34, "vmclock clock_status");
_Static_assert(offsetof(struct rw_vmclock_abi, counter_value) == 40, "vmclock counter_value");
_Static_assert(offsetof(struct rw_vmclock_abi, time_sec) == 72, "vmclock time_sec");
_Static_assert(offsetof(struct rw_vmclock_abi, vm_generation_counter) == 104, "vmclock vm_generation_counter");
_Static_assert(sizeof(struct rw_vmclock_abi) == 112, "vmclock structure size");

#define RW_VMCLOCK_MAGIC 0x4b4c4356U	/* "VCLK" */
#define RW_VMCLOCK_FLAG_VM_GEN_COUNTER_PRESENT (1ULL << 8)
#define RW_VMCLOCK_FLAG_NOTIFICATION_PRESENT (1ULL << 9)
#define RW_VMCLOCK_DEVICE "/dev/vmclock0"
#define RW_VMCLOCK_SYSFS "/sys/class/misc/vmclock0"
/* How long a read waits for seq_count to settle before giving up. */
#define RW_VMCLOCK_SETTLE_MS 500

/* What a page says; only the fields reseedwatch uses. */
struct rw_vmclock_page {
	uint32_t seq_count;
	uint32_t size;
	uint64_t flags;
	uint64_t disruption_marker;
	uint64_t vm_generation_counter;
};

/* Why a page is unusable (positive; I/O errors are -errno). */
enum rw_vmclock_err {
	RW_VMC_OK = 0,
	RW_VMC_SHORT,		/* fewer bytes than the structure */
	RW_VMC_MAGIC,		/* not "VCLK" */
	RW_VMC_SIZE,		/* the size field is smaller than the structure */
	RW_VMC_ODD,		/* seq_count odd: an update in progress (or stuck) */
	RW_VMC_NOGEN,		/* no VM_GEN_COUNTER_PRESENT flag */
};

/* The pure check of len bytes of a page: RW_VMC_OK and *p, or the first
 * problem (in the order of enum rw_vmclock_err); *p is filled as far as
 * the bytes allow (zeroed first). */
int rw_vmclock_parse(const void *buf, size_t len, struct rw_vmclock_page *p);
/* Words for a problem: "the magic is not VCLK" and so on. */
const char *rw_vmclock_strerror(int err);

/* An open device. */
struct rw_vmclock {
	int fd;
	const struct rw_vmclock_abi *page;	/* NULL unless mapped */
	bool regular;		/* a regular file standing in (fake sysroot only) */
};

/* Open RW_VMCLOCK_DEVICE below the sysroot read-only, mapped if map: 0 or
 * -errno (-ENOTTY: not a character device); *what names the failed step. */
int rw_vmclock_open(struct rw_vmclock *v, bool map, const char **what);
void rw_vmclock_close(struct rw_vmclock *v);
/* A consistent page: with read(2) (which also clears poll readiness) or
 * from the mapping, retrying while seq_count is odd or moves, for at most
 * RW_VMCLOCK_SETTLE_MS. 0, a positive rw_vmclock_err, or -errno. */
int rw_vmclock_get(struct rw_vmclock *v, bool mapped, struct rw_vmclock_page *p);

#endif
