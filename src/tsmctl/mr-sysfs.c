// SPDX-License-Identifier: GPL-2.0-or-later
/* Measurement registers in sysfs (tsm-mr, Linux 6.16): where they are, what
 * they hold, and their hash algorithms through libcrypto. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "hk/err.h"
#include "hk/io.h"
#include "mr.h"

#define MISC_DIR "sys/devices/virtual/misc"

int tsm_mr_cel_index(const char *name)
{
	char *end;
	long n;

	if (strcmp(name, "mrtd") == 0)
		return 0;
	if (strncmp(name, "rtmr", 4) != 0 || name[4] < '0' || name[4] > '9')
		return -1;
	n = strtol(name + 4, &end, 10);
	if (*end || n > 30 || (name[4] == '0' && name[5]))
		return -1;
	return (int)n + 1;
}

const char *tsm_mr_label(const struct tsm_mr *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", r->name, r->hash[0] ? ":" : "", r->hash);
	return buf;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in a directory (no dot files): 0 or -errno. */
static int sorted_names(int fd, char ***out, size_t *n)
{
	char **names = NULL, **nn;
	struct dirent *de;
	size_t cap = 0;
	DIR *d;
	int dfd = dup(fd), e;

	*n = 0;
	*out = NULL;
	if (dfd < 0 || !(d = fdopendir(dfd))) {
		e = errno ? errno : EIO;
		if (dfd >= 0)
			close(dfd);
		return -e;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (*n == cap) {
			nn = realloc(names, (cap = cap ? cap * 2 : 16) * sizeof(*names));
			if (!nn)
				goto oom;
			names = nn;
		}
		if (!(names[*n] = strdup(de->d_name)))
			goto oom;
		++*n;
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), cmp_str);
	*out = names;
	return 0;
oom:
	closedir(d);
	while (*n)
		free(names[--*n]);
	free(names);
	return -ENOMEM;
}

static void free_names(char **names, size_t n)
{
	while (n)
		free(names[--n]);
	free(names);
}

/* One register from its file NAME[:HASH]; false if it is not one. */
static bool load_one(int dirfd, const char *file, struct tsm_mr *r)
{
	const char *colon = strrchr(file, ':');
	size_t nlen = colon ? (size_t)(colon - file) : strlen(file);
	struct stat st;

	memset(r, 0, sizeof(*r));
	if (fstatat(dirfd, file, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
		return false;
	if (nlen == 0 || nlen >= sizeof(r->name) || (colon && strlen(colon + 1) >= sizeof(r->hash)) ||
	    st.st_size <= 0 || st.st_size > TSM_MR_VALUE_MAX)
		return false;
	memcpy(r->name, file, nlen);
	if (colon)
		strcpy(r->hash, colon + 1);
	r->size = (size_t)st.st_size;
	r->readable = st.st_mode & S_IRUSR;
	r->writable = st.st_mode & S_IWUSR;
	r->index = tsm_mr_cel_index(r->name);
	if (r->readable && hk_read_file(dirfd, file, r->value, r->size) == (ssize_t)r->size)
		r->have_value = true;
	return true;
}

static int load_regs(struct tsm_mrs *m)
{
	char **names = NULL;
	size_t n = 0, i;
	int r = sorted_names(m->dirfd, &names, &n);

	if (r < 0) {
		hk_err("cannot list /%s/%s/measurements: %s", MISC_DIR, m->provider, strerror(-r));
		return r == -EACCES ? HK_EXIT_PERM : HK_EXIT_IO;
	}
	for (i = 0; i < n && m->n < TSM_MR_MAX; i++)
		if (load_one(m->dirfd, names[i], &m->mr[m->n]))
			m->n++;
	free_names(names, n);
	return HK_EXIT_OK;
}

int tsm_mrs_load(struct tsm_mrs *m)
{
	char **names = NULL, path[PATH_MAX];
	size_t n = 0, i;
	int root = hk_sysroot_fd(), misc = -1, r;

	memset(m, 0, sizeof(*m));
	m->dirfd = -1;
	if (root >= 0)
		misc = hk_openat(root, MISC_DIR, O_RDONLY | O_DIRECTORY);
	if (misc >= 0 && sorted_names(misc, &names, &n) == 0) {
		/* One TSM provider registers at a time: the first misc device
		 * with measurements is it. */
		for (i = 0; i < n && m->dirfd < 0; i++) {
			snprintf(path, sizeof(path), "%s/measurements", names[i]);
			m->dirfd = hk_openat(misc, path, O_RDONLY | O_DIRECTORY);
			if (m->dirfd >= 0)
				snprintf(m->provider, sizeof(m->provider), "%s", names[i]);
		}
		free_names(names, n);
	}
	if (misc >= 0)
		close(misc);
	if (m->dirfd < 0) {
		hk_err("no measurement registers: no /%s/*/measurements (tsm-mr needs Linux 6.16 and a TSM provider with registers, or the mock_tsm module)",
		       MISC_DIR);
		return HK_EXIT_UNSUPPORTED;
	}
	r = load_regs(m);
	if (r)
		tsm_mrs_close(m);
	return r;
}

void tsm_mrs_close(struct tsm_mrs *m)
{
	if (m->dirfd >= 0)
		close(m->dirfd);
	m->dirfd = -1;
}

struct tsm_mr *tsm_mrs_find(struct tsm_mrs *m, const char *name)
{
	char label[TSM_MR_NAME_MAX + 20];
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->mr[i].name, name) == 0 ||
		    strcmp(tsm_mr_label(&m->mr[i], label, sizeof(label)), name) == 0)
			return &m->mr[i];
	return NULL;
}

