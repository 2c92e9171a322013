// SPDX-License-Identifier: GPL-2.0-or-later
/* libmnl wrappers: open/bind, a receive loop that turns NLMSG_ERROR into
 * -errno, user-space audit records, and kernel uevent parsing. */
#include <errno.h>
#include <string.h>
#include <time.h>
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

int hk_uevent_parse(char *buf, size_t len, struct hk_uevent *ev)
{
	char *p, *end = buf + len, *at, *s;

	memset(ev, 0, sizeof(*ev));
	if (len == 0 || buf[len - 1] != '\0')
		return -EINVAL;
	/* libudev re-broadcasts with a "libudev" header: not the kernel's. */
	at = strchr(buf, '@');
	if (!at || at == buf || at[1] != '/')
		return -EINVAL;
	*at = 0;
	ev->action = buf;
	ev->devpath = at + 1;
	for (p = buf + strlen(ev->devpath) + (size_t)(ev->devpath - buf) + 1; p < end;
	     p += strlen(p) + 1) {
		s = strchr(p, '=');
		if (!s || s == p)
			return -EINVAL;
		if (ev->nvars == sizeof(ev->vars) / sizeof(ev->vars[0]))
			return -E2BIG;
		ev->vars[ev->nvars++] = p;
		if (strncmp(p, "SUBSYSTEM=", 10) == 0)
			ev->subsystem = s + 1;
	}
	return 0;
}

const char *hk_uevent_get(const struct hk_uevent *ev, const char *key)
{
	size_t klen = strlen(key), i;

	for (i = 0; i < ev->nvars; i++)
		if (strncmp(ev->vars[i], key, klen) == 0 && ev->vars[i][klen] == '=')
			return ev->vars[i] + klen + 1;
	return NULL;
}
