// SPDX-License-Identifier: GPL-2.0-or-later
/* A strict, small JSON reader (RFC 8259) for tsmctl's own report files. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hk/codec.h"
#include "hk/tty.h"
#include "jsonget.h"

#define MAX_DEPTH 32

struct p {
	const char *s, *end;
};

static void ws(struct p *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

/* A code point below 0x10000 as UTF-8 at o (1 to 3 bytes, never more than
 * the 6 of its escape); the byte after it. */
static char *utf8_put(char *o, unsigned int u)
{
	if (u < 0x80) {
		*o++ = (char)u;
		return o;
	}
	if (u < 0x800) {
		*o++ = (char)(0xc0 | u >> 6);
	} else {
		*o++ = (char)(0xe0 | u >> 12);
		*o++ = (char)(0x80 | (u >> 6 & 0x3f));
	}
	*o++ = (char)(0x80 | (u & 0x3f));
	return o;
}

/* The escape after a backslash at p->s: its code point into *u, p->s on
 * its last byte. */
static int escape(struct p *p, unsigned int *u)
{
	int i, h;

	if (++p->s >= p->end)
		return -EINVAL;
	switch (*p->s) {
	case '"': *u = '"'; break;
	case '\\': *u = '\\'; break;
	case '/': *u = '/'; break;
	case 'b': *u = '\b'; break;
	case 'f': *u = '\f'; break;
	case 'n': *u = '\n'; break;
	case 'r': *u = '\r'; break;
	case 't': *u = '\t'; break;
	case 'u':
		if (p->end - p->s < 5)
			return -EINVAL;
		for (*u = 0, i = 1; i <= 4; i++) {
			if ((h = hk_hex_digit(p->s[i])) < 0)
				return -EINVAL;
			*u = *u << 4 | (unsigned int)h;
		}
		p->s += 4;
		/* lib/json.c writes controls, C1 ones included, as \u00XX.
		 * NUL cannot be in a C string, and a surrogate is half of
		 * a character the writer never escapes: refuse both. */
		if (*u == 0 || (*u >= 0xd800 && *u <= 0xdfff))
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

/* A string at p->s; decoded into *out (malloc'd) if out is not NULL. */
static int string(struct p *p, char **out)
{
	const char *start = p->s + 1;
	char *buf = NULL, *o = NULL;
	unsigned int u;
	uint32_t cp;

	if (p->s >= p->end || *p->s != '"')
		return -EINVAL;
	if (out) {
		/* Decoding never makes a string longer. */
		buf = o = malloc((size_t)(p->end - start) + 1);
		if (!buf)
			return -ENOMEM;
	}
	for (p->s = start; p->s < p->end && *p->s != '"'; p->s++) {
		unsigned char c = (unsigned char)*p->s;

		if (c < 0x20)
			goto bad;
		if (c >= 0x80) {
			/* RFC 8259 text is UTF-8: refuse a malformed sequence. */
			size_t n = hk_utf8_char(p->s, (size_t)(p->end - p->s), &cp);

			if (!n)
				goto bad;
			if (o) {
				memcpy(o, p->s, n);
				o += n;
			}
			p->s += n - 1;
			continue;
		}
		if (c != '\\') {
			if (o)
				*o++ = (char)c;
			continue;
		}
		if (escape(p, &u) < 0)
			goto bad;
		if (o)
			o = utf8_put(o, u);
	}
	if (p->s >= p->end)
		goto bad;
	p->s++;
	if (out) {
		*o = 0;
		*out = buf;
	}
	return 0;
bad:
	free(buf);
	return -EINVAL;
}

static int value(struct p *p, int depth);

static int container(struct p *p, int depth, char close, bool members)
{
	int r;

	if (depth > MAX_DEPTH)
		return -EINVAL;
	p->s++;
	ws(p);
	if (p->s < p->end && *p->s == close) {
		p->s++;
		return 0;
	}
	for (;;) {
		if (members) {
			if ((r = string(p, NULL)))
				return r;
			ws(p);
			if (p->s >= p->end || *p->s++ != ':')
				return -EINVAL;
			ws(p);
		}
		if ((r = value(p, depth + 1)))
			return r;
		ws(p);
		if (p->s >= p->end)
			return -EINVAL;
		if (*p->s == close) {
			p->s++;
			return 0;
		}
		if (*p->s++ != ',')
			return -EINVAL;
		ws(p);
	}
}

static int literal(struct p *p, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(p->end - p->s) < n || memcmp(p->s, word, n) != 0)
		return -EINVAL;
	p->s += n;
	return 0;
}

/* One or more digits; any at all if !need. */
static int digits(struct p *p, bool need)
{
	const char *start = p->s;

	while (p->s < p->end && *p->s >= '0' && *p->s <= '9')
		p->s++;
	return need && p->s == start ? -EINVAL : 0;
}

/* RFC 8259: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static int number(struct p *p)
{
	if (p->s < p->end && *p->s == '-')
		p->s++;
	if (p->s < p->end && *p->s == '0')
		p->s++;
	else if (digits(p, true))
		return -EINVAL;
	if (p->s < p->end && *p->s == '.') {
		p->s++;
		if (digits(p, true))
			return -EINVAL;
	}
	if (p->s < p->end && (*p->s == 'e' || *p->s == 'E')) {
		p->s++;
		if (p->s < p->end && (*p->s == '+' || *p->s == '-'))
			p->s++;
		if (digits(p, true))
			return -EINVAL;
	}
	return 0;
}

static int value(struct p *p, int depth)
{
	if (p->s >= p->end)
		return -EINVAL;
	switch (*p->s) {
	case '{':
		return container(p, depth, '}', true);
	case '[':
		return container(p, depth, ']', false);
	case '"':
		return string(p, NULL);
	case 't':
		return literal(p, "true");
	case 'f':
		return literal(p, "false");
	case 'n':
		return literal(p, "null");
	default:
		return number(p);
	}
}

int tsm_json_get_string(const char *doc, size_t len, const char *key, char **out)
{
	struct p p = { doc, doc + len };
	char *k = NULL, *v = NULL;
	int r;

	*out = NULL;
	ws(&p);
	if (p.s >= p.end || *p.s != '{')
		return -EINVAL;
	p.s++;
	ws(&p);
	if (p.s < p.end && *p.s == '}') {
		p.s++;
		goto end;
	}
	for (;;) {
		if ((r = string(&p, &k)))
			goto fail;
		ws(&p);
		if (p.s >= p.end || *p.s++ != ':') {
			r = -EINVAL;
			goto fail;
		}
		ws(&p);
		if (strcmp(k, key) == 0) {
			if (*out) {	/* a second one: which would a verifier believe? */
				r = -EINVAL;
				goto fail;
			}
			if ((r = string(&p, &v)))
				goto fail;
			*out = v;
			v = NULL;
		} else if ((r = value(&p, 1))) {
			goto fail;
		}
		free(k);
		k = NULL;
		ws(&p);
		if (p.s < p.end && *p.s == '}') {
			p.s++;
			break;
		}
		if (p.s >= p.end || *p.s++ != ',') {
			r = -EINVAL;
			goto fail;
		}
		ws(&p);
	}
