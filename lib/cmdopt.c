// SPDX-License-Identifier: GPL-2.0-or-later
/* A command's option table, described once as struct hk_opt rows, turned
 * into popt tables for parsing and help, and every value converted and
 * range-checked into the command's option struct. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmdopt.h"
#include "hk/err.h"
#include "hk/parse.h"

#define HELP_VAL 0x4801

static struct poptOption help_poptions[] = {
	{ "help", 'h', POPT_ARG_NONE, NULL, HELP_VAL, "Show this help and exit", NULL },
	POPT_TABLEEND
};

int hk_opt_error(const struct hk_opt *o, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return hk_usage_error(hk_cmd_name(), "--%s: %s", o->name, msg);
}

static int add_slot(struct hk_optset *os, const struct hk_opt *o, size_t off)
{
	if (os->nslots >= HK_OPTSET_SLOTS)
		return -E2BIG;
	os->slot[os->nslots].o = o;
	os->slot[os->nslots].off = off;
	os->nslots++;
	return 0;
}

static int flatten(struct hk_optset *os, const struct hk_opt *t, size_t base)
{
	int r;

	for (; t && t->type != HK_OPT_T_END; t++) {
		switch (t->type) {
		case HK_OPT_T_GROUP:
			if (os->nsections >= HK_OPTSET_SECTIONS)
				return -E2BIG;
			os->first[os->nsections] = os->nslots;
			os->heading[os->nsections++] = t->help;
			break;
		case HK_OPT_T_INCLUDE:
			r = flatten(os, t->table, base + t->off);
			if (r < 0)
				return r;
			break;
		default:
			r = add_slot(os, t, base + t->off);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* The popt row of slot i: its val is i + 1 (0 would mean "stored"). */
static struct poptOption row(const struct hk_optset *os, size_t i)
{
	const struct hk_opt *o = os->slot[i].o;

	return (struct poptOption){ o->name, o->short_name,
				    o->type == HK_OPT_T_FLAG ? POPT_ARG_NONE : POPT_ARG_STRING, NULL,
				    (int)i + 1, o->help, o->arg };
}

int hk_optset_build(struct hk_optset *os, const struct hk_opt *opts)
{
	size_t i, end, n = 0, r = 0;
	struct poptOption *start;
	int s, err;

	memset(os, 0, sizeof(*os));
	os->nsections = 1;	/* section 0: options before any heading */
	err = flatten(os, opts, 0);
	if (err < 0)
		return err;
	for (s = 0; s < os->nsections; s++) {
		end = s + 1 < os->nsections ? os->first[s + 1] : os->nslots;
		if (s == 0) {
			for (i = 0; i < end; i++)
				os->top[n++] = row(os, i);
			continue;
		}
		start = &os->rows[r];
		for (i = os->first[s]; i < end; i++)
			os->rows[r++] = row(os, i);
		r++;	/* POPT_TABLEEND: zeroed */
		os->top[n++] = (struct poptOption){ NULL, '\0', POPT_ARG_INCLUDE_TABLE, start, 0,
						    os->heading[s], NULL };
	}
	os->top[n] = (struct poptOption){ NULL, '\0', POPT_ARG_INCLUDE_TABLE, help_poptions, 0,
					  "Help options:", NULL };
	return 0;
}

static int bad_number(const struct hk_opt *o, const char *arg, int r)
{
	const char *u = o->unit ? o->unit : "";
	const char *sp = o->unit ? " " : "";

	if (r == -ERANGE) {
		if (o->type == HK_OPT_T_INT || o->type == HK_OPT_T_S64)
			return hk_opt_error(o, "'%s' is out of range (%lld to %lld%s%s)", arg,
					    (long long)o->min, (long long)o->max, sp, u);
		return hk_opt_error(o, "'%s' is out of range (%llu to %llu%s%s)", arg,
				    (unsigned long long)o->min, (unsigned long long)o->max, sp, u);
	}
	return hk_opt_error(o, "'%s' is not a whole number%s%s", arg, o->unit ? " of " : "", u);
}

static int choice(const struct hk_opt *o, const char *arg, int *dst)
{
	char list[256] = "";
	size_t len = 0;
	int i;

	for (i = 0; o->choices[i]; i++)
		if (strcmp(o->choices[i], arg) == 0) {
			*dst = i;
			return 0;
		}
	for (i = 0; o->choices[i] && len < sizeof(list); i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
					o->choices[i]);
	return hk_opt_error(o, "'%s' is not one of %s", arg, list);
}

/* 0, or an HK_EXIT_* code after one message. */
static int convert(const struct hk_opt *o, const char *arg, void *dst)
{
	int r;

	/* popt gives every option but a flag its argument. */
	if (!arg && o->type != HK_OPT_T_FLAG)
		return hk_opt_error(o, "missing argument");
	switch (o->type) {
	case HK_OPT_T_FLAG:
		*(bool *)dst = true;
		return 0;
	case HK_OPT_T_STR:
		*(const char **)dst = arg;
		return 0;
	case HK_OPT_T_UINT:
		r = hk_parse_uint(arg, (unsigned int)o->min, (unsigned int)o->max, dst);
		break;
	case HK_OPT_T_INT:
		r = hk_parse_int(arg, (int)o->min, (int)o->max, dst);
		break;
	case HK_OPT_T_U64:
		r = hk_parse_u64(arg, (uint64_t)o->min, o->max, dst);
		break;
	case HK_OPT_T_S64:
		r = hk_parse_s64(arg, o->min, (int64_t)o->max, dst);
		break;
	case HK_OPT_T_CHOICE:
		return choice(o, arg, dst);
	case HK_OPT_T_PARSE:
		return o->parse(o, arg, dst);
	default:
		return hk_opt_error(o, "no conversion for this option (a bug)");
	}
	return r < 0 ? bad_number(o, arg, r) : 0;
}

int hk_optset_parse(struct hk_optset *os, poptContext ctx, char *vals)
{
	const struct hk_optslot *sl;
	char *arg;
	int rc, r;

	while ((rc = poptGetNextOpt(ctx)) > 0) {
		if (rc == HELP_VAL)
			return HK_OPTSET_HELP;
		if ((size_t)rc > os->nslots)
			return hk_usage_error(hk_cmd_name(), "unexpected option code %d", rc);
		sl = &os->slot[rc - 1];
		arg = poptGetOptArg(ctx);	/* ours to free; NULL for a flag */
		if (arg) {
			/* A repeated option: the last one counts. */
			free(os->owned[rc - 1]);
			os->owned[rc - 1] = arg;
		}
		r = convert(sl->o, arg, vals + sl->off);
		if (r)
			return r;
	}
	if (rc < -1)
		return hk_usage_error(hk_cmd_name(), "%s: %s",
				      poptBadOption(ctx, POPT_BADOPTION_NOALIAS), poptStrerror(rc));
	return 0;
}

void hk_optset_free(struct hk_optset *os)
{
	size_t i;

	for (i = 0; i < HK_OPTSET_SLOTS; i++) {
		free(os->owned[i]);
		os->owned[i] = NULL;
	}
}
