/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Read one string member of a JSON object: enough for `report --format json`. */
#ifndef TSM_JSONGET_H
#define TSM_JSONGET_H

#include <stddef.h>

/* Validate doc (one JSON object, nothing after it) and return the decoded
 * string member key of the top-level object in *out (malloc'd), or NULL if
 * it is absent. 0; -EINVAL for bad JSON, a non-string or duplicated member;
 * -ENOMEM. */
int tsm_json_get_string(const char *doc, size_t len, const char *key, char **out);

#endif
