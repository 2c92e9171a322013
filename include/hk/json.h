/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small streaming JSON writer for single objects and event lines. */
#ifndef HK_JSON_H
#define HK_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct hk_json {
	FILE *out;
	bool pretty;
	int depth;
	bool first;	/* no member written yet at this depth */
};

void hk_json_init(struct hk_json *j, FILE *out, bool pretty);
void hk_json_open(struct hk_json *j, const char *key);	/* object; key NULL at top/in arrays */
void hk_json_close(struct hk_json *j);
void hk_json_open_array(struct hk_json *j, const char *key);
void hk_json_close_array(struct hk_json *j);
void hk_json_str(struct hk_json *j, const char *key, const char *val);	/* NULL -> null */
void hk_json_strn(struct hk_json *j, const char *key, const char *val, size_t len);
void hk_json_int(struct hk_json *j, const char *key, int64_t val);
void hk_json_uint(struct hk_json *j, const char *key, uint64_t val);
void hk_json_bool(struct hk_json *j, const char *key, bool val);
void hk_json_null(struct hk_json *j, const char *key);
/* Ends the document with a newline. */
void hk_json_end(struct hk_json *j);

#endif
