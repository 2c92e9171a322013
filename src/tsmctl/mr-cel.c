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

/* Member bits, in the order of record_keys and digest_keys. */
enum { M_RECNUM = 1, M_PCR = 2, M_DIGESTS = 4, M_TYPE = 8, M_CONTENT = 16 };
enum { D_ALG = 1, D_DIGEST = 2 };

static int fail(struct tsm_cel_log *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct tsm_cel_log *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(log->error, sizeof(log->error), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* One JSON object of a log: its members by name (keys[i] is bit 1u << i),
 * each handed to member() once; a member named twice, or named refuse, is
 * refused; any other member is skipped; every required bit must be seen.
 * The messages follow "record N". */
struct cel_object {
	const char *const *keys;
	unsigned int required;
	int (*member)(struct tsm_cel_log *log, struct tsm_jcur *c, void *obj, unsigned int bit, const char *key);
	const char *refuse, *refused;	/* a name, the message after it */
	const char *not_object, *empty, *bad_json, *twice, *lacks;
};

static unsigned int key_bit(const struct cel_object *o, const char *key)
{
	unsigned int i;

	for (i = 0; o->keys[i]; i++)
		if (strcmp(key, o->keys[i]) == 0)
			return 1u << i;
	return 0;
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

/* Walk the object at c with o: 0, -EINVAL (log->error says why), -ENOMEM. */
static int walk(struct tsm_cel_log *log, struct tsm_jcur *c, const struct cel_object *o, void *obj)
{
	unsigned int seen = 0, bit, i;
	char *key = NULL;
	int r;

	if (!tsm_json_eat(c, '{'))
		return fail(log, "record %zu%s", log->n, o->not_object);
	if (tsm_json_eat(c, '}'))
		return fail(log, "record %zu%s", log->n, o->empty);
	do {
		if ((r = member(c, &key)))
			return r == -ENOMEM ? r : fail(log, "record %zu%s", log->n, o->bad_json);
		bit = key_bit(o, key);
		if (o->refuse && strcmp(key, o->refuse) == 0)
			r = fail(log, "record %zu%s", log->n, o->refused);
		else if (bit & seen)
			r = fail(log, "record %zu%s%s members", log->n, o->twice, key);
		else if (bit)
			r = o->member(log, c, obj, bit, key);
		else if (tsm_json_skip(c))
			r = fail(log, "record %zu%s", log->n, o->bad_json);
		seen |= bit;
		free(key);
		key = NULL;
		if (r)
			return r;
	} while (!(r = next_member(c)));
	if (r < 0)
		return fail(log, "record %zu%s", log->n, o->bad_json);
	for (i = 0; o->keys[i]; i++)
		if ((o->required & ~seen) & (1u << i))
			return fail(log, "record %zu%s%s", log->n, o->lacks, o->keys[i]);
	return 0;
}

/* A member of {"hashAlg": "sha384", "digest": "HEX"}. */
static int digest_member(struct tsm_cel_log *log, struct tsm_jcur *c, void *obj, unsigned int bit, const char *key)
{
	struct tsm_cel_digest *d = obj;
	char *v = NULL;
	int r = tsm_json_string(c, &v);

	if (r == -ENOMEM)
		return r;
	if (r)
		return fail(log, "record %zu: %s is not a string", log->n, key);
	if (bit == D_ALG) {
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

static const char *const digest_keys[] = { "hashAlg", "digest", NULL };
static const struct cel_object digest_object = {
	.keys = digest_keys,
	.required = D_ALG | D_DIGEST,
	.member = digest_member,
	.not_object = ": a digest is not an object",
	.empty = ": a digest has no hashAlg and digest",
	.bad_json = ": bad JSON in a digest",
	.twice = ": a digest has two ",
	.lacks = ": a digest lacks ",
};

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
		if ((r = walk(log, c, &digest_object, &rec->dig[rec->ndig])))
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

/* A member of a record. */
static int record_member(struct tsm_cel_log *log, struct tsm_jcur *c, void *obj, unsigned int bit, const char *key)
{
	struct tsm_cel_rec *rec = obj;
	uint64_t v;
	char *s = NULL;
	int r;

	(void)key;	/* each member of a record has a bit of its own */
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

static const char *const record_keys[] = { "recnum", "pcr", "digests", "content_type", "content", NULL };
static const struct cel_object record_object = {
	.keys = record_keys,
	.required = M_RECNUM | M_PCR | M_DIGESTS | M_TYPE,
	.member = record_member,
	.refuse = "nv_index",
	.refused = ": names an nv_index, which no measurement register has",
	.not_object = " is not a JSON object",
	.empty = " is empty",
	.bad_json = ": bad JSON",
	.twice = ": two ",
	.lacks = " lacks ",
};

static int record(struct tsm_cel_log *log, struct tsm_jcur *c, struct tsm_cel_rec *rec)
{
	int r;

	memset(rec, 0, sizeof(*rec));
	if ((r = walk(log, c, &record_object, rec)))
		return r;
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
