// SPDX-License-Identifier: GPL-2.0-or-later
/* Reading an entry's attributes: blobs and the generation, with a caught
 * signal ending the wait, and what an entry says about itself. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>

#include "hk/io.h"
#include "hk/parse.h"
#include "tsm.h"

/* Up to max bytes of an attribute. A line stops at its newline: configfs
 * hands a text attribute's whole value to the first read, so a value that
 * ends in a newline is complete without another read to see the end. A
 * fake tree (tests) holds files and FIFOs, which promise no such thing:
 * there a line too is read to its end. */
static int read_attr(int fd, const char *attr, uint8_t *buf, size_t max, size_t *len, bool line)
{
	size_t got = 0;
	ssize_t n;
	uint8_t extra;
	int afd;

	line = line && !hk_sysroot_is_fake();
	afd = hk_openat_sig(fd, attr, O_RDONLY, tsm_caught);
	if (afd < 0)
		return afd;
	for (;;) {
		n = hk_read_sig(afd, buf + got, max - got, tsm_caught);
		if (n <= 0)
			break;
		got += (size_t)n;
		if (got == max) {
			n = hk_read_sig(afd, &extra, 1, tsm_caught);
			if (n > 0)
				n = -EFBIG;
			break;
		}
		if (line && buf[got - 1] == '\n')
			break;
	}
	close(afd);
	if (n < 0)
		return (int)n;
	*len = got;
	return 0;
}

int tsm_read_blob(int fd, const char *attr, uint8_t *buf, size_t max, size_t *len)
{
	return read_attr(fd, attr, buf, max, len, false);
}

int tsm_read_line(int fd, const char *attr, char *buf, size_t size)
{
	size_t len;
	int r;

	if (size < 2)
		return -EINVAL;
	r = read_attr(fd, attr, (uint8_t *)buf, size - 1, &len, true);
	if (r < 0)
		return r;
	buf[len] = 0;
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = 0;
	return 0;
}

int tsm_read_generation(int fd, const char *attr, uint64_t *gen)
{
	char buf[32];
	uint64_t v;
	int r;

	r = tsm_read_line(fd, attr, buf, sizeof(buf));
	if (r < 0)
		return r;
	r = hk_parse_u64(buf, 0, UINT64_MAX, &v);
	if (r < 0)
		return r;
	*gen = v;
	return 0;
}

static int cmp_attr(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

void tsm_entry_info(int fd, struct tsm_info *info)
{
	struct dirent *de;
	DIR *d;
	int dfd, r;

	memset(info, 0, sizeof(*info));
	r = hk_read_str(fd, "provider", info->provider, sizeof(info->provider));
	if (r < 0) {
		info->provider[0] = 0;
		info->provider_err = r;
	}
	info->have_generation = tsm_read_generation(fd, "generation", &info->generation) == 0;
	info->have_floor = hk_read_s64(fd, "privlevel_floor", &info->floor) == 0;
	dfd = hk_openat(fd, ".", O_RDONLY | O_DIRECTORY);
	d = dfd < 0 ? NULL : fdopendir(dfd);
	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return;
	}
	while ((de = readdir(d)) && info->nattrs < sizeof(info->attrs) / sizeof(info->attrs[0])) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(info->attrs[0]))
			continue;
		strcpy(info->attrs[info->nattrs++], de->d_name);
	}
	closedir(d);
	qsort(info->attrs, info->nattrs, sizeof(info->attrs[0]), cmp_attr);
}
