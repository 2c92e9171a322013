// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl's JSON reader: the RFC 8259 number grammar and UTF-8 strings,
 * the two leaks in its strictness the fuzzer (fuzz/fuzz-json.c) found, and
 * the \u escapes lib/json.c writes (C1 controls), which it could not read
 * back. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hk/json.h"
#include "jsonget.h"
#include "unit.h"

static int get(const char *doc)
{
	char *v = NULL;
	int r = tsm_json_get_string(doc, strlen(doc), "k", &v);

	free(v);
	return r;
}

static char *value(const char *doc)
{
	char *v = NULL;

	if (tsm_json_get_string(doc, strlen(doc), "k", &v) != 0) {
		free(v);
		return NULL;
	}
	return v;
}

/* What lib/json.c writes for v reads back as v. */
static int round_trip(const char *v)
{
	struct hk_json j;
	char *doc = NULL, *back;
	size_t len = 0;
	FILE *f = open_memstream(&doc, &len);
	int ok;

	if (!f)
		return 0;
	hk_json_init(&j, f, false);
	hk_json_open(&j, NULL);
	hk_json_str(&j, "k", v);
	hk_json_close(&j);
	hk_json_end(&j);
	fclose(f);
	back = value(doc);
	ok = back && strcmp(back, v) == 0;
	free(back);
	free(doc);
	return ok;
}

static void escapes(void)
{
	static const struct { const char *doc, *want; } dec[] = {
		{ "{\"k\":\"c1\\u009b[2J\"}", "c1\xc2\x9b[2J" },
		{ "{\"k\":\"\\u0080\\u07FF\"}", "\xc2\x80\xdf\xbf" },
		{ "{\"k\":\"\\u20ac \\uffff\"}", "\xe2\x82\xac \xef\xbf\xbf" },
		{ "{\"k\":\"\\u001b\\u007f\"}", "\x1b\x7f" },
	};
	static const char *const bad[] = {
		"{\"k\":\"\\u0000\"}", "{\"k\":\"\\ud800\"}", "{\"k\":\"\\udfff\"}",
		"{\"k\":\"\\ud83d\\ude00\"}", "{\"k\":\"\\u00\"}",
	};
	static const char *const written[] = {
		"c1 \xc2\x9b[2J", "\xc2\x80\xc2\x9f\xc2\xa0", "tab\tnl\nesc\x1b del\x7f",
		"\xe2\x82\xac \xf0\x9f\x98\x80 \"q\" \\",
	};
	size_t i;
	char *v;

	for (i = 0; i < sizeof(dec) / sizeof(dec[0]); i++) {
		v = value(dec[i].doc);
		CHECK(v && strcmp(v, dec[i].want) == 0, "\\u escapes decoded to UTF-8: dec[%zu]", i);
		free(v);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(get(bad[i]) == -EINVAL, "refused: \\u0000, surrogates, short escapes: bad[%zu]", i);
	for (i = 0; i < sizeof(written) / sizeof(written[0]); i++)
		CHECK(round_trip(written[i]), "what lib/json.c writes reads back: written[%zu]", i);
}

int main(void)
{
	static const char *const good[] = {
		"{\"a\":0}", "{\"a\":-0}", "{\"a\":10}", "{\"a\":1.5}", "{\"a\":-1.25e+10}",
		"{\"a\":2E-3}", "{\"a\":0.0e0}", "{\"k\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}",
	};
	static const char *const bad[] = {
		"{\"a\":01}", "{\"a\":1.}", "{\"a\":1..2}", "{\"a\":1e}", "{\"a\":1e+}",
		"{\"a\":1-}", "{\"a\":-}", "{\"a\":1.2.3}", "{\"a\":1E5e5}", "{\"a\":.5}",
		"{\"k\":\"\xa4\x8a\"}", "{\"k\":\"\xc3\"}", "{\"k\":\"\xc0\xaf\"}",
		"{\"k\":\"\xed\xa0\x80\"}", "{\"k\":\"\xf4\x90\x80\x80\"}",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK(get(good[i]) == 0, "valid: %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(get(bad[i]) == -EINVAL, "refused: bad[%zu]", i);
	escapes();
	return unit_done();
}
