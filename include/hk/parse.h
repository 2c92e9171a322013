/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict number parsing: the whole string, base 10, no blanks, range-checked. */
#ifndef HK_PARSE_H
#define HK_PARSE_H

#include <stdint.h>

/* 0, -EINVAL (not a number, empty, trailing junk) or -ERANGE. */
int hk_parse_s64(const char *s, int64_t min, int64_t max, int64_t *out);
int hk_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int hk_parse_int(const char *s, int min, int max, int *out);
int hk_parse_uint(const char *s, unsigned int min, unsigned int max, unsigned int *out);

#endif
