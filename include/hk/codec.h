/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hex and base64 (RFC 4648) codecs; decoders are strict. */
#ifndef HK_CODEC_H
#define HK_CODEC_H

#include <stddef.h>
#include <stdint.h>

/* Output sizes including the terminating NUL. */
#define HK_HEX_LEN(n) ((n) * 2 + 1)
#define HK_BASE64_LEN(n) ((((n) + 2) / 3) * 4 + 1)

/* The lowercase hex digits, the one table every encoder uses. */
extern const char hk_hexdigits[16];

void hk_hex_encode(const uint8_t *in, size_t len, char *out);
/* The value of one hex digit (either case), or -1. */
int hk_hex_digit(char c);
/* Decode an even-length hex string (either case) of at most max bytes.
 * -EINVAL for odd length or a non-hex digit, -EFBIG if longer than max. */
int hk_hex_decode(const char *in, uint8_t *out, size_t max, size_t *len);

/* A GUID as the kernel's guid_parse() takes one: exactly 8-4-4-4-12 hex
 * digits (either case). Its 16 bytes in text order into out; -EINVAL. */
int hk_guid_parse(const char *s, uint8_t out[16]);

void hk_base64_encode(const uint8_t *in, size_t len, char *out);
/* Decode padded base64; -EINVAL for a bad character, bad padding or
 * non-zero pad bits, -EFBIG if longer than max. */
int hk_base64_decode(const char *in, uint8_t *out, size_t max, size_t *len);

#endif
