/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Minimal TAP output for the C unit tests. */
#ifndef HK_UNIT_H
#define HK_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_n, unit_failed;

#define CHECK(cond, ...) do {						\
	int ok_ = !!(cond);	/* evaluated once: cond may have effects */ \
	unit_n++;							\
	if (ok_) {							\
		printf("ok %d - ", unit_n);				\
	} else {							\
		unit_failed++;						\
		printf("not ok %d - ", unit_n);				\
	}								\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!ok_)							\
		printf("# failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
} while (0)

static inline int unit_done(void)
{
	printf("1..%d\n", unit_n);
	return unit_failed ? 1 : 0;
}

#endif
