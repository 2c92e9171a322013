// SPDX-License-Identifier: GPL-2.0-or-later
/* The evidence encodings of a report, in the helper tsmctl-evidence (CBOR
 * with libcbor): Veraison's tsm-report in JSON and CBOR, and each wrapped
 * in a RATS Conceptual Message Wrapper record (draft-ietf-rats-msg-wrap).
 * tsmctl report hands the report over as its `--format json` document on
 * standard input (report-verify.c); the encoding goes to standard output.
 * One table says which fields there are; both forms walk it.
 *
 * Sources (read, not copied):
 * - veraison/ratsd docs/tsm-report.cddl: one flat map, text keys, ?auxblob,
 *   outblob, provider (tstr), then either manifestblob and service_provider
 *   or service_provider alone; bytes are bstr in CBOR, base64url in JSON.
 * - veraison/ratsd tokens/tsm-report.go, the decoder Veraison's services
 *   use (their go.mod pins ratsd c7ba6165, whose tokens/tsm-report_test.go
 *   is flat): the same flat struct, bytes as base64.RawURLEncoding (no
 *   padding; `=`, `+`, `/` refused), CBOR keys the text names; Valid()
 *   wants outblob and provider and refuses a manifestblob without
 *   service_provider. (A stored version of that file, 4aab10bd, nests the
 *   last two under "service" with standard base64; the CDDL, the services'
 *   test vector scheme/sevsnp/test/evidence/sevsnp-tsm-report.json and
 *   ratsd's current server tests are flat and base64url.)
 * - veraison/services scheme/sevsnp: the media types it registers are
 *   application/vnd.veraison.tsm-report+cbor and
 *   application/vnd.veraison.configfs-tsm+json; the IANA-registered name
 *   of the same JSON is application/vnd.veraison.tsm-report+json.
 * - ietf-rats-wg/draft-ietf-rats-msg-wrap cddl/ (cmw-record, common-types,
 *   cm-type) and veraison/cmw (monad.go, type.go, utils.go): a JSON record
 *   [media type, base64url without padding, ?ind], a CBOR record
 *   [C-F number or media type, bstr, ?ind]; ind a non-zero bit set, bit 2
 *   evidence. Neither media type has a CoAP content format, so the CBOR
 *   type is text and the CBOR tag form (its number comes from one) is out. */
#include <cbor.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/codec.h"
#include "hk/err.h"
#include "hk/io.h"
#include "hk/json.h"
#include "jsonget.h"
#include "tsmctl.h"

#define DOC_MAX (8 * TSM_OUTBLOB_MAX + 65536)
/* The types Veraison's services take (see above); the CMW records carry them. */
#define MT_JSON "application/vnd.veraison.configfs-tsm+json"
#define MT_CBOR "application/vnd.veraison.tsm-report+cbor"
#define CMW_IND_EVIDENCE 4	/* cm-type bit 2 */

/* Veraison's tsm-report, in the Go struct's order: the configfs-tsm
 * attribute names, flat; the blobs are bytes (base64url without padding in
 * JSON), the names text. A field the report lacks (or holds empty) is left
 * out; one that needs another (manifestblob needs service_provider) is
 * refused without it. */
