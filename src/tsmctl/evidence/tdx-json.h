/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding values in Intel's collateral JSON by their exact bytes (the TCB
 * info signature covers the bytes of the tcbInfo member as they are). Only
 * for a document tsm_json_get_string() has already accepted as valid JSON:
 * these functions walk it, they do not validate it. */
#ifndef TSM_TDX_JSON_H
#define TSM_TDX_JSON_H

#include <stdbool.h>
#include <stddef.h>

struct tj {
	const char *p;	/* a value's first byte */
	size_t n;	/* and its length */
};

/* The end of the JSON value starting at p (after leading white space), or
 * NULL if it does not end before end. */
const char *tj_skip(const char *p, const char *end);

/* The value of member key of object o; false if o is no object or has none. */
bool tj_member(struct tj o, const char *key, struct tj *out);

/* Element i of array a; false if a is no array or is shorter. */
bool tj_index(struct tj a, size_t i, struct tj *out);

/* A string without escapes, copied into buf (NUL-terminated); false if v
 * is no such string or does not fit. */
bool tj_str(struct tj v, char *buf, size_t size);

/* A non-negative integer up to max; false otherwise. */
bool tj_uint(struct tj v, unsigned long max, unsigned long *out);

#endif
