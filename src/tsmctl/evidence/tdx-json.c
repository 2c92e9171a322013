// SPDX-License-Identifier: GPL-2.0-or-later
/* Walking already-validated JSON by byte spans (tdx-json.h). */
#include <string.h>

#include "tdx-json.h"

static const char *ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static const char *skip_string(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

const char *tj_skip(const char *p, const char *end)
{
	size_t depth = 0;

	p = ws(p, end);
	if (p < end && *p != '{' && *p != '[' && *p != '"') {
		/* a number, true, false or null: up to what follows it */
		while (p < end && *p && !strchr(",:]} \t\r\n", *p))
			p++;
		return p;
	}
	do {
		if (p >= end)
			return NULL;
		if (*p == '"') {
			p = skip_string(p, end);
			if (!p)
				return NULL;
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']')
			depth--;
		p++;
	} while (depth);
	return p;
}

/* Step over white space and one expected byte. */
static const char *expect(const char *p, const char *end, char c)
{
	p = ws(p, end);
	return p < end && *p == c ? p + 1 : NULL;
}

static bool value_at(const char *p, const char *end, struct tj *out)
{
	const char *e;

	p = ws(p, end);
	e = tj_skip(p, end);
	if (!e)
		return false;
	out->p = p;
	out->n = (size_t)(e - p);
	return true;
}

bool tj_member(struct tj o, const char *key, struct tj *out)
{
	const char *end = o.p + o.n, *p = expect(o.p, end, '{'), *k, *ke;
	size_t klen = strlen(key);

	while (p && (p = ws(p, end)) < end && *p == '"') {
		k = p + 1;
		ke = skip_string(p, end);	/* after the closing quote */
		p = ke ? expect(ke, end, ':') : NULL;
		if (!p || !value_at(p, end, out))
			return false;
		if ((size_t)(ke - 1 - k) == klen && !memcmp(k, key, klen))
			return true;
		p = expect(out->p + out->n, end, ',');
	}
	return false;
}

bool tj_index(struct tj a, size_t i, struct tj *out)
{
	const char *end = a.p + a.n, *p = expect(a.p, end, '[');

	while (p && (p = ws(p, end)) < end && *p != ']') {
		if (!value_at(p, end, out))
			return false;
		if (!i--)
			return true;
		p = expect(out->p + out->n, end, ',');
	}
	return false;
}

bool tj_str(struct tj v, char *buf, size_t size)
{
	if (v.n < 2 || v.p[0] != '"' || v.n - 2 >= size || memchr(v.p, '\\', v.n))
		return false;
	memcpy(buf, v.p + 1, v.n - 2);
	buf[v.n - 2] = 0;
	return true;
}

bool tj_uint(struct tj v, unsigned long max, unsigned long *out)
{
	unsigned long x = 0;
	size_t i;

	if (!v.n || v.n > 10)
		return false;
	for (i = 0; i < v.n; i++) {
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
		x = x * 10 + (unsigned long)(v.p[i] - '0');
	}
	*out = x;
	return x <= max;
}
