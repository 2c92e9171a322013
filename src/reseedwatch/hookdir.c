// SPDX-License-Identifier: GPL-2.0-or-later
/* The hooks directory's rules, as run-parts(8) and systemd apply theirs:
 * no dotfiles, no backups, only regular executables the running user can
 * trust. Pure functions; the reading stays in hook.c. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hookdir.h"

static int by_name(const void *a, const void *b)
{
	const struct rw_hookdir_entry *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Leftovers of editors (foo~, #foo#, .swp) and package managers (dpkg,
 * ucf, rpm), never meant to run. */
static bool is_backup(const char *s)
{
	size_t len = strlen(s);

	return ends_with(s, len, "~") || s[0] == '#' || strstr(s, ".dpkg-") ||
	       strstr(s, ".ucf-") || ends_with(s, len, ".rpmsave") ||
	       ends_with(s, len, ".rpmnew") || ends_with(s, len, ".rpmorig") ||
	       ends_with(s, len, ".swp") || ends_with(s, len, ".bak");
}

static bool printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

bool rw_hookdir_safe(mode_t mode, uid_t owner, uid_t uid)
{
	return (owner == 0 || owner == uid) && !(mode & (S_IWGRP | S_IWOTH));
}

static enum rw_hookdir_verdict verdict(const struct rw_hookdir_entry *e, uid_t uid)
{
	if (e->name[0] == '.' || e->name[0] == '\0')
		return RW_HOOKDIR_HIDDEN;
	if (!printable(e->name))
		return RW_HOOKDIR_BADNAME;
	if (is_backup(e->name))
		return RW_HOOKDIR_BACKUP;
	if (e->stat_err)
		return RW_HOOKDIR_NOSTAT;
	if (!S_ISREG(e->mode))
		return RW_HOOKDIR_NOTREG;
	if (!(e->mode & (S_IXUSR | S_IXGRP | S_IXOTH)))
		return RW_HOOKDIR_NOEXEC;
	if (e->uid != 0 && e->uid != uid)
		return RW_HOOKDIR_OWNER;
	if (!rw_hookdir_safe(e->mode, e->uid, uid))
		return RW_HOOKDIR_WRITABLE;
	return RW_HOOKDIR_RUN;
}

size_t rw_hookdir_select(struct rw_hookdir_entry *e, size_t n, uid_t uid)
{
	size_t i, run = 0;

	if (n > 1)
		qsort(e, n, sizeof(*e), by_name);
	for (i = 0; i < n; i++) {
		e[i].verdict = verdict(&e[i], uid);
		run += e[i].verdict == RW_HOOKDIR_RUN;
	}
	return run;
}

const char *rw_hookdir_why(enum rw_hookdir_verdict v)
{
	switch (v) {
	case RW_HOOKDIR_RUN:
		return "runs";
	case RW_HOOKDIR_HIDDEN:
		return "its name starts with a dot";
	case RW_HOOKDIR_BACKUP:
		return "its name is that of a backup or package manager leftover";
	case RW_HOOKDIR_BADNAME:
		return "its name has a byte other than printable ASCII";
	case RW_HOOKDIR_NOSTAT:
		return "it cannot be looked at (stat failed)";
	case RW_HOOKDIR_NOTREG:
		return "it is not a regular file";
	case RW_HOOKDIR_NOEXEC:
		return "it is not executable";
	case RW_HOOKDIR_OWNER:
		return "it is owned by neither root nor the user reseedwatch runs as";
	case RW_HOOKDIR_WRITABLE:
		return "it is writable by group or others";
	}
	return "?";
}
