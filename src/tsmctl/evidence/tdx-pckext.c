// SPDX-License-Identifier: GPL-2.0-or-later
/* The SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1): a
 * sequence of (OID, value) pairs, of which the TCB (.2: sixteen component
 * SVNs .2.1-.2.16 and the PCE SVN .2.17) and the FMSPC (.4, six bytes) place
 * the platform in Intel's TCB info. Decoded with libcrypto's ASN.1 parser. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include "tdx.h"

#define SGX_EXT "1.2.840.113741.1.13.1"

/* The OID of a pair as dotted text, and its value; false if not a pair. */
static bool pair(const ASN1_TYPE *t, STACK_OF(ASN1_TYPE) **seq, char *oid, size_t size,
		 const ASN1_TYPE **val)
{
	const unsigned char *p;
	const ASN1_TYPE *o;

	if (t->type != V_ASN1_SEQUENCE)
		return false;
	p = t->value.sequence->data;
	*seq = d2i_ASN1_SEQUENCE_ANY(NULL, &p, t->value.sequence->length);
	if (!*seq || sk_ASN1_TYPE_num(*seq) != 2)
		return false;
	o = sk_ASN1_TYPE_value(*seq, 0);
	*val = sk_ASN1_TYPE_value(*seq, 1);
	return o->type == V_ASN1_OBJECT && OBJ_obj2txt(oid, (int)size, o->value.object, 1) > 0;
}

static void free_seq(STACK_OF(ASN1_TYPE) *seq)
{
	sk_ASN1_TYPE_pop_free(seq, ASN1_TYPE_free);
}

/* One element of the TCB sequence: a component SVN or the PCE SVN. */
static void tcb_item(struct tdx_pck_ext *x, const char *oid, const ASN1_TYPE *v)
{
	static const char prefix[] = SGX_EXT ".2.";
	long n, i;
	char *end;

	if (strncmp(oid, prefix, sizeof(prefix) - 1) || v->type != V_ASN1_INTEGER)
		return;
	i = strtol(oid + sizeof(prefix) - 1, &end, 10);
	n = ASN1_INTEGER_get(v->value.integer);
	if (*end || n < 0)
		return;
	if (i >= 1 && i <= 16 && n <= 255) {
		x->comps[i - 1] = (uint8_t)n;
		x->ncomps++;
	} else if (i == 17 && n <= 65535) {
		x->pcesvn = (unsigned int)n;
		x->have_pcesvn = true;
	}
}

static void tcb(struct tdx_pck_ext *x, const ASN1_TYPE *v)
{
	STACK_OF(ASN1_TYPE) *items, *seq;
	const unsigned char *p;
	const ASN1_TYPE *val;
	char oid[64];
	int i;

	if (v->type != V_ASN1_SEQUENCE)
		return;
	p = v->value.sequence->data;
	items = d2i_ASN1_SEQUENCE_ANY(NULL, &p, v->value.sequence->length);
	for (i = 0; items && i < sk_ASN1_TYPE_num(items); i++) {
		seq = NULL;
		if (pair(sk_ASN1_TYPE_value(items, i), &seq, oid, sizeof(oid), &val))
			tcb_item(x, oid, val);
		free_seq(seq);
	}
	free_seq(items);
}

int tdx_pck_ext(X509 *pck, struct tdx_pck_ext *x)
{
	ASN1_OBJECT *obj = OBJ_txt2obj(SGX_EXT, 1);
	STACK_OF(ASN1_TYPE) *top = NULL, *seq;
	const ASN1_OCTET_STRING *data;
	const unsigned char *p;
	const ASN1_TYPE *val;
	char oid[64];
	int i, idx = obj ? X509_get_ext_by_OBJ(pck, obj, -1) : -1;

	memset(x, 0, sizeof(*x));
	if (idx >= 0) {
		data = X509_EXTENSION_get_data(X509_get_ext(pck, idx));
		p = data->data;
		top = d2i_ASN1_SEQUENCE_ANY(NULL, &p, data->length);
	}
	for (i = 0; top && i < sk_ASN1_TYPE_num(top); i++) {
		seq = NULL;
		if (pair(sk_ASN1_TYPE_value(top, i), &seq, oid, sizeof(oid), &val)) {
			if (!strcmp(oid, SGX_EXT ".2"))
				tcb(x, val);
			else if (!strcmp(oid, SGX_EXT ".4") && val->type == V_ASN1_OCTET_STRING &&
				 val->value.octet_string->length == 6) {
				memcpy(x->fmspc, val->value.octet_string->data, 6);
				x->have_fmspc = true;
			}
		}
		free_seq(seq);
	}
	free_seq(top);
	ASN1_OBJECT_free(obj);
	ERR_clear_error();
	return x->have_fmspc && x->have_pcesvn && x->ncomps == 16 ? 0 : -EINVAL;
}
