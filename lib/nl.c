// SPDX-License-Identifier: GPL-2.0-or-later
/* libmnl wrappers: open/bind, a receive loop that turns NLMSG_ERROR into
 * -errno, user-space audit records, and kernel uevent parsing. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/netlink.h>

#include "hk/nl.h"

int hk_nl_open(struct hk_nl *nl, int bus, unsigned int groups)
{
	memset(nl, 0, sizeof(*nl));
	nl->sock = mnl_socket_open2(bus, SOCK_CLOEXEC);
	if (!nl->sock)
		return -errno;
	if (mnl_socket_bind(nl->sock, groups, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		mnl_socket_close(nl->sock);
		nl->sock = NULL;
		return err;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (unsigned int)time(NULL);
	return 0;
}

void hk_nl_close(struct hk_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

/* Wait for the ack of request `seq`: 0, or the kernel's -errno. */
static int nl_wait_ack(struct hk_nl *nl, unsigned int seq)
{
	char buf[HK_NL_BUFSIZE];
	ssize_t n;
	int r;

	for (;;) {
		n = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		r = mnl_cb_run(buf, (size_t)n, seq, nl->portid, NULL, NULL);
		if (r <= MNL_CB_ERROR)
			return -errno;
		if (r == MNL_CB_STOP)
			return 0;
	}
}

int hk_audit_unavailable(int err)
{
	err = err < 0 ? -err : err;
	return err == EPROTONOSUPPORT || err == EINVAL || err == EAFNOSUPPORT ||
	       err == ECONNREFUSED;
}

int hk_audit_user_message(int type, const char *text)
{
	char buf[HK_NL_BUFSIZE];
	struct nlmsghdr *nlh;
	struct hk_nl nl;
	size_t len = strlen(text);
	int r;

	if (len + 1 + MNL_NLMSG_HDRLEN > sizeof(buf))
		return -EMSGSIZE;
	r = hk_nl_open(&nl, NETLINK_AUDIT, 0);
	if (r < 0)
		return r;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = (uint16_t)type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nl.seq;
	memcpy(mnl_nlmsg_put_extra_header(nlh, len + 1), text, len + 1);
	if (mnl_socket_sendto(nl.sock, nlh, nlh->nlmsg_len) < 0)
		r = -errno;
	else
		r = nl_wait_ack(&nl, nlh->nlmsg_seq);
	hk_nl_close(&nl);
	return r;
}

/* A value of an "encoded" field (exe=): quoted when plain, else hex, as
 * audit_encode_nv_string() of libaudit does. */
static void audit_encode(char *buf, size_t size, const char *val)
{
	const unsigned char *p;
	size_t n = 0;
	bool plain = true;

	for (p = (const unsigned char *)val; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '"')
			plain = false;
	if (plain) {
		snprintf(buf, size, "\"%s\"", val);
		return;
	}
	for (p = (const unsigned char *)val; *p && n + 3 <= size; p++)
		n += (size_t)snprintf(buf + n, size - n, "%02X", *p);
	if (n == 0 && size)
		buf[0] = 0;
}

int hk_audit_log_user(int type, const char *fields, bool success)
{
	char text[1024], exe[4096], enc[2 * sizeof(exe) + 3], tty[64] = "?";
	const char *t;
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n < 0 ? 0 : n] = 0;
	audit_encode(enc, sizeof(enc), n > 0 ? exe : "?");
	t = ttyname(STDIN_FILENO);
	if (t && strncmp(t, "/dev/", 5) == 0)
		t += 5;
	if (t && *t && !strpbrk(t, " \"'"))
		snprintf(tty, sizeof(tty), "%s", t);
	if (snprintf(text, sizeof(text), "%s exe=%s hostname=? addr=? terminal=%s res=%s", fields,
		     enc, tty, success ? "success" : "failed") >= (int)sizeof(text))
		return -EMSGSIZE;
	return hk_audit_user_message(type, text);
}

/* The kernel's format (lib/kobject_uevent.c): "action@devpath", then one
 * NUL-terminated KEY=value string per variable, ACTION, DEVPATH, SUBSYSTEM
 * and SEQNUM among them. Anything else (libudev's "libudev" header, empty
 * strings, a repeated key, a header that disagrees with its variables) is
 * not a kernel uevent. */
int hk_uevent_parse(char *buf, size_t len, struct hk_uevent *ev)
{
	char *p, *end = buf + len, *at, *eq;
	const char *action, *devpath, *seqnum, *q;
	size_t i, klen;

	memset(ev, 0, sizeof(*ev));
	if (len == 0 || buf[len - 1] != '\0')
		return -EINVAL;
	at = strchr(buf, '@');
	if (!at || at == buf || at[1] != '/')
		return -EINVAL;
	*at = '\0';
	ev->action = buf;
	ev->devpath = at + 1;
	for (p = at + 1 + strlen(at + 1) + 1; p < end; p += strlen(p) + 1) {
		eq = strchr(p, '=');
		if (!eq || eq == p)
			goto bad;
		klen = (size_t)(eq - p);
		for (i = 0; i < ev->nvars; i++)
			if (strncmp(ev->vars[i], p, klen + 1) == 0)
				goto bad;
		if (ev->nvars == sizeof(ev->vars) / sizeof(ev->vars[0])) {
			memset(ev, 0, sizeof(*ev));
			return -E2BIG;
		}
		ev->vars[ev->nvars++] = p;
	}
	action = hk_uevent_get(ev, "ACTION");
	devpath = hk_uevent_get(ev, "DEVPATH");
	seqnum = hk_uevent_get(ev, "SEQNUM");
	ev->subsystem = hk_uevent_get(ev, "SUBSYSTEM");
	if (!action || !devpath || !seqnum || !*seqnum || !ev->subsystem || !*ev->subsystem ||
	    strcmp(action, ev->action) != 0 || strcmp(devpath, ev->devpath) != 0)
		goto bad;
	for (q = seqnum; *q; q++)
		if (*q < '0' || *q > '9')
			goto bad;
	return 0;
bad:
	memset(ev, 0, sizeof(*ev));
	return -EINVAL;
}

ssize_t hk_uevent_recv(struct hk_nl *nl, char *buf, size_t size, unsigned int *pid,
		       unsigned int *groups, int flags)
{
	struct sockaddr_nl sa;
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct msghdr msg = {
		.msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = &iov, .msg_iovlen = 1,
	};
	ssize_t n;

	do
		n = recvmsg(mnl_socket_get_fd(nl->sock), &msg, flags);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (msg.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	if (msg.msg_namelen != sizeof(sa) || sa.nl_family != AF_NETLINK)
		return -EPROTO;
	*pid = sa.nl_pid;
	*groups = sa.nl_groups;
	return n;
}

const char *hk_uevent_get(const struct hk_uevent *ev, const char *key)
{
	size_t klen = strlen(key), i;

	if (klen == 0)
		return NULL;
	for (i = 0; i < ev->nvars; i++)
		if (strncmp(ev->vars[i], key, klen) == 0 && ev->vars[i][klen] == '=')
			return ev->vars[i] + klen + 1;
	return NULL;
}
