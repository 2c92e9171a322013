// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: tsmctl's JSON reader (src/tsmctl/jsonget.c), differentially.
 * The input is a document; the reader's verdict (valid or not) must equal
 * that of a reference RFC 8259 validator written differently (iterative,
 * an explicit stack, a number state machine), with the reader's own two
 * extra rules applied (no \u0000, no surrogate escape; the top level an object;
 * a duplicated member "k" is refused). When a string member "k" is found,
 * it is written back with lib/json.c's writer and must read back equal. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk/json.h"
#include "hk/tty.h"
#include "jsonget.h"

#define REF_DEPTH 33	/* the reader nests 32 containers below the top object */

static bool hexd(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* One string at *i; no \u0000 and no surrogate escapes, as for the reader. */
static bool ref_string(const char *s, size_t n, size_t *i)
{
	if (*i >= n || s[*i] != '"')
		return false;
	for (++*i; *i < n; ++*i) {
		unsigned char c = (unsigned char)s[*i];
		unsigned long u;

		if (c == '"') {
			++*i;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c >= 0x80) {
			uint32_t cp;
			size_t k = hk_utf8_char(s + *i, n - *i, &cp);

			if (!k)
				return false;
			*i += k - 1;
			continue;
		}
		if (c != '\\')
			continue;
		if (++*i >= n)
			return false;
		if (strchr("\"\\/bfnrt", s[*i]) && s[*i])
			continue;
		if (s[*i] != 'u' || n - *i < 5 || !hexd(s[*i + 1]) || !hexd(s[*i + 2]) ||
		    !hexd(s[*i + 3]) || !hexd(s[*i + 4]))
			return false;
		u = strtoul((char[]){ s[*i + 1], s[*i + 2], s[*i + 3], s[*i + 4], 0 }, NULL, 16);
		if (u == 0 || (u >= 0xd800 && u <= 0xdfff))
			return false;
		*i += 4;
	}
	return false;
}

/* RFC 8259 number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static bool ref_number(const char *s, size_t n, size_t *i)
{
	enum { SIGN, INT0, INT, FRAC0, FRAC, EXP0, EXPS, EXP, DONE } st = SIGN;

	while (st != DONE) {
		char c = *i < n ? s[*i] : 0;
		bool dig = c >= '0' && c <= '9';

		switch (st) {
		case SIGN:
			if (c == '-') { ++*i; st = INT0; break; }
			st = INT0;
			break;
		case INT0:
			if (!dig) return false;
			++*i;
			st = c == '0' ? FRAC0 : INT;
			break;
		case INT:
			if (dig) { ++*i; break; }
			st = FRAC0;
			break;
		case FRAC0:
			if (c == '.') {
				++*i;
				if (*i >= n || s[*i] < '0' || s[*i] > '9') return false;
				st = FRAC;
			} else {
				st = EXP0;
			}
			break;
		case FRAC:
			if (dig) { ++*i; break; }
			st = EXP0;
			break;
		case EXP0:
			if (c != 'e' && c != 'E') { st = DONE; break; }
			++*i;
			st = EXPS;
			break;
		case EXPS:
			if (c == '+' || c == '-') ++*i;
			if (*i >= n || s[*i] < '0' || s[*i] > '9') return false;
			st = EXP;
			break;
		case EXP:
			if (dig) { ++*i; break; }
			st = DONE;
			break;
		case DONE:
			break;
		}
	}
	return true;
}

static void ref_ws(const char *s, size_t n, size_t *i)
{
	while (*i < n && strchr(" \t\n\r", s[*i]) && s[*i])
		++*i;
}

/* Whole document: an object, nothing but blanks after it. */
static bool ref_valid(const char *s, size_t n)
{
	char stack[REF_DEPTH + 1];
	int top = -1;
	size_t i = 0;

	ref_ws(s, n, &i);
	if (i >= n || s[i] != '{')
		return false;
	for (;;) {
		/* Expect a value (or, right after an opener, the closer). */
		ref_ws(s, n, &i);
		if (i >= n)
			return false;
		if (s[i] == '{' || s[i] == '[') {
			if (top + 1 > REF_DEPTH)
				return false;
			stack[++top] = s[i] == '{' ? '}' : ']';
			i++;
			ref_ws(s, n, &i);
			if (i < n && s[i] == stack[top]) {
				i++;
				top--;
				goto after;
			}
			if (stack[top] == ']')
				continue;
			goto key;
		}
		if (s[i] == '"') {
			if (!ref_string(s, n, &i))
				return false;
		} else if (s[i] == 't' || s[i] == 'f' || s[i] == 'n') {
			const char *w = s[i] == 't' ? "true" : s[i] == 'f' ? "false" : "null";

			if (n - i < strlen(w) || memcmp(s + i, w, strlen(w)))
				return false;
			i += strlen(w);
		} else if (!ref_number(s, n, &i)) {
			return false;
		}
after:
		for (;;) {
			if (top < 0) {
				ref_ws(s, n, &i);
				return i == n;
			}
			ref_ws(s, n, &i);
			if (i >= n)
				return false;
			if (s[i] == stack[top]) {
				i++;
				top--;
				continue;
			}
			if (s[i++] != ',')
				return false;
			break;
		}
		if (stack[top] == ']')
			continue;
key:
		ref_ws(s, n, &i);
		if (!ref_string(s, n, &i))
			return false;
		ref_ws(s, n, &i);
		if (i >= n || s[i++] != ':')
			return false;
	}
}

static void round_trip(const char *v)
{
	struct hk_json j;
	char *doc = NULL, *back = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&doc, &len);

	if (!f)
		abort();
	hk_json_init(&j, f, false);
	hk_json_open(&j, NULL);
	hk_json_str(&j, "k", v);
	hk_json_close(&j);
	hk_json_end(&j);
	fclose(f);
	if (tsm_json_get_string(doc, len, "k", &back) != 0 || !back || strcmp(back, v) != 0) {
		fprintf(stderr, "round trip of %s failed\n", doc);
		abort();
	}
	free(back);
	free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy: ASan sees any read past the end. */
	char *doc = malloc(size ? size : 1);
	char *out = NULL;
	bool ref;
	int r;

	if (!doc)
		return 0;
	memcpy(doc, data, size);
	r = tsm_json_get_string(doc, size, "k", &out);
	if (r != 0 && r != -EINVAL)
		abort();
	if (r != 0 && out)
		abort();
	ref = ref_valid(doc, size);
	/* The reader also refuses a non-string or duplicated "k": only then
	 * may it say invalid where the reference says valid. */
	if (r == 0 && !ref) {
		fprintf(stderr, "reader accepted what the reference refuses\n");
		abort();
	}
	if (r != 0 && ref) {
		/* Valid JSON: must be a "k" that is not a string, or a second "k". */
		char *o2 = NULL;
		int r2 = tsm_json_get_string(doc, size, "\x01no such key", &o2);

		if (r2 != 0) {
			fprintf(stderr, "reader refused valid JSON (%d)\n", r2);
			abort();
		}
		free(o2);
	}
	if (out) {
		if (strlen(out) >= size || memchr(out, 0, strlen(out)))
			abort();
		round_trip(out);
	}
	free(out);
	free(doc);
	return 0;
}
