// SPDX-License-Identifier: GPL-2.0-or-later
/* Taking an Arm CCA attestation token apart (ccatoken.h), with libcbor. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cbor.h>

#include "ccatoken.h"

/* No CCA structure nests deeper than this in any one CBOR document. */
#define SCAN_DEPTH_MAX 16

struct scan {
	int kind;	/* 0 a leaf, 1 a container of n items, -1 indefinite */
	uint64_t n;
};

static void scan_array(void *ctx, size_t n)
{
	((struct scan *)ctx)->kind = 1;
	((struct scan *)ctx)->n = n;
}

static void scan_map(void *ctx, size_t n)
{
	((struct scan *)ctx)->kind = 1;
	/* Two items a pair; a size past half the address space is refused anyway. */
	((struct scan *)ctx)->n = n > SIZE_MAX / 2 ? SIZE_MAX : 2 * (uint64_t)n;
}

static void scan_tag(void *ctx, uint64_t v)
{
	(void)v;
	((struct scan *)ctx)->kind = 1;
	((struct scan *)ctx)->n = 1;
}

static void scan_indef(void *ctx)
{
	((struct scan *)ctx)->kind = -1;
}

/* Before cbor_load() sees untrusted bytes: exactly one definite-length item,
 * no collection claiming more items than there are bytes left (libcbor would
 * allocate for the claim first), nesting at most SCAN_DEPTH_MAX deep. */
static int prescan(const uint8_t *b, size_t len, const char **why)
{
	struct cbor_callbacks cb = cbor_empty_callbacks;
	uint64_t left[SCAN_DEPTH_MAX];
	size_t off = 0, depth = 0;

	cb.array_start = scan_array;
	cb.map_start = scan_map;
	cb.tag = scan_tag;
	cb.indef_array_start = cb.indef_map_start = scan_indef;
	cb.byte_string_start = cb.string_start = scan_indef;
	do {
		struct scan s = { 0, 0 };
		struct cbor_decoder_result d;

		if (off >= len) {
			*why = "truncated CBOR";
			return -EINVAL;
		}
		d = cbor_stream_decode(b + off, len - off, &cb, &s);
		if (d.status != CBOR_DECODER_FINISHED) {
			*why = d.status == CBOR_DECODER_NEDATA ? "truncated CBOR" : "malformed CBOR";
			return -EINVAL;
		}
		off += d.read;
		if (s.kind < 0) {
			*why = "indefinite-length CBOR, which CCA tokens do not use";
			return -EINVAL;
		}
		if (depth > 0)
			left[depth - 1]--;
		if (s.kind == 1 && s.n > 0) {
			if (s.n > len - off) {
				*why = "a CBOR array or map claims more items than there are bytes";
				return -EINVAL;
			}
			if (depth == SCAN_DEPTH_MAX) {
				*why = "CBOR nested too deep";
				return -EINVAL;
			}
			left[depth++] = s.n;
		}
		while (depth > 0 && left[depth - 1] == 0)
			depth--;
	} while (depth > 0);
	if (off != len) {
		*why = "trailing bytes after the CBOR item";
		return -EINVAL;
	}
	return 0;
}

static int failf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int failf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Load one CBOR document into t's trees (freed with the token). */
static cbor_item_t *load_one(const uint8_t *b, size_t len, const char *what, char *err, size_t errlen, int *rc)
{
	struct cbor_load_result res;
	const char *why = NULL;
	cbor_item_t *it;

	if ((*rc = prescan(b, len, &why)) < 0) {
		failf(err, errlen, "%s: %s", what, why);
		return NULL;
	}
	it = cbor_load(b, len, &res);
	if (!it && res.error.code == CBOR_ERR_MEMERROR) {
		snprintf(err, errlen, "%s: out of memory", what);
		*rc = -ENOMEM;
		return NULL;
	}
	if (!it) {
		*rc = failf(err, errlen, "%s: malformed CBOR at byte %zu", what, res.error.position);
		return NULL;
	}
	return it;
}

