// SPDX-License-Identifier: GPL-2.0-or-later
/* reseedwatch watch */
#include <errno.h>
#include <stdlib.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/parse.h"
#include "reseedwatch.h"
#include "watcher.h"

#define COUNT_MAX 1000000000

int cmd_watch(int argc, const char **argv)
{
	char *interval = NULL, *count = NULL, *timeout = NULL, *exec = NULL;
	int json = 0, quiet = 0, uevent = 0, shell = 0;
	struct poptOption opts[] = {
		{ "interval", 'i', POPT_ARG_STRING, &interval, 0,
		  "Look at the mapped page every MS milliseconds instead of sleeping in poll(2)", "MS" },
		{ "uevent", 'u', POPT_ARG_NONE, &uevent, 0,
		  "Listen for the kernel's reseed uevents instead", NULL },
		{ "json", 'J', POPT_ARG_NONE, &json, 0, "Print one JSON object per event", NULL },
		{ "count", 'c', POPT_ARG_STRING, &count, 0, "Stop after N events", "N" },
		{ "timeout", 't', POPT_ARG_STRING, &timeout, 0,
		  "Stop after SEC seconds (exit 9 if too few events came)", "SEC" },
		{ "quiet", 'q', POPT_ARG_NONE, &quiet, 0, "No notice on standard error when ready", NULL },
		{ "exec", 'e', POPT_ARG_STRING, &exec, 0,
		  "Run CMD for each event, ARGS after --, one at a time", "CMD" },
		{ "shell", '\0', POPT_ARG_NONE, &shell, 0, "Run CMD with /bin/sh -c", NULL },
		HK_POPT_HELP,
		POPT_TABLEEND
	};
	struct hk_popt p = hk_popt_parse("watch", opts, "[OPTIONS] [-- ARGS]", argc, argv);
	struct rw_watch_opts o = { .mode = RW_POLL, .timeout_ms = -1 };
	uint64_t n;

	if (p.done)
		goto out;
	if (interval && uevent) {
		p.code = hk_usage_error("watch", "--interval and --uevent are different sources: give one");
		goto out;
	}
	if (interval) {
		o.mode = RW_INTERVAL;
		if ((p.code = rw_parse_interval("watch", interval, &o.interval_ms)))
			goto out;
	}
	if (uevent)
		o.mode = RW_UEVENT;
	if (count) {
		int r = hk_parse_u64(count, 1, COUNT_MAX, &n);

		if (r < 0) {
			p.code = hk_usage_error("watch", r == -ERANGE ?
						"--count: '%s' is out of range (1 to 1000000000)" :
						"--count: '%s' is not a whole number", count);
			goto out;
		}
		o.count = n;
	}
	if (timeout && (p.code = rw_parse_timeout("watch", timeout, &o.timeout_ms)))
		goto out;
	if (shell && !exec) {
		p.code = hk_usage_error("watch", "--shell needs --exec");
		goto out;
	}
	if (exec) {
		if (!*exec) {
			p.code = hk_usage_error("watch", "--exec: the command is empty");
			goto out;
		}
		o.exec = exec;
		o.exec_args = poptGetArgs(p.ctx);
		o.shell = shell;
	} else if ((p.code = rw_no_args(p.ctx))) {
		goto out;
	}
	o.json = json;
	o.quiet = quiet;
	p.code = rw_watch_run(&o);
out:
	poptFreeContext(p.ctx);
	free(interval);
	free(count);
	free(timeout);
	free(exec);
	return p.code;
}
