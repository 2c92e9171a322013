// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl show: one entry's provider, generation, attributes and creator. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/io.h"
#include "hk/json.h"
#include "hk/tty.h"
#include "tsmctl.h"

struct shown {
	const char *name;
	bool private;
	struct tsm_owner owner;
	enum tsm_owner_state state;
	struct tsm_info info;
};

static void show_json(const struct shown *e)
{
	const struct tsm_info *info = &e->info;
	struct hk_json j;
	size_t i;

	hk_json_init(&j, stdout, true);
	hk_json_open(&j, NULL);
	hk_json_str(&j, "name", e->name);
	hk_json_str(&j, "type", e->private ? "private" : "named");
	if (e->private) {
		hk_json_int(&j, "creator_pid", e->owner.pid);
		hk_json_str(&j, "creator", tsm_owner_state_name(e->state));
	}
	hk_json_str(&j, "provider", info->provider[0] ? info->provider : NULL);
	if (info->have_generation)
		hk_json_uint(&j, "generation", info->generation);
	else
		hk_json_null(&j, "generation");
	if (info->have_floor)
		hk_json_int(&j, "privlevel_floor", info->floor);
	else
		hk_json_null(&j, "privlevel_floor");
	hk_json_open_array(&j, "attributes");
	for (i = 0; i < info->nattrs; i++)
		hk_json_str(&j, NULL, info->attrs[i]);
	hk_json_close_array(&j);
	hk_json_close(&j);
	hk_json_end(&j);
}

static void show_text(const struct shown *e)
{
	const struct tsm_info *info = &e->info;
	char esc[HK_ESC_MAX(NAME_MAX)];
	size_t i;

	hk_kv_str(stdout, TSM_KEY_W, "Name", e->name);
	if (e->private)
		hk_kv(stdout, TSM_KEY_W, "Type", "private (tsmctl PID %ld, %s)", (long)e->owner.pid,
		      tsm_owner_state_name(e->state));
	else
		hk_kv(stdout, TSM_KEY_W, "Type", "named");
	if (info->provider[0])
		hk_kv_str(stdout, TSM_KEY_W, "Provider", info->provider);
	else
		hk_kv(stdout, TSM_KEY_W, "Provider", "none (%s)", info->provider_err == -ENXIO ?
		      "no provider is registered" : strerror(-info->provider_err));
	if (info->have_generation)
		hk_kv(stdout, TSM_KEY_W, "Generation", "%" PRIu64, info->generation);
	if (info->have_floor)
		hk_kv(stdout, TSM_KEY_W, "Privlevel floor", "%lld", (long long)info->floor);
	hk_kv_key(stdout, TSM_KEY_W - 1, "Attributes");
	for (i = 0; i < info->nattrs; i++)
		printf(" %s", hk_esc(info->attrs[i], esc, sizeof(esc)));
	printf("\n");
}

struct show_opts {
	bool json;
};

static const struct hk_opt show_options[] = {
	HK_OPT_FLAG(struct show_opts, json, "json", 'J', "Print a JSON object"),
	HK_OPT_END
};

static int cmd_show(const void *opts, int argc, const char *const *argv)
{
	const struct show_opts *o = opts;
	struct tsm_owner self;
	struct shown e;
	const char *name = argv[0];
	int dirfd = -1, fd = -1, code;

	(void)argc;
	if ((code = tsm_check_name(name, true)))
		goto out;
	if ((code = tsm_open_reports(&dirfd)))
		goto out;
	fd = hk_openat(dirfd, name, O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		if (fd == -ENOENT)
			hk_err("cannot show report entry '%s': no such entry", name);
		else
			hk_err("cannot show report entry '%s': %s", name, tsm_strerror(fd));
		code = hk_exit_for_errno(fd);
		goto out;
	}
	e.name = name;
	e.state = TSM_OWNER_UNKNOWN;
	tsm_entry_info(fd, &e.info);
	e.private = tsm_parse_private(name, &e.owner);
	if (e.private && tsm_self_owner(&self) == 0)
		e.state = tsm_owner_state(&e.owner, self.pidns);

	if (o->json)
		show_json(&e);
	else
		show_text(&e);
out:
	if (fd >= 0)
		close(fd);
	if (dirfd >= 0)
		close(dirfd);
	return code;
}

const struct hk_cmd tsm_cmd_show = {
	.name = "show",
	.synopsis = "NAME [--json]",
	.help = "Show one report entry",
	HK_CMD_OPTS(struct show_opts, show_options),
	.args = 1,
	.args_name = "entry NAME",
	.run = cmd_show,
};
