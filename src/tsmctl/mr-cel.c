// SPDX-License-Identifier: GPL-2.0-or-later
/* The event log of tsmctl mr: TCG Canonical Event Log records in the JSON
 * encoding, one array. A parser of untrusted bytes (fuzz/fuzz-cel.c): it
 * keeps what replay needs (recnum, pcr, digests) and checks the rest. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk/codec.h"
#include "jsonget.h"
#include "mr.h"

enum { M_RECNUM = 1, M_PCR = 2, M_DIGESTS = 4, M_TYPE = 8, M_CONTENT = 16 };

static int fail(struct tsm_cel_log *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct tsm_cel_log *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(log->error, sizeof(log->error), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A member name and its colon; *key is malloc'd. */
static int member(struct tsm_jcur *c, char **key)
{
	int r = tsm_json_string(c, key);

	if (r)
		return r;
	if (!tsm_json_eat(c, ':')) {
		free(*key);
		*key = NULL;
		return -EINVAL;
	}
	return 0;
}

/* After a member: true at the closing '}', false after a ','; -EINVAL. */
static int next_member(struct tsm_jcur *c)
{
	if (tsm_json_eat(c, '}'))
		return 1;
	return tsm_json_eat(c, ',') ? 0 : -EINVAL;
}

static int digest_value(struct tsm_cel_log *log, struct tsm_jcur *c, struct tsm_cel_digest *d, const char *key)
{
	char *v = NULL;
	int r = tsm_json_string(c, &v);

	if (r == -ENOMEM)
		return r;
	if (r)
		return fail(log, "record %zu: %s is not a string", log->n, key);
	if (strcmp(key, "hashAlg") == 0) {
		if (!v[0] || strlen(v) >= sizeof(d->alg))
			r = fail(log, "record %zu: hashAlg '%.20s' is not a hash name", log->n, v);
		else
			strcpy(d->alg, v);
	} else if (hk_hex_decode(v, d->d, sizeof(d->d), &d->len) < 0 || d->len == 0) {
		r = fail(log, "record %zu: digest is not 1 to %zu bytes of hex", log->n, sizeof(d->d));
	}
	free(v);
	return r;
}

/* {"hashAlg": "sha384", "digest": "HEX"} */
static int digest(struct tsm_cel_log *log, struct tsm_jcur *c, struct tsm_cel_digest *d)
{
	unsigned int seen = 0, bit;
	char *key = NULL;
	int r;

	if (!tsm_json_eat(c, '{'))
		return fail(log, "record %zu: a digest is not an object", log->n);
	if (tsm_json_eat(c, '}'))
		return fail(log, "record %zu: a digest has no hashAlg and digest", log->n);
	do {
		if ((r = member(c, &key)))
			return r == -ENOMEM ? r : fail(log, "record %zu: bad JSON in a digest", log->n);
		bit = strcmp(key, "hashAlg") == 0 ? 1 : strcmp(key, "digest") == 0 ? 2 : 0;
		if (bit & seen)
			r = fail(log, "record %zu: a digest has two %s members", log->n, key);
		else if (bit)
			r = digest_value(log, c, d, key);
		else if (tsm_json_skip(c))
			r = fail(log, "record %zu: bad JSON in a digest", log->n);
		seen |= bit;
		free(key);
		key = NULL;
		if (r)
			return r;
	} while (!(r = next_member(c)));
	if (r < 0)
		return fail(log, "record %zu: bad JSON in a digest", log->n);
	if (seen != 3)
		return fail(log, "record %zu: a digest lacks %s", log->n, seen & 1 ? "digest" : "hashAlg");
	return 0;
}

static int digests(struct tsm_cel_log *log, struct tsm_jcur *c, struct tsm_cel_rec *rec)
{
	size_t i;
	int r;

	if (!tsm_json_eat(c, '['))
		return fail(log, "record %zu: digests is not an array", log->n);
	if (tsm_json_eat(c, ']'))
		return fail(log, "record %zu: digests is empty", log->n);
	do {
		if (rec->ndig == TSM_CEL_DIGESTS)
			return fail(log, "record %zu: more than %d digests", log->n, TSM_CEL_DIGESTS);
		if ((r = digest(log, c, &rec->dig[rec->ndig])))
			return r;
		for (i = 0; i < rec->ndig; i++)
			if (strcmp(rec->dig[i].alg, rec->dig[rec->ndig].alg) == 0)
				return fail(log, "record %zu: two %s digests", log->n, rec->dig[i].alg);
		rec->ndig++;
		if (tsm_json_eat(c, ']'))
			return 0;
	} while (tsm_json_eat(c, ','));
	return fail(log, "record %zu: bad JSON in digests", log->n);
}