enum field_type { BYTES, TEXT };
enum { F_AUX, F_OUT, F_PROVIDER, F_MANIFEST, F_SP, NO_FIELD = -1 };
static const struct field {
	const char *key;
	enum field_type type;
	bool required;
	int needs;		/* the field this one needs, or NO_FIELD */
} fields[] = {
	[F_AUX] = { "auxblob", BYTES, false, NO_FIELD },
	[F_OUT] = { "outblob", BYTES, true, NO_FIELD },
	[F_PROVIDER] = { "provider", TEXT, true, NO_FIELD },
	[F_MANIFEST] = { "manifestblob", BYTES, false, F_SP },
	[F_SP] = { "service_provider", TEXT, false, NO_FIELD },
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

struct value {
	uint8_t *buf;		/* NULL: absent */
	size_t len;
};

/* In the order of enum enc_format (tsmctl report's --format words). */
enum enc_format { ENC_VERAISON_JSON, ENC_VERAISON_CBOR, ENC_CMW_JSON, ENC_CMW_CBOR };
static const char *const enc_formats[] = { TSM_EVIDENCE_FORMATS, NULL };

/* base64url without padding (RFC 4648 section 5), as a NUL-terminated string. */
static char *b64url(const uint8_t *buf, size_t len)
{
	char *s = malloc(HK_BASE64_LEN(len) + 1), *p;

	if (!s)
		return NULL;
	hk_base64_encode(buf, len, s);
	for (p = s; *p && *p != '='; p++)
		*p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
	*p = 0;
	return s;
}

static int to_json(const struct value *v, char **out, size_t *len)
{
	struct hk_json j;
	FILE *f = open_memstream(out, len);
	char *s;
	size_t i;

	if (!f)
		return -ENOMEM;
	hk_json_init(&j, f, false);
	hk_json_open(&j, NULL);
	for (i = 0; i < NFIELDS; i++) {
		if (!v[i].buf)
			continue;
		if (fields[i].type == TEXT) {
			hk_json_strn(&j, fields[i].key, (const char *)v[i].buf, v[i].len);
			continue;
		}
		if (!(s = b64url(v[i].buf, v[i].len)))
			break;
		hk_json_str(&j, fields[i].key, s);
		free(s);
	}
	hk_json_close(&j);
	hk_json_end(&j);
	if (ferror(f) | fclose(f) || i < NFIELDS) {
		free(*out);
		*out = NULL;
		return -ENOMEM;
	}
	return 0;
}

static int serialize(cbor_item_t *item, char **out, size_t *len)
{
	unsigned char *buf = NULL;
	size_t size;

	if (!item)
		return -ENOMEM;
	*len = cbor_serialize_alloc(item, &buf, &size);
	cbor_decref(&item);
	if (!*len) {
		free(buf);
		return -ENOMEM;
	}
	*out = (char *)buf;
	return 0;
}

/* Add key (NULL: to the array c) and val to c, dropping this reference to
 * each; a NULL item (out of memory) fails. */
static bool add(cbor_item_t *c, cbor_item_t *key, cbor_item_t *val)
{
	bool ok = val && (key ? cbor_map_add(c, (struct cbor_pair){ key, val }) : cbor_array_push(c, val));

	if (key)
		cbor_decref(&key);
	if (val)
		cbor_decref(&val);
	return ok;
}

static int to_cbor(const struct value *v, char **out, size_t *len)
{
	cbor_item_t *map = cbor_new_definite_map(NFIELDS), *key, *val;
	size_t i;
	bool ok = map != NULL;

	for (i = 0; ok && i < NFIELDS; i++) {
		if (!v[i].buf)
			continue;
		val = fields[i].type == TEXT ? cbor_build_stringn((const char *)v[i].buf, v[i].len) :
					      cbor_build_bytestring(v[i].buf, v[i].len);
		if (!(key = cbor_build_string(fields[i].key))) {
			ok = false;
			if (val)
				cbor_decref(&val);
			break;
		}
		ok = add(map, key, val);
	}
	if (!ok) {
		if (map)
			cbor_decref(&map);
		return -ENOMEM;
	}
	return serialize(map, out, len);
}

/* A CMW record: [media type, value, CMW_IND_EVIDENCE], in JSON with the
 * value in base64url without padding, in CBOR as a byte string. */
static int wrap(enum enc_format fmt, char **out, size_t *len)
{
	cbor_item_t *rec;
	char *in = *out, *s;
	size_t in_len = *len;
	struct hk_json j;
	FILE *f;
	int r = -ENOMEM;

	*out = NULL;	/* in is freed here, whatever happens */
	if (fmt == ENC_CMW_CBOR) {
		rec = cbor_new_definite_array(3);
		if (rec && (!add(rec, NULL, cbor_build_string(MT_CBOR)) ||
			    !add(rec, NULL, cbor_build_bytestring((const uint8_t *)in, in_len)) ||
			    !add(rec, NULL, cbor_build_uint8(CMW_IND_EVIDENCE)))) {
			cbor_decref(&rec);
			rec = NULL;
		}
		free(in);
		return serialize(rec, out, len);
	}
	/* the record wraps the JSON form without its newline */
	if ((s = b64url((const uint8_t *)in, in_len - 1)) && (f = open_memstream(out, len))) {
		hk_json_init(&j, f, false);
		hk_json_open_array(&j, NULL);
		hk_json_str(&j, NULL, MT_JSON);
		hk_json_str(&j, NULL, s);
		hk_json_uint(&j, NULL, CMW_IND_EVIDENCE);
		hk_json_close_array(&j);
		hk_json_end(&j);
		r = ferror(f) | fclose(f) ? -ENOMEM : 0;
	}
	if (r < 0) {
		free(*out);
		*out = NULL;
	}
	free(s);
	free(in);
	return r;
}

/* The fields from the `report --format json` document: 0 or an exit code. */
static int load(const uint8_t *doc, size_t len, const char *sp, struct value *v)
{
	char *s;
	size_t i;
	int r;

	for (i = 0; i < NFIELDS; i++) {
		s = NULL;
		if (i == F_SP) {
			s = sp ? strdup(sp) : NULL;
			r = sp && !s ? -ENOMEM : 0;
		} else {
			r = tsm_json_get_string((const char *)doc, len, fields[i].key, &s);
		}
		if (r == -ENOMEM)
			goto nomem;
		if (r < 0)
			return hk_usage_error("encode", "the report on standard input is not a `report --format json` document");
		if (!s || !*s) {	/* absent, or empty: left out */
			free(s);
			continue;
		}
		v[i].buf = (uint8_t *)s;
		v[i].len = strlen(s);
		if (fields[i].type == TEXT)
			continue;
		if (!(v[i].buf = malloc(v[i].len / 4 * 3 + 1))) {
			free(s);
			goto nomem;
		}
		r = hk_base64_decode(s, v[i].buf, TSM_OUTBLOB_MAX, &v[i].len);
		free(s);
		if (r < 0)
			return hk_usage_error("encode", "the \"%s\" of the report on standard input is not base64 of at most %d bytes",
					      fields[i].key, TSM_OUTBLOB_MAX);
	}
	for (i = 0; i < NFIELDS; i++) {
		if (fields[i].required && !v[i].buf)
			return hk_usage_error("encode", "the report on standard input has no %s", fields[i].key);
		if (v[i].buf && fields[i].needs != NO_FIELD && !v[fields[i].needs].buf) {
			hk_err("cannot encode the report as Veraison's tsm-report: it has a %s but no %s, and the format takes one only with the other (give --service-provider)",
			       fields[i].key, fields[fields[i].needs].key);
			return HK_EXIT_USAGE;
		}
	}
	return 0;
nomem:
	hk_err("cannot encode the report: out of memory");
	return HK_EXIT_IO;
}

struct encode_opts {
	int format;
	const char *service_provider;
};

static const struct hk_opt encode_options[] = {
	HK_OPT_CHOICE(struct encode_opts, format, "format", 'f', "FORMAT", enc_formats,
		      "veraison-json, veraison-cbor, cmw-json or cmw-cbor"),
	HK_OPT_STR(struct encode_opts, service_provider, "service-provider", '\0', "NAME",
		   "The service provider the report came from"),
	HK_OPT_END
};

static int encode(const void *opts, int argc, const char *const *argv)
{
	const struct encode_opts *o = opts;
	struct value v[NFIELDS] = { { 0 } };
	uint8_t *doc = NULL;
	char *out = NULL;
	size_t len, i;
	int code, r;

	(void)argc;
	(void)argv;
	if ((r = hk_read_fd_alloc(STDIN_FILENO, DOC_MAX, &doc, &len)) < 0) {
		hk_err("cannot read the report on standard input: %s", strerror(-r));
		return HK_EXIT_IO;
	}
	if (!(code = load(doc, len, o->service_provider, v))) {
		r = o->format == ENC_VERAISON_JSON || o->format == ENC_CMW_JSON ? to_json(v, &out, &len) :
										  to_cbor(v, &out, &len);
		if (!r && o->format >= ENC_CMW_JSON)
			r = wrap((enum enc_format)o->format, &out, &len);
		if (r < 0) {
			hk_err("cannot encode the report: out of memory");
			code = HK_EXIT_IO;
		} else if (hk_write_all(STDOUT_FILENO, out, len) < 0) {
			hk_err("cannot write the encoded report: %s", strerror(errno));
			code = HK_EXIT_IO;
		}
		free(out);
	}
	for (i = 0; i < NFIELDS; i++)
		free(v[i].buf);
	free(doc);
	return code;
}

const struct hk_cmd tsm_cmd_encode = {
	.name = "encode",
	.synopsis = "--format FORMAT [--service-provider NAME]",
	.help = "Encode the `report --format json` document on standard input as evidence (for tsmctl report)",
	HK_CMD_OPTS(struct encode_opts, encode_options),
	.defaults = &(const struct encode_opts){ 0 },
	.run = encode,
};