struct tsm_hash {
	EVP_MD_CTX *ctx;
	EVP_MD *md;
};

int tsm_hash_begin(struct tsm_hash **hp, const char *algo, size_t want)
{
	struct tsm_hash *h;

	*hp = NULL;
	/* No configuration file: the tool hashes, nothing else. */
	OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
	if (!(h = calloc(1, sizeof(*h))))
		return -ENOMEM;
	h->md = EVP_MD_fetch(NULL, algo, NULL);
	if (!h->md) {
		free(h);
		return -ENOENT;
	}
	if ((size_t)EVP_MD_get_size(h->md) != want) {
		EVP_MD_free(h->md);
		free(h);
		return -EINVAL;
	}
	h->ctx = EVP_MD_CTX_new();
	if (!h->ctx || !EVP_DigestInit_ex(h->ctx, h->md, NULL)) {
		EVP_MD_CTX_free(h->ctx);
		EVP_MD_free(h->md);
		free(h);
		return -ENOMEM;
	}
	*hp = h;
	return 0;
}

int tsm_hash_update(struct tsm_hash *h, const void *buf, size_t len)
{
	return EVP_DigestUpdate(h->ctx, buf, len) ? 0 : -EIO;
}

/* Frees h whatever happens. */
int tsm_hash_end(struct tsm_hash *h, uint8_t *out)
{
	int r = EVP_DigestFinal_ex(h->ctx, out, NULL) ? 0 : -EIO;

	EVP_MD_CTX_free(h->ctx);
	EVP_MD_free(h->md);
	free(h);
	return r;
}

int tsm_mr_extend_value(const char *algo, size_t size, uint8_t *value, const uint8_t *digest)
{
	struct tsm_hash *h;
	int r = tsm_hash_begin(&h, algo, size);

	if (r < 0)
		return r;
	if ((r = tsm_hash_update(h, value, size)) < 0 || (r = tsm_hash_update(h, digest, size)) < 0) {
		uint8_t scratch[EVP_MAX_MD_SIZE];

		tsm_hash_end(h, scratch);
		return r;
	}
	return tsm_hash_end(h, value);
}