static int field(struct tsm_cel_log *log, struct tsm_jcur *c, struct tsm_cel_rec *rec, unsigned int bit)
{
	uint64_t v;
	char *s = NULL;
	int r;

	switch (bit) {
	case M_RECNUM:
	case M_PCR:
		if (tsm_json_u64(c, &v) || (bit == M_PCR && v > UINT32_MAX))
			return fail(log, "record %zu: %s is not a number in range", log->n,
				    bit == M_PCR ? "pcr" : "recnum");
		if (bit == M_PCR)
			rec->index = (uint32_t)v;
		else
			rec->recnum = v;
		return 0;
	case M_DIGESTS:
		return digests(log, c, rec);
	case M_TYPE:
		r = tsm_json_string(c, &s);
		if (r == -ENOMEM)
			return r;
		if (r || !s[0])
			r = fail(log, "record %zu: content_type is not a name", log->n);
		free(s);
		return r;
	default:
		return tsm_json_skip(c) ? fail(log, "record %zu: bad JSON in content", log->n) : 0;
	}
}

static unsigned int member_bit(const char *key)
{
	static const char *const names[] = { "recnum", "pcr", "digests", "content_type", "content" };
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(key, names[i]) == 0)
			return 1u << i;
	return 0;
}

static int record(struct tsm_cel_log *log, struct tsm_jcur *c, struct tsm_cel_rec *rec)
{
	unsigned int seen = 0, bit;
	char *key = NULL;
	int r;

	memset(rec, 0, sizeof(*rec));
	if (!tsm_json_eat(c, '{'))
		return fail(log, "record %zu is not a JSON object", log->n);
	if (tsm_json_eat(c, '}'))
		return fail(log, "record %zu is empty", log->n);
	do {
		if ((r = member(c, &key)))
			return r == -ENOMEM ? r : fail(log, "record %zu: bad JSON", log->n);
		bit = member_bit(key);
		if (strcmp(key, "nv_index") == 0)
			r = fail(log, "record %zu: names an nv_index, which no measurement register has", log->n);
		else if (bit & seen)
			r = fail(log, "record %zu: two %s members", log->n, key);
		else if (bit)
			r = field(log, c, rec, bit);
		else if (tsm_json_skip(c))
			r = fail(log, "record %zu: bad JSON", log->n);
		seen |= bit;
		free(key);
		key = NULL;
		if (r)
			return r;
	} while (!(r = next_member(c)));
	if (r < 0)
		return fail(log, "record %zu: bad JSON", log->n);
	if ((seen & (M_RECNUM | M_PCR | M_DIGESTS | M_TYPE)) != (M_RECNUM | M_PCR | M_DIGESTS | M_TYPE))
		return fail(log, "record %zu lacks %s", log->n,
			    !(seen & M_RECNUM) ? "recnum" : !(seen & M_PCR) ? "pcr" :
			    !(seen & M_DIGESTS) ? "digests" : "content_type");
	if (rec->recnum != log->n)
		return fail(log, "record %zu has recnum %llu: records are missing or out of order", log->n,
			    (unsigned long long)rec->recnum);
	return 0;
}

int tsm_cel_parse(const char *doc, size_t len, struct tsm_cel_log *log)
{
	struct tsm_jcur c = { doc, doc + len };
	struct tsm_cel_rec *nr;
	int r;

	memset(log, 0, sizeof(*log));
	if (!tsm_json_eat(&c, '['))
		return fail(log, "not a JSON array of CEL records");
	if (!tsm_json_eat(&c, ']')) {
		do {
			if (log->n == log->cap) {
				log->cap = log->cap ? log->cap * 2 : 16;
				nr = realloc(log->rec, log->cap * sizeof(*nr));
				if (!nr)
					return -ENOMEM;
				log->rec = nr;
			}
			if ((r = record(log, &c, &log->rec[log->n])))
				return r;
			log->n++;
		} while (tsm_json_eat(&c, ','));
		if (!tsm_json_eat(&c, ']'))
			return fail(log, "bad JSON after record %zu", log->n - 1);
	}
	log->end = (size_t)(c.s - 1 - doc);
	if (tsm_json_eat(&c, '\0') || c.s != c.end)
		return fail(log, "data after the end of the array");
	return 0;
}

void tsm_cel_free(struct tsm_cel_log *log)
{
	free(log->rec);
	log->rec = NULL;
	log->n = log->cap = 0;
}

const struct tsm_cel_digest *tsm_cel_digest(const struct tsm_cel_rec *r, const char *alg)
{
	size_t i;

	for (i = 0; i < r->ndig; i++)
		if (strcmp(r->dig[i].alg, alg) == 0)
			return &r->dig[i];
	return NULL;
}
