/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Read one string member of a JSON object: enough for `report --format json`. */
#ifndef TSM_JSONGET_H
#define TSM_JSONGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Validate doc (one JSON object, nothing after it) and return the decoded
 * string member key of the top-level object in *out (malloc'd), or NULL if
 * it is absent. 0; -EINVAL for bad JSON, a non-string or duplicated member;
 * -ENOMEM. */
int tsm_json_get_string(const char *doc, size_t len, const char *key, char **out);

/* A cursor over a document, for readers that walk a structure (the CEL
 * log of tsmctl mr): the same strict rules, one value at a time. */
struct tsm_jcur {
	const char *s, *end;
};
/* Skip whitespace; then, if the next byte is ch, consume it: true. */
bool tsm_json_eat(struct tsm_jcur *c, char ch);
/* A string (decoded into *out, malloc'd; out NULL skips it), any value, or
 * a non-negative integer without fraction or exponent. 0 or -EINVAL
 * (-ERANGE past UINT64_MAX), -ENOMEM. */
int tsm_json_string(struct tsm_jcur *c, char **out);
int tsm_json_skip(struct tsm_jcur *c);
int tsm_json_u64(struct tsm_jcur *c, uint64_t *v);

#endif
