// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl provider: which provider is registered and what it offers, seen
 * through a private entry that is always removed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/io.h"
#include "hk/json.h"
#include "hk/tty.h"
#include "decode.h"
#include "tsmctl.h"

int tsm_probe(int dirfd, struct tsm_info *info)
{
	struct tsm_entry e;
	int r;

	tsm_signals_init();
	tsm_entry_init(&e, dirfd);
	r = tsm_entry_make_private(&e);
	if (r >= 0)
		r = tsm_entry_open_dir(&e);
	if (r >= 0 && tsm_caught())
		r = -EINTR;
	if (r >= 0)
		tsm_entry_info(e.fd, info);
	if (tsm_entry_release(&e) < 0 && r >= 0)
		r = -EBUSY;
	if (tsm_caught())
		return -EINTR;
	return r;
}

int tsm_registered_provider(char *buf, size_t size)
{
	struct tsm_info info;
	int root = hk_sysroot_fd(), dirfd, r;

	if (root < 0)
		return root;
	dirfd = hk_openat(root, TSM_REPORT_DIR, O_RDONLY | O_DIRECTORY);
	if (dirfd < 0)
		return dirfd;
	r = tsm_probe(dirfd, &info);
	close(dirfd);
	if (r < 0)
		return r;
	if (!info.provider[0])
		return info.provider_err < 0 ? info.provider_err : -ENXIO;
	snprintf(buf, size, "%s", info.provider);
	return 0;
}

struct provider_opts {
	bool json;
};

static const struct hk_opt provider_options[] = {
	HK_OPT_FLAG(struct provider_opts, json, "json", 'J', "Print a JSON object"),
	HK_OPT_END
};

static int cmd_provider(const void *opts, int argc, const char *const *argv)
{
	const struct provider_opts *o = opts;
	struct tsm_info info;
	char esc[HK_ESC_MAX(sizeof(info.provider))];
	int dirfd, r;
	size_t i;

	(void)argc;
	(void)argv;
	if ((r = tsm_open_reports(&dirfd)))
		return r;
	r = tsm_probe(dirfd, &info);
	close(dirfd);
	if (r == -EINTR && tsm_caught())
		return tsm_signal_exit();
	if (r < 0) {
		hk_err("cannot create a report entry to look at the provider: %s", tsm_strerror(r));
		return hk_exit_for_errno(r);
	}
	if (!info.provider[0]) {
		hk_err("cannot read the provider of a new report entry: %s", tsm_strerror(info.provider_err));
		return hk_exit_for_errno(info.provider_err);
	}
	if (o->json) {
		struct hk_json j;

		hk_json_init(&j, stdout, true);
		hk_json_open(&j, NULL);
		hk_json_str(&j, "provider", info.provider);
		if (info.have_floor)
			hk_json_int(&j, "privlevel_floor", info.floor);
		else
			hk_json_null(&j, "privlevel_floor");
		hk_json_open_array(&j, "attributes");
		for (i = 0; i < info.nattrs; i++)
			hk_json_str(&j, NULL, info.attrs[i]);
		hk_json_close_array(&j);
		hk_json_bool(&j, "verify", tsm_can_decode(info.provider));
		hk_json_close(&j);
		hk_json_end(&j);
	} else {
		hk_kv_str(stdout, TSM_KEY_W, "Provider", info.provider);
		if (info.have_floor)
			hk_kv(stdout, TSM_KEY_W, "Privlevel floor", "%lld", (long long)info.floor);
		hk_kv_key(stdout, TSM_KEY_W - 1, "Attributes");
		for (i = 0; i < info.nattrs; i++)
			printf(" %s", hk_esc(info.attrs[i], esc, sizeof(esc)));
		printf("\n");
		hk_kv(stdout, TSM_KEY_W, "Verify", "%s", tsm_can_decode(info.provider) ?
		      "yes (tsmctl verify decodes this format)" : "no (tsmctl has no decoder for this format)");
	}
	return HK_EXIT_OK;
}

const struct hk_cmd tsm_cmd_provider = {
	.name = "provider",
	.synopsis = "[--json]",
	.help = "Show the registered provider and the attributes it offers",
	HK_CMD_OPTS(struct provider_opts, provider_options),
	.run = cmd_provider,
};
