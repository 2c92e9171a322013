// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: reseedwatch's hooks directory rules (src/reseedwatch/hookdir.c).
 * The input is a list of entries, each a byte of stat facts (bits 0-2: file
 * type, 3: stat failed, 4-5: owner root/uid/other, 6: an execute bit,
 * 7: group or world writable) and a name up to a NUL; the first byte says
 * whether the caller is root. Checked: the list comes back in strcmp order,
 * the same names, and an entry runs exactly when every rule allows it. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hookdir.h"

#define MAXE 64

static const mode_t types[8] = { S_IFREG, S_IFREG, S_IFDIR, S_IFLNK, S_IFCHR, S_IFIFO, S_IFSOCK, 0 };

/* The rules once more, written from the man page, not from hookdir.c. */
static bool should_run(const struct rw_hookdir_entry *e, uid_t uid)
{
	size_t len = strlen(e->name), i;
	const char *n = e->name;

	if (len == 0 || n[0] == '.' || n[0] == '#' || n[len - 1] == '~')
		return false;
	for (i = 0; i < len; i++)
		if (n[i] <= ' ' || n[i] >= 0x7f)
			return false;
	if (strstr(n, ".dpkg-") || strstr(n, ".ucf-"))
		return false;
	for (i = 0; i < 5; i++) {
		static const char *const sfx[] = { ".rpmsave", ".rpmnew", ".rpmorig", ".swp", ".bak" };
		size_t k = strlen(sfx[i]);

		if (len >= k && !strcmp(n + len - k, sfx[i]))
			return false;
	}
	return !e->stat_err && S_ISREG(e->mode) && (e->mode & 0111) &&
	       (e->uid == 0 || e->uid == uid) && !(e->mode & 022);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rw_hookdir_entry e[MAXE];
	char *copy, *names[MAXE];
	size_t n = 0, i, run = 0, pos;
	uid_t uid;

	if (size < 1)
		return 0;
	uid = data[0] & 1 ? 0 : 1000;
	copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size - 1] = '\0';
	for (pos = 1; pos + 1 < size && n < MAXE; n++) {
		uint8_t f = (uint8_t)copy[pos++];
		static const uid_t owners[4] = { 0, 1000, 0, 4242 };

		e[n] = (struct rw_hookdir_entry){
			.name = copy + pos,
			.stat_err = f & 8 ? 2 : 0,
			.mode = types[f & 7] | (f & 64 ? 0700 : 0644) | (f & 128 ? 022 : 0),
			.uid = owners[(f >> 4) & 3],
		};
		names[n] = copy + pos;
		pos += strlen(copy + pos) + 1;
	}
	if (rw_hookdir_select(e, n, uid) > n)
		abort();
	for (i = 0; i < n; i++) {
		if (i && strcmp(e[i - 1].name, e[i].name) > 0)
			abort();
		if ((e[i].verdict == RW_HOOKDIR_RUN) != should_run(&e[i], uid))
			abort();
		if (!rw_hookdir_why(e[i].verdict)[0])
			abort();
		run += e[i].verdict == RW_HOOKDIR_RUN;
	}
	/* A permutation of the names given: each pointer still once. */
	for (i = 0; i < n; i++) {
		size_t j, seen = 0;

		for (j = 0; j < n; j++)
			seen += e[j].name == names[i];
		if (seen != 1)
			abort();
	}
	if (run != rw_hookdir_select(e, n, uid))
		abort();
	free(copy);
	return 0;
}
