// SPDX-License-Identifier: GPL-2.0-or-later
/* Recording the checks of tsmctl verify (evidence.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hk/err.h"
#include "evidence.h"

void ev_add(struct ev_result *r, const char *id, enum ev_kind kind, enum ev_outcome outcome,
	    const char *fmt, ...)
{
	struct ev_check *c;
	va_list ap;

	if (r->n >= EV_CHECKS_MAX)
		return;
	c = &r->checks[r->n++];
	if (r->n == EV_CHECKS_MAX) {	/* never drop a failure silently */
		c->id = "verify.checks";
		c->kind = EV_FORMAT;
		c->outcome = EV_FAIL;
		snprintf(c->detail, sizeof(c->detail), "more than %d checks: the rest were not recorded",
			 EV_CHECKS_MAX - 1);
		return;
	}
	c->id = id;
	c->kind = kind;
	c->outcome = outcome;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
}

int ev_file_error(struct ev_result *r, const char *option, const char *path, int err, const char *why)
{
	snprintf(r->error, sizeof(r->error), "%s '%s': %s", option, path, why ? why : strerror(err));
	return -err;
}

bool ev_bind_report_data(struct ev_result *r, const char *id, const uint8_t *report_data, size_t len,
			 const uint8_t *nonce, size_t nonce_len)
{
	size_t i;
	bool bound = nonce_len <= len && memcmp(report_data, nonce, nonce_len) == 0;

	for (i = nonce_len; bound && i < len; i++)
		bound = report_data[i] == 0;
	if (bound)
		ev_add(r, id, EV_BINDING, EV_PASS, "report data equals the nonce (%zu bytes), zero-padded to %zu",
		       nonce_len, len);
	else
		ev_add(r, id, EV_BINDING, EV_FAIL, "report data differs from the nonce (%zu bytes), zero-padded to %zu",
		       nonce_len, len);
	return bound;
}

/* What the checks add up to. */
struct tally {
	const struct ev_check *format_fail, *fail, *skip;
	bool bound, signed_ok;
};

static struct tally tally(const struct ev_result *r)
{
	struct tally t = { 0 };
	bool unbound = false;
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct ev_check *c = &r->checks[i];

		if (c->outcome == EV_FAIL && c->kind == EV_FORMAT && !t.format_fail)
			t.format_fail = c;
		if (c->outcome == EV_FAIL && !t.fail)
			t.fail = c;
		/* Collateral is optional; a format check is never skipped for want of keys. */
		if (c->outcome == EV_SKIP && c->kind != EV_COLLATERAL && c->kind != EV_FORMAT && !t.skip)
			t.skip = c;
		if (c->kind == EV_BINDING) {
			t.bound |= c->outcome == EV_PASS;
			unbound |= c->outcome != EV_PASS;
		}
		t.signed_ok |= c->kind == EV_SIGNATURE && c->outcome == EV_PASS;
	}
	t.bound &= !unbound;
	return t;
}

int ev_answer(const struct ev_result *r, bool check_signature)
{
	struct tally t = tally(r);

	if (t.format_fail)
		return HK_EXIT_USAGE;
	if (t.fail || !t.bound)
		return HK_EXIT_NO;
	if (!check_signature || r->unsigned_format)
		return HK_EXIT_OK;
	return t.skip || !t.signed_ok ? HK_EXIT_UNCHECKED : HK_EXIT_OK;
}

const struct ev_check *ev_deciding(const struct ev_result *r, bool check_signature)
{
	struct tally t = tally(r);

	if (t.format_fail)
		return t.format_fail;
	if (t.fail)
		return t.fail;
	if (ev_answer(r, check_signature) == HK_EXIT_UNCHECKED)
		return t.skip;
	return NULL;
}

const char *ev_kind_name(enum ev_kind kind)
{
	static const char *const names[] = { "format", "binding", "signature", "chain", "claim", "collateral" };

	return (size_t)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "unknown";
}

const char *ev_outcome_name(enum ev_outcome outcome)
{
	static const char *const names[] = { "pass", "fail", "skip" };

	return (size_t)outcome < sizeof(names) / sizeof(names[0]) ? names[outcome] : "unknown";
}
