/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The checks of tsmctl verify, as the helper tsmctl-evidence runs them (it
 * links libcrypto and libcbor, which the static tsmctl cannot hold).
 *
 * Each provider's verifier is one function that records every check it made,
 * in order, as it made it: what was checked (a stable id, also the JSON
 * key), what kind of check it is, the outcome, and one line saying why. A
 * verifier never prints and never decides the exit code: the caller derives
 * the answer from the checks (ev_answer()), so every provider answers the
 * same way. A check that could not run (no certificates, no collateral) is
 * EV_SKIP with the reason, never EV_PASS. */
#ifndef TSM_EVIDENCE_H
#define TSM_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define EV_CHECKS_MAX 48
#define EV_DETAIL_MAX 240

enum ev_kind {
	EV_FORMAT,	/* the bytes are a well-formed report of this provider */
	EV_BINDING,	/* the nonce is bound (REPORT_DATA, a token's challenge) */
	EV_SIGNATURE,	/* a signature over the report or a token */
	EV_CHAIN,	/* a certificate (or key) chains to a pinned or given root */
	EV_CLAIM,	/* a signed claim agrees with a certificate (chip ID, TCB) */
	EV_COLLATERAL,	/* revocation, TCB status: only with collateral files */
};

enum ev_outcome {
	EV_PASS,
	EV_FAIL,
	EV_SKIP,	/* not checked; the detail says why */
};

struct ev_check {
	const char *id;		/* e.g. "snp.report_signature"; a string literal */
	enum ev_kind kind;
	enum ev_outcome outcome;
	char detail[EV_DETAIL_MAX];
};

struct ev_result {
	struct ev_check checks[EV_CHECKS_MAX];
	size_t n;
	/* Set by a verifier of a format that has no signature (mock_tsm): its
	 * signature check is EV_SKIP "unsigned (mock)" and does not make the
	 * answer HK_EXIT_UNCHECKED; it is never reported as signature-valid. */
	bool unsigned_format;
	/* Why a verifier returned -errno (a file it could not use), or "". */
	char error[EV_DETAIL_MAX];
};

/* What verify was given. Files are paths; the verifier reads them. */
struct ev_input {
	const char *provider;		/* sev_guest, tdx_guest, arm_cca_guest, mock_tsm */
	const uint8_t *outblob;
	size_t outblob_len;
	const uint8_t *auxblob;		/* NULL when the report has none */
	size_t auxblob_len;
	const uint8_t *nonce;		/* the expected nonce (1 to 64 bytes) */
	size_t nonce_len;
	bool check_signature;		/* false with --no-signature */
	const char *const *anchors;	/* --trust-anchor PEM files; none: the pinned roots */
	size_t nanchors;
	const char *certs;		/* --certs FILE, or NULL */
	const char *const *crls;	/* --crl FILE (PEM or DER), repeatable */
	size_t ncrls;
	const char *tcb_info;		/* TDX TCB info JSON, or NULL */
	const char *qe_identity;	/* TDX QE identity JSON, or NULL */
	const char *cpak;		/* CCA platform attestation key (PEM), or NULL */
	time_t now;			/* certificates are judged valid at this time */
};

/* Record one check; the detail is printf-formatted and truncated to fit. A
 * result that is full keeps its last slot for an EV_FORMAT failure saying so. */
void ev_add(struct ev_result *r, const char *id, enum ev_kind kind, enum ev_outcome outcome,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* A file given on the command line that cannot be used: says which and why
 * in r->error (why NULL: strerror(err)) and returns -err. */
int ev_file_error(struct ev_result *r, const char *option, const char *path, int err, const char *why);

/* The shared REPORT_DATA rule: is the nonce, zero-padded to len bytes, equal
 * to the report's report data? Records "<prefix>.nonce" as EV_BINDING. */
bool ev_bind_report_data(struct ev_result *r, const char *id, const uint8_t *report_data, size_t len,
			 const uint8_t *nonce, size_t nonce_len);

/* Each provider's verifier: 0 with every check recorded (failures included),
 * or -errno when it could not run at all (ENOMEM, a file it was given that
 * cannot be read: then it has recorded nothing misleading). */
int ev_verify_snp(const struct ev_input *in, struct ev_result *r);
int ev_verify_tdx(const struct ev_input *in, struct ev_result *r);
int ev_verify_cca(const struct ev_input *in, struct ev_result *r);
int ev_verify_mock(const struct ev_input *in, struct ev_result *r);
/* A provider whose reports tsmctl can decode but whose signature it cannot
 * check: the format and the binding (decode.c), the signature EV_SKIP. */
int ev_verify_decoded(const struct ev_input *in, struct ev_result *r);

/* Decode the outblob as in->provider's report (decode.c), recording check
 * id (EV_FORMAT) either way: true when it is one. */
struct tsm_decoded;
bool ev_decode(const struct ev_input *in, struct ev_result *r, const char *id, struct tsm_decoded *d);

/* How tsmctl verify's summary lines name a provider's evidence. */
struct ev_wording {
	const char *nonce_in;	/* what carries the nonce: "REPORT_DATA" */
	const char *sig_valid;	/* why a valid signature is trusted: "chains to ..." */
	const char *sig_result;	/* the same, for the Result line */
};

/* The verifiers by provider name (providers.c), NULL-terminated. */
struct ev_provider {
	const char *name;
	int (*verify)(const struct ev_input *in, struct ev_result *r);
	const struct ev_wording *words;
};
extern const struct ev_provider ev_providers[];
const struct ev_provider *ev_provider_find(const char *name);

/* The answer, from the checks alone, the one rule for every provider:
 * HK_EXIT_USAGE if an EV_FORMAT check failed (not such a report);
 * HK_EXIT_NO if any other check failed or no binding check passed;
 * HK_EXIT_OK with check_signature false, or for an unsigned format;
 * HK_EXIT_UNCHECKED if a check other than EV_COLLATERAL was skipped or no
 * EV_SIGNATURE check passed; else HK_EXIT_OK. */
int ev_answer(const struct ev_result *r, bool check_signature);
/* The check that decided the answer: the first failure (format failures
 * first), else the first skip that made it UNCHECKED; NULL for OK. */
const struct ev_check *ev_deciding(const struct ev_result *r, bool check_signature);
const char *ev_kind_name(enum ev_kind kind);
const char *ev_outcome_name(enum ev_outcome outcome);

#endif
