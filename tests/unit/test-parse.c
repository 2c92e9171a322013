// SPDX-License-Identifier: GPL-2.0-or-later
/* Strict integer parsing: edge cases at every boundary. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>

#include "hk/parse.h"
#include "unit.h"

static void s64_row(const char *s, int64_t min, int64_t max, int want_r, int64_t want_v)
{
	int64_t v = 12345;
	int r = hk_parse_s64(s, min, max, &v);

	CHECK(r == want_r && (r != 0 || v == want_v), "s64 '%s' in [%lld,%lld] -> %d (%lld)",
	      s ? s : "(null)", (long long)min, (long long)max, r, (long long)v);
}

static void u64_row(const char *s, uint64_t max, int want_r, uint64_t want_v)
{
	uint64_t v = 12345;
	int r = hk_parse_u64(s, 0, max, &v);

	CHECK(r == want_r && (r != 0 || v == want_v), "u64 '%s' max %llu -> %d (%llu)",
	      s, (unsigned long long)max, r, (unsigned long long)v);
}

int main(void)
{
	int iv = 0;
	unsigned int uv = 0;

	s64_row("0", INT64_MIN, INT64_MAX, 0, 0);
	s64_row("-1", -1, 2, 0, -1);
	s64_row("2", 0, 2, 0, 2);
	s64_row("3", 0, 2, -ERANGE, 0);
	s64_row("-1", 0, 2, -ERANGE, 0);
	s64_row("9223372036854775807", INT64_MIN, INT64_MAX, 0, INT64_MAX);
	s64_row("-9223372036854775808", INT64_MIN, INT64_MAX, 0, INT64_MIN);
	s64_row("9223372036854775808", INT64_MIN, INT64_MAX, -ERANGE, 0);
	s64_row("-9223372036854775809", INT64_MIN, INT64_MAX, -ERANGE, 0);
	s64_row("", 0, 2, -EINVAL, 0);
	s64_row(NULL, 0, 2, -EINVAL, 0);
	s64_row("-", -5, 5, -EINVAL, 0);
	s64_row("1x", 0, 2, -EINVAL, 0);
	s64_row(" 1", 0, 2, -EINVAL, 0);
	s64_row("1 ", 0, 2, -EINVAL, 0);
	s64_row("+1", 0, 2, -EINVAL, 0);
	s64_row("0x1", 0, 2, -EINVAL, 0);
	s64_row("1e3", 0, 5000, -EINVAL, 0);
	s64_row("01", 0, 2, 0, 1);
	s64_row("--1", -5, 5, -EINVAL, 0);

	u64_row("18446744073709551615", UINT64_MAX, 0, UINT64_MAX);
	u64_row("18446744073709551616", UINT64_MAX, -ERANGE, 0);
	u64_row("-1", UINT64_MAX, -ERANGE, 0);
	u64_row("-0", UINT64_MAX, -ERANGE, 0);
	u64_row("4294967296", UINT32_MAX, -ERANGE, 0);
	u64_row("4294967295", UINT32_MAX, 0, UINT32_MAX);
	u64_row("abc", UINT32_MAX, -EINVAL, 0);

	CHECK(hk_parse_int("2147483647", INT_MIN, INT_MAX, &iv) == 0 && iv == INT_MAX, "int max");
	CHECK(hk_parse_int("2147483648", INT_MIN, INT_MAX, &iv) == -ERANGE, "int max + 1");
	CHECK(hk_parse_int("-2147483648", INT_MIN, INT_MAX, &iv) == 0 && iv == INT_MIN, "int min");
	CHECK(hk_parse_uint("4294967295", 0, UINT_MAX, &uv) == 0 && uv == UINT_MAX, "uint max");
	CHECK(hk_parse_uint("0", 1, 10, &uv) == -ERANGE, "uint below min");
	return unit_done();
}
