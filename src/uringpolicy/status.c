// SPDX-License-Identifier: GPL-2.0-or-later
/* uringpolicy status */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/json.h"
#include "hk/tty.h"
#include "policy.h"

#define KEY_W 14	/* "This process: " */

struct status_opts {
	bool json;
};

static const struct hk_opt status_options[] = {
	HK_OPT_FLAG(struct status_opts, json, "json", 'J', "Print a JSON object"),
	HK_OPT_END
};

static int status(const void *opts, int argc, const char *const *argv)
{
	const struct status_opts *o = opts;
	struct up_policy pol;
	struct up_subject self;
	enum up_reason why;
	enum up_verdict v = UP_UNKNOWN;
	char group[128], reason[320], esc[HK_ESC_MAX(sizeof(reason))];
	bool have;
	int r;

	(void)argc;
	(void)argv;
	r = up_policy_read(&pol);
	have = r == 0;
	if (r < 0 && r != -ENOENT)
		return up_no_sysctl(r);
	r = up_subject_self(&self);
	if (r < 0) {
		hk_err("cannot read this process's credentials: %s", strerror(-r));
		return HK_EXIT_KERNEL;
	}
	if (have) {
		v = up_allowed(&pol, &self, &why);
		up_reason_text(&pol, &self, why, reason, sizeof(reason));
		up_group_desc(pol.group, group, sizeof(group));
	}
	up_subject_free(&self);
	if (o->json) {
		struct hk_json j;

		hk_json_init(&j, stdout, true);
		hk_json_open(&j, NULL);
		hk_json_bool(&j, "supported", have);
		if (have) {
			hk_json_int(&j, "level", pol.level);
			hk_json_str(&j, "level_name", up_level_word(pol.level));
			hk_json_str(&j, "meaning", up_level_meaning(pol.level));
			hk_json_int(&j, "group", up_group_json(pol.group));
			hk_json_int(&j, "group_value", pol.group);
			hk_json_str(&j, "group_name", pol.group == UP_NO_GROUP ? NULL : group);
			hk_json_open(&j, "self");
			hk_json_bool(&j, "allowed", v == UP_ALLOWED);
			hk_json_str(&j, "reason", reason);
			hk_json_close(&j);
		}
		hk_json_close(&j);
		hk_json_end(&j);
	} else if (have) {
		hk_kv(stdout, KEY_W, "Level", "%d (%s): %s", pol.level, up_level_word(pol.level),
		      up_level_meaning(pol.level));
		hk_kv_str(stdout, KEY_W, "Group", group);
		hk_kv(stdout, KEY_W, "Sysctls", "present (%s, %s)", UP_KEY_LEVEL, UP_KEY_GROUP);
		hk_kv(stdout, KEY_W, "This process", "%s: %s", up_verdict_word(v),
		      hk_esc(reason, esc, sizeof(esc)));
	} else {
		hk_kv(stdout, KEY_W, "Sysctls", "absent (kernel older than 6.6 or built without CONFIG_IO_URING)");
	}
	return have ? HK_EXIT_OK : HK_EXIT_UNSUPPORTED;
}

const struct hk_cmd up_cmd_status = {
	.name = "status",
	.synopsis = "[--json]",
	.help = "Show the policy and what it means for this process",
	HK_CMD_OPTS(struct status_opts, status_options),
	.run = status,
};