static cbor_item_t *load(struct cca_token *t, const uint8_t *b, size_t len, const char *what,
			 char *err, size_t errlen, int *rc)
{
	cbor_item_t *it;

	if (t->ntrees == sizeof(t->trees) / sizeof(t->trees[0])) {
		*rc = failf(err, errlen, "%s: too many CBOR documents", what);
		return NULL;
	}
	if ((it = load_one(b, len, what, err, errlen, rc)))
		t->trees[t->ntrees++] = it;
	return it;
}

static bool item_int(const cbor_item_t *it, int64_t *v)
{
	uint64_t n;

	if (!cbor_isa_uint(it) && !cbor_isa_negint(it))
		return false;
	n = cbor_get_int(it);
	if (n > INT64_MAX)
		return false;
	*v = cbor_isa_uint(it) ? (int64_t)n : -1 - (int64_t)n;
	return true;
}

static bool item_bytes(const cbor_item_t *it, struct cca_bytes *out)
{
	if (!cbor_isa_bytestring(it) || !cbor_bytestring_is_definite(it))
		return false;
	out->p = cbor_bytestring_handle(it);
	out->len = cbor_bytestring_length(it);
	if (!out->p)		/* libcbor keeps no buffer for an empty string */
		out->p = (const uint8_t *)"";
	return true;
}

static bool item_text(const cbor_item_t *it, char *out, size_t size)
{
	size_t n;

	if (!cbor_isa_string(it) || !cbor_string_is_definite(it))
		return false;
	n = cbor_string_length(it);
	if (n >= size || (n && memchr(cbor_string_handle(it), 0, n)))
		return false;
	if (n)
		memcpy(out, cbor_string_handle(it), n);
	out[n] = 0;
	return true;
}

/* The untagged item, if it carries tag `tag` (or no tag and !need). */
static const cbor_item_t *untag(const cbor_item_t *it, uint64_t tag, bool need)
{
	if (!cbor_isa_tag(it))
		return need ? NULL : it;
	if (cbor_tag_value(it) != tag)
		return NULL;
	return it->metadata.tag_metadata.tagged_item;
}

/* A COSE_Sign1 (tagged 18 or not) in the byte string `b`. */
static int parse_sign1(struct cca_token *t, const struct cca_bytes *b, struct cca_sign1 *s, const char *what,
		       char *err, size_t errlen)
{
	struct cca_bytes untagged = *b;
	const cbor_item_t *it, *hdr;
	cbor_item_t **a;
	struct cbor_pair *m;
	size_t i;
	int rc;

	/* libcbor 0.8 (Debian 12) refuses the one-byte heads of tags 6 to 20,
	 * COSE_Sign1's tag 18 (0xd2) among them: take that head off here. */
	if (b->len > 0 && b->p[0] == 0xd2)
		untagged = (struct cca_bytes){ b->p + 1, b->len - 1 };
	if (!(it = load(t, untagged.p, untagged.len, what, err, errlen, &rc)))
		return rc;
	it = untag(it, 18, false);
	if (!it || !cbor_isa_array(it) || cbor_array_size(it) != 4)
		return failf(err, errlen, "%s: not a COSE_Sign1 (an array of 4, tag 18)", what);
	a = cbor_array_handle(it);
	if (!item_bytes(a[0], &s->protected_hdr) || !cbor_isa_map(a[1]) || !item_bytes(a[2], &s->payload) ||
	    !item_bytes(a[3], &s->signature))
		return failf(err, errlen, "%s: COSE_Sign1 members are not [bstr, map, bstr, bstr]", what);
	if (s->protected_hdr.len == 0)
		return 0;	/* no alg: cca.c reports it */
	if (!(hdr = load(t, s->protected_hdr.p, s->protected_hdr.len, what, err, errlen, &rc)))
		return rc;
	if (!cbor_isa_map(hdr))
		return failf(err, errlen, "%s: the protected header is not a CBOR map", what);
	m = cbor_map_handle(hdr);
	for (i = 0; i < cbor_map_size(hdr); i++) {
		int64_t k;

		if (item_int(m[i].key, &k) && k == 1)
			s->have_alg = item_int(m[i].value, &s->alg);
	}
	return 0;
}

