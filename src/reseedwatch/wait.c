// SPDX-License-Identifier: GPL-2.0-or-later
/* reseedwatch wait */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "hk/cmd.h"
#include "hk/codec.h"
#include "hk/parse.h"
#include "reseedwatch.h"
#include "watcher.h"

/* A value as status and watch print it (0x and up to 16 hex digits) or in
 * decimal: an epoch, or VMClock's 64-bit vm_generation_counter. */
static int parse_value(const char *s, struct rw_since *since)
{
	size_t i;
	int x;

	since->wide = false;
	if (strncmp(s, "0x", 2) != 0 && strncmp(s, "0X", 2) != 0) {
		if (hk_parse_u64(s, 0, UINT64_MAX, &since->value) < 0)
			return -EINVAL;
		since->wide = since->value > UINT32_MAX;
		return 0;
	}
	if (!s[2] || strlen(s + 2) > 16)
		return -EINVAL;
	since->value = 0;
	for (i = 2; s[i]; i++) {
		x = hk_hex_digit(s[i]);
		if (x < 0)
			return -EINVAL;
		since->value = since->value << 4 | (uint64_t)x;
	}
	since->wide = since->value > UINT32_MAX;
	return 0;
}

static int opt_since(const struct hk_opt *o, const char *arg, void *dst)
{
	struct rw_since *since = dst;

	if (parse_value(arg, since) < 0)
		return hk_opt_error(o, "'%s' is not a value (0x and up to 16 hex digits, or decimal)",
				    arg);
	since->given = true;
	return 0;
}

static const struct hk_opt wait_options[] = {
	HK_OPT_UINT(struct rw_watch_opts, interval_ms, "interval", 'i', "MS",
		    1, RW_INTERVAL_MAX_MS, "milliseconds",
		    "Look at the mapped page every MS milliseconds instead of sleeping in poll(2)"),
	HK_OPT_S64(struct rw_watch_opts, timeout_s, "timeout", 't', "SEC", 0, RW_TIMEOUT_MAX_S, "seconds",
		   "Give up after SEC seconds with exit status 9"),
	HK_OPT_CHOICE(struct rw_watch_opts, source, "source", 'S', "SOURCE", rw_source_words,
		      "Watch the epoch, vmclock, or any source this kernel offers (default)"),
	HK_OPT_PARSE(struct rw_watch_opts, since, "since", 's', "VALUE", opt_since,
		     "Return at once if the chosen source's value is no longer VALUE (no race with an event before the start)"),
	HK_OPT_FLAG(struct rw_watch_opts, json, "json", 'J', "Print the event as a JSON object"),
	HK_OPT_FLAG(struct rw_watch_opts, quiet, "quiet", 'q', "Print nothing; only the exit status tells"),
	HK_OPT_END
};

static const struct rw_watch_opts wait_defaults = { .timeout_s = -1 };

static int wait_event(const void *opts, int argc, const char *const *argv)
{
	struct rw_watch_opts o = *(const struct rw_watch_opts *)opts;

	(void)argc;
	(void)argv;
	if (o.since.given && o.since.wide && o.source == RW_PICK_EPOCH)
		return hk_usage_error("wait", "--since: %" PRIu64 " is not an epoch value (at most 0xffffffff)",
				      o.since.value);
	o.quiet_events = o.quiet;
	o.count = 1;
	return rw_watch_run(&o);
}

const struct hk_cmd rw_cmd_wait = {
	.name = "wait",
	.synopsis = "[--interval MS] [--source SOURCE] [--timeout SEC] [--since VALUE] [--json] [--quiet]",
	.help = "Block until the next reseed event",
	HK_CMD_OPTS(struct rw_watch_opts, wait_options),
	.defaults = &wait_defaults,
	.run = wait_event,
};
