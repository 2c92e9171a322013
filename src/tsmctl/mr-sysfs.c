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

#include "hk/cmd.h"
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

/* --provider NAME: a misc device, one path component. */
static int opt_provider(const struct hk_opt *o, const char *arg, void *dst)
{
	if (!*arg || strchr(arg, '/') || strcmp(arg, ".") == 0 || strcmp(arg, "..") == 0 ||
	    strlen(arg) >= sizeof(((struct tsm_mrs *)0)->provider))
		return hk_opt_error(o, "'%s' is not the name of a device in /%s", arg, MISC_DIR);
	*(const char **)dst = arg;
	return 0;
}

const struct hk_opt tsm_mr_sel_options[] = {
	HK_OPT_PARSE(struct tsm_mr_sel, provider, "provider", 'p', "NAME", opt_provider,
		     "The provider whose registers to use (default: the only one with registers)"),
	HK_OPT_END
};

/* The misc devices with a measurements directory, sorted: how many, their
 * names in list, and the first one's directory in m (m->dirfd, m->provider). */
static size_t scan_providers(int misc, struct tsm_mrs *m, char *list, size_t size)
{
	char **names = NULL, path[PATH_MAX];
	size_t n = 0, i, found = 0, len = 0;
	int fd;

	list[0] = '\0';
	if (sorted_names(misc, &names, &n) < 0)
		return 0;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/measurements", names[i]);
		if ((fd = hk_openat(misc, path, O_RDONLY | O_DIRECTORY)) < 0)
			continue;
		if (!found++) {
			m->dirfd = fd;
			snprintf(m->provider, sizeof(m->provider), "%s", names[i]);
		} else {
			close(fd);
		}
		if (len < size)
			len += (size_t)snprintf(list + len, size - len, "%s%s", found > 1 ? ", " : "", names[i]);
	}
	free_names(names, n);
	return found;
}

/* The provider named: 0, or an exit code after a message. */
static int open_named(int misc, const char *want, struct tsm_mrs *m, const char *list)
{
	char path[PATH_MAX];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/measurements", want);
	fd = hk_openat(misc, path, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		m->dirfd = fd;
		snprintf(m->provider, sizeof(m->provider), "%s", want);
		return HK_EXIT_OK;
	}
	if (fd != -ENOENT) {
		hk_err("cannot open /%s/%s: %s", MISC_DIR, path, strerror(-fd));
		return tsm_mr_errno_code(-fd);
	}
	if (fstatat(misc, want, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		hk_err("no provider '%s': no /%s/%s (providers with measurement registers: %s)", want, MISC_DIR,
		       want, *list ? list : "none");
		return HK_EXIT_NOTFOUND;
	}
	hk_err("provider '%s' has no measurement registers: no /%s/%s (providers with them: %s)", want, MISC_DIR,
	       path, *list ? list : "none");
	return HK_EXIT_UNSUPPORTED;
}

int tsm_mrs_load(struct tsm_mrs *m, const char *provider)
{
	char list[256] = "";
	int root = hk_sysroot_fd(), misc = -1, r = HK_EXIT_OK;
	size_t found = 0;

	memset(m, 0, sizeof(*m));
	m->dirfd = -1;
	if (root >= 0)
		misc = hk_openat(root, MISC_DIR, O_RDONLY | O_DIRECTORY);
	if (misc >= 0)
		found = scan_providers(misc, m, list, sizeof(list));
	if (provider) {
		tsm_mrs_close(m);
		r = misc >= 0 ? open_named(misc, provider, m, list) : HK_EXIT_OK;
	} else if (found > 1) {
		tsm_mrs_close(m);
		r = hk_usage_error(hk_cmd_name(), "cannot tell which provider's measurement registers to use (%s have them): give --provider NAME",
				   list);
	}
	if (misc >= 0)
		close(misc);
	if (r)
		return r;
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
