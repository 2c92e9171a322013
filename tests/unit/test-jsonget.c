// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl's JSON reader: the RFC 8259 number grammar and UTF-8 strings,
 * the two leaks in its strictness the fuzzer (fuzz/fuzz-json.c) found. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "jsonget.h"
#include "unit.h"

static int get(const char *doc)
{
	char *v = NULL;
	int r = tsm_json_get_string(doc, strlen(doc), "k", &v);

	free(v);
	return r;
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
	return unit_done();
}
