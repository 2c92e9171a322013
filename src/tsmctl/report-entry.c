// SPDX-License-Identifier: GPL-2.0-or-later
/* The options a report is made under. They are write-only and an entry
 * keeps what earlier writers set, so a run on an entry that was written
 * before (generation not 0) writes every option it can: its own value, or
 * what a new entry holds (the null GUID, version 0; privlevel: the floor,
 * the lowest value the kernel accepts). service_provider cannot be unset:
 * such an entry is refused unless this run names its own. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "hk/cmd.h"
#include "hk/err.h"
#include "hk/io.h"
#include "report.h"

#define NULL_GUID "00000000-0000-0000-0000-000000000000"

static bool offers(struct tsm_entry *e, const char *attr)
{
	struct stat st;

	return fstatat(e->fd, tsm_entry_at(e, attr), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* Whether a failed write of attr still moved the generation: the 6.12 core
 * advances it before it parses service_provider, service_guid and inblob
 * (privlevel and service_manifest_version are parsed first). EBUSY is the
 * one refusal that comes before the advance. */
static bool advances_first(const char *attr, int r)
{
	if (r == -ENOENT || r == -EBUSY || r == -EACCES || r == -EPERM || r == -EINTR)
		return false;
	return strcmp(attr, "service_provider") == 0 || strcmp(attr, "service_guid") == 0 ||
	       strcmp(attr, "inblob") == 0;
}

static int write_option(struct tsm_entry *e, const char *attr, const void *buf, size_t len,
			const char *provider, uint64_t *writes)
{
	int r = hk_write_attr(e->fd, tsm_entry_at(e, attr), buf, len);

	if (r == 0 || advances_first(attr, r))
		++*writes;
	if (r == 0)
		return 0;
	if (r == -EBUSY)
		return TSM_WRAPPED;
	if (r == -ENOENT) {
		hk_err("cannot write %s of entry '%s': provider %s does not offer it", attr, e->name, provider);
		return HK_EXIT_UNSUPPORTED;
	}
	if (r == -EINVAL && strcmp(attr, "privlevel") == 0) {
		hk_err("cannot write privlevel of entry '%s': provider %s refused the value (below privlevel_floor?)",
		       e->name, provider);
		return HK_EXIT_USAGE;
	}
	if (advances_first(attr, r)) {
		hk_err("cannot write %s of entry '%s': %s (the kernel counted the write: the entry's generation moved all the same)",
		       attr, e->name, tsm_strerror(r));
		return hk_exit_for_errno(r);
	}
	hk_err("cannot write %s of entry '%s': %s", attr, e->name, tsm_strerror(r));
	return hk_exit_for_errno(r);
}

/* The requested value, or on a used entry the value of a new one. */
static int option(struct tsm_entry *e, const char *attr, const char *want, const char *dflt, bool used,
		  const char *provider, uint64_t *writes)
{
	if (!want && !(used && offers(e, attr)))
		return 0;
	if (!want)
		want = dflt;
	return write_option(e, attr, want, strlen(want), provider, writes);
}

static int privlevel(struct tsm_entry *e, const struct tsm_request *rq, struct tsm_result *res, bool used,
		     uint64_t *writes)
{
	int64_t floor = 0;
	char num[32];
	int r, have_floor;

	if (rq->privlevel < 0 && !(used && offers(e, "privlevel")))
		return 0;
	have_floor = hk_read_s64(e->fd, tsm_entry_at(e, "privlevel_floor"), &floor) == 0;
	if (rq->privlevel >= 0 && have_floor && rq->privlevel < floor)
		return hk_usage_error("report", "privlevel %d is below the privlevel_floor %lld of provider %s",
				      rq->privlevel, (long long)floor, res->provider);
	res->privlevel = rq->privlevel >= 0 ? rq->privlevel : (int)floor;
	snprintf(num, sizeof(num), "%d", res->privlevel);
	r = write_option(e, "privlevel", num, strlen(num), res->provider, writes);
	if (r)
		res->privlevel = -1;
	return r;
}

int tsm_write_options(struct tsm_entry *e, const struct tsm_request *rq, struct tsm_result *res,
		      uint64_t base, uint64_t *writes)
{
	bool used = base != 0;
	const char *rule;
	int r;

	res->privlevel = -1;
	if (tsm_inblob_rule(res->provider, rq->nonce_len, &rule) < 0) {
		hk_err("report: %s takes a nonce of %s, not %zu%s", res->provider, rule, rq->nonce_len,
		       rq->nonce_len < TSM_NONCE_MAX ? " (--pad pads it with zeros)" : "");
		return HK_EXIT_USAGE;
	}
	if (used && !rq->service_provider && offers(e, "service_provider")) {
		hk_err("cannot use report entry '%s': it was written before (generation %" PRIu64 ") and provider %s offers service_provider, which cannot be unset, so a report could carry a service provider this run did not ask for (use a new entry, or give --service-provider)",
		       e->name, base, res->provider);
		return HK_EXIT_CONFLICT;
	}
	r = privlevel(e, rq, res, used, writes);
	if (!r)
		r = option(e, "service_provider", rq->service_provider, NULL, false, res->provider, writes);
	if (!r)
		r = option(e, "service_guid", rq->service_guid, NULL_GUID, used, res->provider, writes);
	if (!r)
		r = option(e, "service_manifest_version", rq->manifest_version, "0", used, res->provider, writes);
	if (!r)
		r = write_option(e, "inblob", rq->nonce, rq->nonce_len, res->provider, writes);
	return r;
}
