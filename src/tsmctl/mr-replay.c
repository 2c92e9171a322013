// SPDX-License-Identifier: GPL-2.0-or-later
/* tsmctl mr replay: recompute every register from the event log and compare
 * with the live values (or those of a mock_tsm report). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hk/cmd.h"
#include "hk/codec.h"
#include "hk/err.h"
#include "hk/io.h"
#include "hk/json.h"
#include "hk/lock.h"
#include "mr.h"

#define LOG_MAX (64u << 20)
#define REPORT_MAX (1u << 20)

struct replay_opts {
	struct tsm_mr_sel sel;
	const char *report;
	bool json;
};

static const struct hk_opt replay_options[] = {
	HK_OPT_STR(struct replay_opts, report, "report", 0, "FILE",
		   "Compare with the registers of this mock_tsm report (outblob), not the live ones"),
	HK_OPT_INCLUDE(struct replay_opts, sel, tsm_mr_sel_options),
	HK_OPT_FLAG(struct replay_opts, json, "json", 'J', "Print a JSON object"),
	HK_OPT_END
};

/* One register's replay. */
struct replayed {
	struct tsm_mr *r;
	uint8_t value[TSM_MR_VALUE_MAX];
	size_t records;
	long agreed;		/* last record after which value was the register's; -1: at the start; -2: never */
	long parts;		/* the first record where log and register part; -1: none */
};

/* Apply the records to the registers: -1, or the record that names no
 * register it can extend (*why says why). */
static long apply(const struct tsm_cel_log *log, struct replayed *rp, size_t n, const char **why)
{
	size_t i, k;

	for (i = 0; i < log->n; i++) {
		const struct tsm_cel_rec *rec = &log->rec[i];
		const struct tsm_cel_digest *d;

		for (k = 0; k < n && rp[k].r->index != (int)rec->index; k++)
			;
		if (k == n) {
			*why = "its pcr names no register that can be extended";
			return (long)i;
		}
		d = tsm_cel_digest(rec, rp[k].r->hash);
		if (!d || d->len != rp[k].r->size) {
			*why = d ? "its digest's size is not the register's" : "it has no digest in the register's algorithm";
			return (long)i;
		}
		if (tsm_mr_extend_value(rp[k].r->hash, rp[k].r->size, rp[k].value, d->d) < 0) {
			*why = "its algorithm is unknown to libcrypto";
			return (long)i;
		}
		rp[k].records++;
		if (memcmp(rp[k].value, rp[k].r->value, rp[k].r->size) == 0)
			rp[k].agreed = (long)i;
	}
	return -1;
}

/* The first record of register k after record after (-1: from the start), or -1. */
static long next_record(const struct tsm_cel_log *log, const struct replayed *rp, long after)
{
	size_t i;

	for (i = (size_t)(after + 1); i < log->n; i++)
		if ((int)log->rec[i].index == rp->r->index)
			return (long)i;
	return -1;
}

static void print_human(const struct replayed *rp, size_t n, long first, const char *why, long bad)
{
	char label[TSM_MR_NAME_MAX + 20];
	size_t k;

	for (k = 0; k < n; k++) {
		tsm_mr_label(rp[k].r, label, sizeof(label));
		if (rp[k].parts == -2)
			printf("%-14s ok        %zu record%s\n", label, rp[k].records, rp[k].records == 1 ? "" : "s");
		else if (rp[k].parts >= 0 && rp[k].agreed >= -1)
			printf("%-14s differs   %zu record%s; the log parts from the register at record %ld\n", label,
			       rp[k].records, rp[k].records == 1 ? "" : "s", rp[k].parts);
		else if (rp[k].parts >= 0)
			printf("%-14s differs   %zu record%s; the log parts from the register at record %ld (its first), or it was extended without a record\n",
			       label, rp[k].records, rp[k].records == 1 ? "" : "s", rp[k].parts);
		else
			printf("%-14s differs   %zu record%s; it was extended without a record after them\n", label,
			       rp[k].records, rp[k].records == 1 ? "" : "s");
	}
	if (bad >= 0)
		printf("record %ld cannot be replayed: %s\n", bad, why);
	else if (first >= 0)
		printf("the log and the registers part at record %ld\n", first);
}

static void print_json(const struct replayed *rp, size_t n, long first, const char *why, long bad, bool ok)
{
	char hex[HK_HEX_LEN(TSM_MR_VALUE_MAX)];
	struct hk_json j;
	size_t k;

	hk_json_init(&j, stdout, true);
	hk_json_open(&j, NULL);
	hk_json_bool(&j, "match", ok);
	if (first >= 0)
		hk_json_int(&j, "first_mismatch", first);
	else
		hk_json_null(&j, "first_mismatch");
	if (bad >= 0)
		hk_json_str(&j, "error", why);
	hk_json_open_array(&j, "registers");
	for (k = 0; k < n; k++) {
		hk_json_open(&j, NULL);
		hk_json_str(&j, "name", rp[k].r->name);
		hk_json_str(&j, "hash", rp[k].r->hash);
		hk_json_int(&j, "index", rp[k].r->index);
		hk_json_uint(&j, "records", rp[k].records);
		hk_json_bool(&j, "match", rp[k].parts == -2);
		if (rp[k].parts >= 0)
			hk_json_int(&j, "parts_at", rp[k].parts);
		else
			hk_json_null(&j, "parts_at");
		hk_hex_encode(rp[k].r->value, rp[k].r->size, hex);
		hk_json_str(&j, "value", hex);
		hk_hex_encode(rp[k].value, rp[k].r->size, hex);
		hk_json_str(&j, "replayed", hex);
		hk_json_close(&j);
	}
	hk_json_close_array(&j);
	hk_json_close(&j);
	hk_json_end(&j);
}

