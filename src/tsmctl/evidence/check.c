// SPDX-License-Identifier: GPL-2.0-or-later
/* Recording the checks of tsmctl verify (evidence.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