end:
	ws(&p);
	if (p.s == p.end)
		return 0;
	r = -EINVAL;
fail:
	free(k);
	free(*out);
	*out = NULL;
	return r;
}

bool tsm_json_eat(struct tsm_jcur *c, char ch)
{
	struct p p = { c->s, c->end };

	ws(&p);
	c->s = p.s;
	if (p.s >= p.end || *p.s != ch)
		return false;
	c->s++;
	return true;
}

int tsm_json_string(struct tsm_jcur *c, char **out)
{
	struct p p = { c->s, c->end };
	int r;

	ws(&p);
	r = string(&p, out);
	c->s = p.s;
	return r;
}

int tsm_json_skip(struct tsm_jcur *c)
{
	struct p p = { c->s, c->end };
	int r;

	ws(&p);
	r = value(&p, 1);
	c->s = p.s;
	return r;
}

int tsm_json_u64(struct tsm_jcur *c, uint64_t *v)
{
	struct p p = { c->s, c->end };
	const char *start;
	uint64_t n = 0;

	ws(&p);
	start = p.s;
	if (number(&p) < 0)
		return -EINVAL;
	c->s = p.s;
	if (*start == '-' || (*start == '0' && p.s - start > 1))
		return -EINVAL;
	for (; start < p.s; start++) {
		if (*start < '0' || *start > '9')
			return -EINVAL;
		if (n > (UINT64_MAX - (uint64_t)(*start - '0')) / 10)
			return -ERANGE;
		n = n * 10 + (uint64_t)(*start - '0');
	}
	*v = n;
	return 0;
}