struct claim {
	int64_t key;
	struct cca_bytes *bytes;	/* a bstr claim, or */
	char *text;			/* a tstr claim of at most size - 1 bytes */
	size_t size;
};

static int parse_claims(struct cca_token *t, const struct cca_bytes *payload, const struct claim *want, size_t nwant,
			const char *what, char *err, size_t errlen)
{
	const cbor_item_t *it;
	struct cbor_pair *m;
	uint32_t seen = 0;
	size_t i, j;
	int rc;

	if (!(it = load(t, payload->p, payload->len, what, err, errlen, &rc)))
		return rc;
	if (!cbor_isa_map(it))
		return failf(err, errlen, "%s: the payload is not a CBOR map of claims", what);
	m = cbor_map_handle(it);
	for (i = 0; i < cbor_map_size(it); i++) {
		int64_t k;

		if (!item_int(m[i].key, &k))
			continue;
		for (j = 0; j < nwant; j++) {
			if (want[j].key != k)
				continue;
			/* One value per claim: no second challenge to choose from. */
			if (seen & (1u << j))
				return failf(err, errlen, "%s: claim %lld appears twice", what, (long long)k);
			seen |= 1u << j;
			if (want[j].bytes ? !item_bytes(m[i].value, want[j].bytes) :
			    !item_text(m[i].value, want[j].text, want[j].size))
				return failf(err, errlen, "%s: claim %lld is not a %s", what, (long long)k,
					     want[j].bytes ? "byte string" : "short text string");
		}
	}
	return 0;
}

static int parse_collection(struct cca_token *t, const uint8_t *blob, size_t len, struct cca_bytes *plat,
			    struct cca_bytes *realm, char *err, size_t errlen)
{
	const cbor_item_t *it;
	struct cbor_pair *m;
	size_t i;
	int rc;

	if (!(it = load(t, blob, len, "token collection", err, errlen, &rc)))
		return rc;
	it = untag(it, CCA_TAG_COLLECTION, true);
	if (!it || !cbor_isa_map(it))
		return failf(err, errlen, "not a CCA token: expected a map with CBOR tag %d", CCA_TAG_COLLECTION);
	m = cbor_map_handle(it);
	for (i = 0; i < cbor_map_size(it); i++) {
		struct cca_bytes *dst = NULL;
		int64_t k = 0;

		if (item_int(m[i].key, &k))
			dst = k == CCA_KEY_PLATFORM ? plat : k == CCA_KEY_REALM ? realm : NULL;
		if (!dst)
			continue;	/* a later collection member CCA may add */
		if (dst->p)
			return failf(err, errlen, "token collection: member %lld appears twice", (long long)k);
		if (!item_bytes(m[i].value, dst))
			return failf(err, errlen, "token collection: member %lld is not a byte string", (long long)k);
	}
	if (!plat->p || !realm->p)
		return failf(err, errlen, "token collection: no %s token (member %d)", plat->p ? "realm" : "platform",
			     plat->p ? CCA_KEY_REALM : CCA_KEY_PLATFORM);
	return 0;
}

