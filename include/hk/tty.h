/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Untrusted strings (entry names, provider strings, report fields, process
 * and device names) made safe to print: one UTF-8 decoder and one escaper. */
#ifndef HK_TTY_H
#define HK_TTY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The well-formed UTF-8 sequence (RFC 3629: shortest form, no surrogates,
 * nothing above U+10FFFF) at the start of s[0..len): its length 1 to 4 and
 * its code point in *cp; 0 if s[0] starts none (a stray, overlong, surrogate,
 * out-of-range or cut-short sequence). */
size_t hk_utf8_char(const char *s, size_t len, uint32_t *cp);

/* C0 controls, DEL and the C1 controls U+0080-U+009F. */
static inline int hk_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/*
 * Human output, whatever stdout is (a terminal, a pipe into less -R, a log
 * that someone cats later): a control character and every byte that is not
 * part of well-formed UTF-8 become \xHH (a C1 control: \xc2\xHH, its two
 * bytes), a backslash before an 'x' becomes \x5c (so every \x in the
 * output is an escape, as in libsmartcols tables), and any other UTF-8
 * passes through. The result holds no control byte and is valid UTF-8.
 */
#define HK_ESC_MAX(n) (4 * (size_t)(n) + 1)	/* room for n bytes escaped, and the NUL */
/* s (len bytes) escaped into buf, NUL-terminated; cut at a character
 * boundary if size is too small. Returns buf, for use as a printf argument. */
const char *hk_escn(const char *s, size_t len, char *buf, size_t size);
const char *hk_esc(const char *s, char *buf, size_t size);
/* fputs(s, out), escaped. EOF on a write error. */
int hk_fputs_careful(const char *s, FILE *out);

/*
 * The text form of a single object (status, show, provider, verify): one
 * "Key:" padded to width, then the value, per line. hk_kv() prints a value
 * the tool wrote itself; hk_kv_str() a string it did not (escaped).
 */
void hk_kv(FILE *out, int width, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void hk_kv_str(FILE *out, int width, const char *key, const char *untrusted);
/* Only the "Key:" and its padding, for a value printed in pieces. */
void hk_kv_key(FILE *out, int width, const char *key);

#endif
