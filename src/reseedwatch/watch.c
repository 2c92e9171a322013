// SPDX-License-Identifier: GPL-2.0-or-later
/* reseedwatch watch */
#include "hk/cmd.h"
#include "hook.h"
#include "reseedwatch.h"
#include "watcher.h"

static const struct hk_opt watch_options[] = {
	HK_OPT_UINT(struct rw_watch_opts, interval_ms, "interval", 'i', "MS",
		    1, RW_INTERVAL_MAX_MS, "milliseconds",
		    "Look at the mapped page every MS milliseconds instead of sleeping in poll(2)"),
	HK_OPT_FLAG(struct rw_watch_opts, uevent, "uevent", 'u',
		    "Listen for the kernel's reseed uevents instead"),
	HK_OPT_CHOICE(struct rw_watch_opts, source, "source", 'S', "SOURCE", rw_source_words,
		      "Watch the epoch, vmclock, or any source this kernel offers (default)"),
	HK_OPT_FLAG(struct rw_watch_opts, json, "json", 'J', "Print one JSON object per event"),
	HK_OPT_U64(struct rw_watch_opts, count, "count", 'c', "N", 1, RW_COUNT_MAX, NULL,
		   "Stop after N events"),
	HK_OPT_S64(struct rw_watch_opts, timeout_s, "timeout", 't', "SEC", 0, RW_TIMEOUT_MAX_S, "seconds",
		   "Stop after SEC seconds (exit 9 if too few events came)"),
	HK_OPT_FLAG(struct rw_watch_opts, quiet, "quiet", 'q', "No notice on standard error when ready"),
	HK_OPT_STR(struct rw_watch_opts, exec, "exec", 'e', "CMD",
		   "Run CMD for each event, ARGS after --, one at a time"),
	HK_OPT_FLAG(struct rw_watch_opts, shell, "shell", '\0', "Run CMD with /bin/sh -c"),
	HK_OPT_STR(struct rw_watch_opts, exec_dir, "exec-dir", '\0', "DIR",
		   "Run every executable in DIR for each event, in name order"),
	HK_OPT_UINT(struct rw_watch_opts, hook_timeout_s, "hook-timeout", '\0', "SEC",
		    0, RW_HOOK_TIMEOUT_MAX_S, "seconds",
		    "Stop a hook after SEC seconds (default 60, 0: no limit)"),
	HK_OPT_END
};

static const struct rw_watch_opts watch_defaults = {
	.timeout_s = -1,
	.hook_timeout_s = RW_HOOK_TIMEOUT_DEFAULT_S,
};

static int watch(const void *opts, int argc, const char *const *argv)
{
	struct rw_watch_opts o = *(const struct rw_watch_opts *)opts;

	if (o.interval_ms && o.uevent)
		return hk_usage_error("watch", "--interval and --uevent are different sources: give one");
	if (o.uevent && o.source == RW_PICK_VMCLOCK)
		return hk_usage_error("watch", "--uevent is a way to watch the epoch, not VMClock");
	if (o.shell && !o.exec)
		return hk_usage_error("watch", "--shell needs --exec");
	if (o.exec && !*o.exec)
		return hk_usage_error("watch", "--exec: the command is empty");
	if (o.exec && o.exec_dir)
		return hk_usage_error("watch", "--exec and --exec-dir are two ways to run hooks: give one");
	if (o.exec_dir && !*o.exec_dir)
		return hk_usage_error("watch", "--exec-dir: the directory name is empty");
	/* Arguments are the command's, after --. */
	if (!o.exec && argc > 0)
		return hk_usage_error("watch", "unexpected argument '%s'", argv[0]);
	o.exec_args = argv;
	return rw_watch_run(&o);
}

const struct hk_cmd rw_cmd_watch = {
	.name = "watch",
	.synopsis = "[--interval MS | --uevent] [--source SOURCE] [--json] [--count N] [--timeout SEC] [--quiet] [--exec CMD [--shell] [-- ARGS] | --exec-dir DIR] [--hook-timeout SEC]",
	.help = "Print a line for each reseed event, optionally running a command",
	HK_CMD_OPTS(struct rw_watch_opts, watch_options),
	.defaults = &watch_defaults,
	.args = HK_ARGS_ANY,
	.run = watch,
	.man = "reseedwatch-watch",
};
