// SPDX-License-Identifier: GPL-2.0-or-later
/* Streaming JSON writer: status objects and one-object-per-line events. */
#include <inttypes.h>
#include <string.h>

#include "hk/json.h"
#include "hk/tty.h"

void hk_json_init(struct hk_json *j, FILE *out, bool pretty)
{
	j->out = out;
	j->pretty = pretty;
	j->depth = 0;
	j->first = true;
}

/* Valid JSON in valid UTF-8 whatever the bytes: control characters
 * (U+0000-U+001F, U+007F-U+009F) as \u00XX, and each byte that is not part
 * of well-formed UTF-8 as U+FFFD (JSON cannot carry raw bytes). */
static void put_escaped(FILE *out, const char *s, size_t len)
{
	size_t i, n;
	uint32_t cp;

	fputc('"', out);
	for (i = 0; i < len; i += n) {
		n = hk_utf8_char(s + i, len - i, &cp);
		if (!n) {
			fputs("\\ufffd", out);
			n = 1;
		} else if (cp == '"' || cp == '\\') {
			fputc('\\', out);
			fputc((int)cp, out);
		} else if (cp == '\n') {
			fputs("\\n", out);
		} else if (cp == '\t') {
			fputs("\\t", out);
		} else if (cp == '\r') {
			fputs("\\r", out);
		} else if (hk_is_control(cp)) {
			fprintf(out, "\\u%04x", (unsigned int)cp);
		} else {
			fwrite(s + i, 1, n, out);
		}
	}
	fputc('"', out);
}

static void member(struct hk_json *j, const char *key)
{
	if (!j->first)
		fputc(',', j->out);
	if (j->pretty && j->depth > 0)
		fprintf(j->out, "\n%*s", j->depth * 3, "");
	else if (!j->first)
		fputc(' ', j->out);
	j->first = false;
	if (key) {
		put_escaped(j->out, key, strlen(key));
		fputs(": ", j->out);
	}
}

static void open_any(struct hk_json *j, const char *key, char c)
{
	member(j, key);
	fputc(c, j->out);
	j->depth++;
	j->first = true;
}

static void close_any(struct hk_json *j, char c)
{
	j->depth--;
	if (j->pretty && !j->first)
		fprintf(j->out, "\n%*s", j->depth * 3, "");
	fputc(c, j->out);
	j->first = false;
}

void hk_json_open(struct hk_json *j, const char *key)
{
	open_any(j, key, '{');
}

void hk_json_close(struct hk_json *j)
{
	close_any(j, '}');
}

void hk_json_open_array(struct hk_json *j, const char *key)
{
	open_any(j, key, '[');
}

void hk_json_close_array(struct hk_json *j)
{
	close_any(j, ']');
}

void hk_json_strn(struct hk_json *j, const char *key, const char *val, size_t len)
{
	member(j, key);
	put_escaped(j->out, val, len);
}

void hk_json_str(struct hk_json *j, const char *key, const char *val)
{
	if (!val) {
		hk_json_null(j, key);
		return;
	}
	hk_json_strn(j, key, val, strlen(val));
}

void hk_json_int(struct hk_json *j, const char *key, int64_t val)
{
	member(j, key);
	fprintf(j->out, "%" PRId64, val);
}

void hk_json_uint(struct hk_json *j, const char *key, uint64_t val)
{
	member(j, key);
	fprintf(j->out, "%" PRIu64, val);
}

void hk_json_bool(struct hk_json *j, const char *key, bool val)
{
	member(j, key);
	fputs(val ? "true" : "false", j->out);
}

void hk_json_null(struct hk_json *j, const char *key)
{
	member(j, key);
	fputs("null", j->out);
}

void hk_json_end(struct hk_json *j)
{
	fputc('\n', j->out);
	fflush(j->out);
	j->first = true;
}
