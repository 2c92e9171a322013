// SPDX-License-Identifier: GPL-2.0-or-later
/* reseedwatch wait */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/parse.h"
#include "reseedwatch.h"
#include "watcher.h"

/* An epoch as status and watch print it (0x and up to 8 hex digits) or in decimal. */
static int parse_epoch(const char *s, uint32_t *v)
{
	uint64_t d;
	size_t i, n;

	if (strncmp(s, "0x", 2) == 0 || strncmp(s, "0X", 2) == 0) {
		n = strlen(s + 2);
		if (n == 0 || n > 8)
			return -EINVAL;
		*v = 0;
		for (i = 2; s[i]; i++) {
			char c = s[i];
			uint32_t x;

			if (c >= '0' && c <= '9')
				x = (uint32_t)(c - '0');
			else if (c >= 'a' && c <= 'f')
				x = (uint32_t)(c - 'a' + 10);
			else if (c >= 'A' && c <= 'F')
				x = (uint32_t)(c - 'A' + 10);
			else
				return -EINVAL;
			*v = *v << 4 | x;
		}
		return 0;
	}
	if (hk_parse_u64(s, 0, UINT32_MAX, &d) < 0)
		return -EINVAL;
	*v = (uint32_t)d;
	return 0;
}

int cmd_wait(int argc, const char **argv)
{
	char *interval = NULL, *timeout = NULL, *since = NULL;
	int json = 0, quiet = 0;
	struct poptOption opts[] = {
		{ "interval", 'i', POPT_ARG_STRING, &interval, 0,
		  "Look at the mapped page every MS milliseconds instead of sleeping in poll(2)", "MS" },
		{ "timeout", 't', POPT_ARG_STRING, &timeout, 0,
		  "Give up after SEC seconds with exit status 9", "SEC" },
		{ "since", 's', POPT_ARG_STRING, &since, 0,
		  "Return at once if the epoch is no longer EPOCH (no race with an event before the start)", "EPOCH" },
		{ "json", 'J', POPT_ARG_NONE, &json, 0, "Print the event as a JSON object", NULL },
		{ "quiet", 'q', POPT_ARG_NONE, &quiet, 0, "Print nothing; only the exit status tells", NULL },
		HK_POPT_HELP,
		POPT_TABLEEND
	};
	struct hk_popt p = hk_popt_parse("wait", opts, "[OPTIONS]", argc, argv);
	struct rw_watch_opts o = { .mode = RW_POLL, .timeout_ms = -1, .count = 1 };

	if (p.done)
		goto out;
	if ((p.code = rw_no_args(p.ctx)))
		goto out;
	if (interval) {
		o.mode = RW_INTERVAL;
		if ((p.code = rw_parse_interval("wait", interval, &o.interval_ms)))
			goto out;
	}
	if (timeout && (p.code = rw_parse_timeout("wait", timeout, &o.timeout_ms)))
		goto out;
	if (since) {
		if (parse_epoch(since, &o.since) < 0) {
			p.code = hk_usage_error("wait", "--since: '%s' is not an epoch value (0x and up to 8 hex digits, or decimal)",
						since);
			goto out;
		}
		o.have_since = true;
	}
	o.json = json;
	o.quiet = quiet;
	o.quiet_events = quiet;
	p.code = rw_watch_run(&o);
out:
	poptFreeContext(p.ctx);
	free(interval);
	free(timeout);
	free(since);
	return p.code;
}
