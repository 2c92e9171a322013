/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libmnl wrappers: audit records and kernel uevents. */
#ifndef HK_NL_H
#define HK_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <libmnl/libmnl.h>

/* libaudit's record type for a user-space configuration change; the kernel
 * header does not name it. */
#ifndef AUDIT_USYS_CONFIG
#define AUDIT_USYS_CONFIG 1111
#endif

/* Large enough for any audit ack or uevent (MNL_SOCKET_BUFFER_SIZE is not constant). */
#define HK_NL_BUFSIZE 8192

struct hk_nl {
	struct mnl_socket *sock;
	unsigned int portid;
	unsigned int seq;
};

/* Open and bind a netlink socket of `bus`, joining `groups`. -errno. */
int hk_nl_open(struct hk_nl *nl, int bus, unsigned int groups);
void hk_nl_close(struct hk_nl *nl);

/* Send a user-space audit record of `type` (e.g. AUDIT_USYS_CONFIG) with
 * `text` and wait for the kernel's ack. 0 when sent; -errno otherwise.
 * hk_audit_unavailable() tells the errors that mean "no audit here". */
int hk_audit_user_message(int type, const char *text);
int hk_audit_unavailable(int err);
/* The same as libaudit's audit_log_user_message(): `fields` (names from the
 * audit field dictionary, e.g. "op=... feature=... old=... new=...") then
 * exe=, hostname=, addr=, terminal= and res=success|failed. Never key=:
 * audit tools read it as the key of the audit rule that fired. */
int hk_audit_log_user(int type, const char *fields, bool success);

/* A kernel uevent split into its fields. */
struct hk_uevent {
	const char *action;
	const char *devpath;
	const char *subsystem;
	const char *vars[64];	/* "KEY=value" strings, pointing into buf */
	size_t nvars;
};

/* Parse one NETLINK_KOBJECT_UEVENT datagram (kernel format: "action@devpath"
 * then NUL-terminated KEY=value strings, ACTION, DEVPATH, SUBSYSTEM and a
 * decimal SEQNUM among them, agreeing with the header; no empty string, no
 * repeated key). buf is modified. -EINVAL if malformed, -E2BIG for more
 * variables than vars[] holds; *ev is zeroed on failure. */
int hk_uevent_parse(char *buf, size_t len, struct hk_uevent *ev);
const char *hk_uevent_get(const struct hk_uevent *ev, const char *key);
/* Receive one datagram with its sender's port ID (0: the kernel) and
 * multicast groups. -EMSGSIZE for a truncated datagram, else -errno. */
ssize_t hk_uevent_recv(struct hk_nl *nl, char *buf, size_t size, unsigned int *pid,
		       unsigned int *groups, int flags);

#endif