/* Compare: true when every register is what the log says. */
static bool compare(const struct tsm_cel_log *log, struct tsm_mrs *m, const struct replay_opts *o)
{
	struct replayed rp[TSM_MR_MAX];
	const char *why = NULL;
	long bad, first = -1;
	size_t n = 0, i;
	bool ok;

	for (i = 0; i < m->n; i++) {
		struct tsm_mr *r = &m->mr[i];
		static const uint8_t zero[TSM_MR_VALUE_MAX];

		if (!r->writable || !r->hash[0] || r->index < 0 || !r->have_value)
			continue;
		memset(&rp[n], 0, sizeof(rp[n]));
		rp[n].r = r;
		rp[n].agreed = memcmp(r->value, zero, r->size) == 0 ? -1 : -2;
		n++;
	}
	bad = apply(log, rp, n, &why);
	ok = bad < 0;
	for (i = 0; i < n; i++) {
		if (bad < 0 && memcmp(rp[i].value, rp[i].r->value, rp[i].r->size) == 0) {
			rp[i].parts = -2;
			continue;
		}
		rp[i].parts = next_record(log, &rp[i], rp[i].agreed >= -1 ? rp[i].agreed : -1);
		ok = false;
		if (rp[i].parts >= 0 && (first < 0 || rp[i].parts < first))
			first = rp[i].parts;
	}
	if (bad >= 0 && (first < 0 || bad < first))
		first = bad;
	if (o->json)
		print_json(rp, n, first, why, bad, ok);
	else
		print_human(rp, n, first, why, bad);
	return ok;
}

static int load_values(const struct replay_opts *o, struct tsm_mrs *m)
{
	uint8_t *buf = NULL;
	char err[160];
	size_t len = 0;
	int r;

	if (!o->report)
		return tsm_mrs_load(m, o->sel.provider);
	r = open(o->report, O_RDONLY | O_CLOEXEC);
	if (r >= 0) {
		int fd = r;

		r = hk_read_fd_alloc(fd, REPORT_MAX, &buf, &len);
		close(fd);
	} else {
		r = -errno;
	}
	if (r < 0) {
		hk_err("cannot read --report %s: %s", o->report, strerror(-r));
		return r == -ENOENT ? HK_EXIT_NOTFOUND : tsm_mr_errno_code(-r);
	}
	r = tsm_mr_from_report(buf, len, m, err, sizeof(err));
	free(buf);
	if (r < 0) {
		hk_err("cannot take register values from --report %s: %s", o->report, err);
		return HK_EXIT_USAGE;
	}
	return HK_EXIT_OK;
}

static int mr_replay(const void *opts, int argc, const char *const *argv)
{
	const struct replay_opts *o = opts;
	struct tsm_cel_log log = { 0 };
	struct tsm_mr_logloc loc = { .dirfd = -1 };
	struct tsm_mrs m = { .dirfd = -1 };
	uint8_t *text = NULL;
	size_t len = 0;
	int code, lock = -1, dfd = -1, r;

	(void)argc;
	if (o->sel.provider && o->report)
		return hk_usage_error(hk_cmd_name(), "give --provider (live registers) or --report (a report's), not both");
	if ((code = tsm_mr_logloc(argv[0], &loc)))
		return code;
	/* Extends wait while the log and the registers are read together. */
	if (!o->report)
		lock = hk_lock_take(loc.dirfd, loc.dir, loc.lock);
	dfd = hk_openat(loc.dirfd, loc.dir, O_RDONLY | O_DIRECTORY);
	r = dfd < 0 ? dfd : hk_read_file_alloc(dfd, loc.base, LOG_MAX, &text, &len);
	if (r < 0) {
		hk_err("cannot read the event log %s: %s", loc.shown, strerror(-r));
		code = r == -ENOENT ? HK_EXIT_NOTFOUND : tsm_mr_errno_code(-r);
		goto out;
	}
	r = tsm_cel_parse((const char *)text, len, &log);
	if (r < 0) {
		hk_err("cannot replay the event log %s: %s", loc.shown, r == -ENOMEM ? strerror(ENOMEM) : log.error);
		code = r == -ENOMEM ? HK_EXIT_IO : HK_EXIT_USAGE;
		goto out;
	}
	if ((code = load_values(o, &m)))
		goto out;
	code = compare(&log, &m, o) ? HK_EXIT_OK : HK_EXIT_NO;
out:
	tsm_mr_logloc_close(&loc);
	tsm_mrs_close(&m);
	tsm_cel_free(&log);
	free(text);
	if (dfd >= 0)
		close(dfd);
	if (lock >= 0)
		close(lock);
	return code;
}

const struct hk_cmd tsm_cmd_mr_replay = {
	.name = "replay",
	.synopsis = "[--report FILE | --provider NAME] [--json] LOG",
	.help = "Recompute the registers from an event log and compare",
	HK_CMD_OPTS(struct replay_opts, replay_options),
	.args = 1,
	.args_name = "event LOG",
	.man = "tsmctl-mr",
	.run = mr_replay,
};
