// SPDX-License-Identifier: GPL-2.0-or-later
/* sha256() (sha256.h) for tsmctl-evidence, from libcrypto: the helper checks
 * the mock_tsm digest (decode.c, the one place of that rule) with OpenSSL,
 * while the static tsmctl keeps its own small implementation. */
#include <openssl/sha.h>

#include "sha256.h"

void sha256(const void *data, size_t len, uint8_t out[SHA256_LEN])
{
	SHA256(data, len, out);
}
