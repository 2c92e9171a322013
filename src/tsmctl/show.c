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

struct show_opts {
	bool json;
};

static const struct hk_opt show_options[] = {
	HK_OPT_FLAG(struct show_opts, json, "json", 'J', "Print a JSON object"),
	HK_OPT_END
};

static int show(const void *opts, int argc, const char *const *argv)
{
	const struct show_opts *o = opts;
	enum tsm_owner_state state = TSM_OWNER_UNKNOWN;
	struct tsm_owner owner, self;
	struct tsm_info info;
	char esc[HK_ESC_MAX(NAME_MAX)];
	const char *name = argv[0];
	bool private;
	int dirfd, fd, ret;
	size_t i;

	(void)argc;
	if ((ret = tsm_check_name(name, true)) || (ret = tsm_open_reports(&dirfd)))
		return ret;
	fd = hk_openat(dirfd, name, O_RDONLY | O_DIRECTORY);
	close(dirfd);
	if (fd < 0) {
		if (fd == -ENOENT)
			hk_err("cannot show report entry '%s': no such entry", name);
		else
			hk_err("cannot show report entry '%s': %s", name, tsm_strerror(fd));
		return tsm_exit_code(fd);
	}
	tsm_entry_info(fd, &info);
	close(fd);
	private = tsm_parse_private(name, &owner);
	if (private && tsm_self_owner(&self) == 0)
		state = tsm_owner_state(&owner, self.pidns);

	if (o->json) {
		struct hk_json j;

		hk_json_init(&j, stdout, true);
		hk_json_open(&j, NULL);
		hk_json_str(&j, "name", name);
		hk_json_str(&j, "type", private ? "private" : "named");
		if (private) {
			hk_json_int(&j, "creator_pid", owner.pid);
			hk_json_str(&j, "creator", tsm_owner_state_name(state));
		}
		hk_json_str(&j, "provider", info.provider[0] ? info.provider : NULL);
		if (info.have_generation)
			hk_json_uint(&j, "generation", info.generation);
		else
			hk_json_null(&j, "generation");
		if (info.have_floor)
			hk_json_int(&j, "privlevel_floor", info.floor);
		else
			hk_json_null(&j, "privlevel_floor");
		hk_json_open_array(&j, "attributes");
		for (i = 0; i < info.nattrs; i++)
			hk_json_str(&j, NULL, info.attrs[i]);
		hk_json_close_array(&j);
		hk_json_close(&j);
		hk_json_end(&j);
	} else {
		printf("Name:             %s\n", hk_esc(name, esc, sizeof(esc)));
		if (private)
			printf("Type:             private (tsmctl PID %ld, %s)\n", (long)owner.pid,
			       tsm_owner_state_name(state));
		else
			printf("Type:             named\n");
		if (info.provider[0])
			printf("Provider:         %s\n", hk_esc(info.provider, esc, sizeof(esc)));
		else
			printf("Provider:         none (%s)\n", info.provider_err == -ENXIO ?
			       "no provider is registered" : strerror(-info.provider_err));
		if (info.have_generation)
			printf("Generation:       %" PRIu64 "\n", info.generation);
		if (info.have_floor)
			printf("Privlevel floor:  %lld\n", (long long)info.floor);
		printf("Attributes:      ");
		for (i = 0; i < info.nattrs; i++)
			printf(" %s", hk_esc(info.attrs[i], esc, sizeof(esc)));
		printf("\n");
	}
	return HK_EXIT_OK;
}

const struct hk_cmd tsm_cmd_show = {
	.name = "show",
	.synopsis = "NAME [--json]",
	.help = "Show one report entry",
	HK_CMD_OPTS(struct show_opts, show_options),
	.args = 1,
	.args_name = "entry NAME",
	.run = show,
};