int cca_parse(const uint8_t *blob, size_t len, struct cca_token *t, char *err, size_t errlen)
{
	struct cca_bytes plat = { 0 }, realm = { 0 };
	const struct claim rc[] = {
		{ 10, &t->realm_challenge, NULL, 0 },
		{ 44235, &t->rpv, NULL, 0 },
		{ 44236, NULL, t->realm_hash_alg, sizeof(t->realm_hash_alg) },
		{ 44237, &t->rak, NULL, 0 },
		{ 44238, &t->rim, NULL, 0 },
		{ 44240, NULL, t->rak_hash_alg, sizeof(t->rak_hash_alg) },
	};
	const struct claim pc[] = {
		{ 10, &t->platform_challenge, NULL, 0 },
		{ 265, NULL, t->platform_profile, sizeof(t->platform_profile) },
		{ 2396, &t->impl_id, NULL, 0 },
	};
	int r;

	memset(t, 0, sizeof(*t));
	snprintf(err, errlen, "%s", "");
	r = parse_collection(t, blob, len, &plat, &realm, err, errlen);
	if (!r)
		r = parse_sign1(t, &plat, &t->platform, "platform token", err, errlen);
	if (!r)
		r = parse_sign1(t, &realm, &t->realm, "realm token", err, errlen);
	if (!r)
		r = parse_claims(t, &t->platform.payload, pc, sizeof(pc) / sizeof(pc[0]), "platform token", err, errlen);
	if (!r)
		r = parse_claims(t, &t->realm.payload, rc, sizeof(rc) / sizeof(rc[0]), "realm token", err, errlen);
	if (r)
		cca_token_free(t);
	return r;
}

void cca_token_free(struct cca_token *t)
{
	size_t i;

	for (i = 0; i < t->ntrees; i++) {
		cbor_item_t *it = t->trees[i];

		cbor_decref(&it);
	}
	memset(t, 0, sizeof(*t));
}

static size_t coord_len(int crv)
{
	return crv == 1 ? 32 : crv == 2 ? 48 : crv == 3 ? 66 : 0;
}

static int cose_key(const cbor_item_t *it, struct cca_ec_key *k, char *err, size_t errlen)
{
	struct cca_bytes x = { 0 }, y = { 0 };
	int64_t kty = 0, crv = 0;
	struct cbor_pair *m;
	size_t i, n;

	if (!cbor_isa_map(it))
		return failf(err, errlen, "realm public key: neither a COSE_Key nor an uncompressed EC point");
	m = cbor_map_handle(it);
	for (i = 0; i < cbor_map_size(it); i++) {
		int64_t l;

		if (!item_int(m[i].key, &l))
			continue;
		if ((l == 1 && !item_int(m[i].value, &kty)) || (l == -1 && !item_int(m[i].value, &crv)) ||
		    (l == -2 && !item_bytes(m[i].value, &x)) || (l == -3 && !item_bytes(m[i].value, &y)))
			return failf(err, errlen, "realm public key: COSE_Key parameter %lld has the wrong type",
				     (long long)l);
	}
	if (kty != 2)
		return failf(err, errlen, "realm public key: COSE_Key type %lld is not EC2 (2)", (long long)kty);
	n = coord_len((int)crv);
	if (crv < 1 || crv > 3)
		return failf(err, errlen, "realm public key: COSE curve %lld is not P-256, P-384 or P-521 (1-3)",
			     (long long)crv);
	if (x.len != n || y.len != n)
		return failf(err, errlen, "realm public key: COSE_Key coordinates are not %zu bytes each", n);
	k->crv = (int)crv;
	k->point[0] = 0x04;
	memcpy(k->point + 1, x.p, n);
	memcpy(k->point + 1 + n, y.p, n);
	k->point_len = 1 + 2 * n;
	k->cose_key = true;
	return 0;
}

int cca_parse_key(const struct cca_bytes *b, struct cca_ec_key *k, char *err, size_t errlen)
{
	cbor_item_t *it;
	int crv, rc;

	memset(k, 0, sizeof(*k));
	for (crv = 1; crv <= 3; crv++) {
		if (b->len == 1 + 2 * coord_len(crv) && b->p[0] == 0x04) {
			memcpy(k->point, b->p, b->len);
			k->point_len = b->len;
			k->crv = crv;
			return 0;
		}
	}
	if (!(it = load_one(b->p, b->len, "realm public key", err, errlen, &rc)))
		return rc;
	rc = cose_key(it, k, err, errlen);
	cbor_decref(&it);
	return rc;
}
