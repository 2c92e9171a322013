/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The caller's nonce as bytes: hex, base64 or a file's raw contents. */
#ifndef TSM_NONCE_H
#define TSM_NONCE_H

#include <stddef.h>
#include <stdint.h>

#include "tsm.h"

#define TSM_NONCE_MAX TSM_INBLOB_MAX
/* Room for any message tsm_nonce_parse() writes, with a file name. */
#define TSM_NONCE_ERR_MAX (PATH_MAX + 128)

enum tsm_nonce_form {
	TSM_NONCE_HEX,		/* --nonce */
	TSM_NONCE_BASE64,	/* --nonce-base64 */
	TSM_NONCE_RAW,		/* --nonce-file: the bytes themselves */
};

/* The n bytes at in, in form, as a nonce of 1 to TSM_NONCE_MAX bytes: 0 with
 * them in nonce and *len; or -EINVAL (empty, malformed) or -EFBIG (too long)
 * with one line in err saying why, without the program's name. Hex and
 * base64 text must be followed by a NUL at in[n] (a command-line string); a
 * NUL inside it is malformed. Raw bytes came from file, or from standard
 * input if file is NULL; a reader needs to pass at most TSM_NONCE_MAX + 1. */
int tsm_nonce_parse(enum tsm_nonce_form form, const char *in, size_t n, const char *file,
		    uint8_t nonce[TSM_NONCE_MAX], size_t *len, char *err, size_t errsize);

/* The inblob rule of provider (Linux 6.12; arm_cca_guest 6.13+): 0 if a
 * nonce of len bytes is one it takes, else -1 with the rule in *rule
 * ("exactly 64 bytes"). An unknown provider takes what configfs takes. */
int tsm_inblob_rule(const char *provider, size_t len, const char **rule);

#endif
