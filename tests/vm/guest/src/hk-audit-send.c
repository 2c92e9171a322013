// SPDX-License-Identifier: GPL-2.0-or-later
/* Send one user-space audit record (AUDIT_USER, or TYPE) with TEXT over NETLINK_AUDIT. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct {
		struct nlmsghdr h;
		char text[1024];
	} req;
	struct {
		struct nlmsghdr h;
		struct nlmsgerr e;
	} ack;
	int type = AUDIT_USER, fd;
	ssize_t n;

	if (argc == 3) {
		type = atoi(argv[2]);
	} else if (argc != 2) {
		fprintf(stderr, "usage: hk-audit-send TEXT [TYPE]\n");
		return 2;
	}
	memset(&req, 0, sizeof(req));
	snprintf(req.text, sizeof(req.text), "%s", argv[1]);
	req.h.nlmsg_len = NLMSG_LENGTH(strlen(req.text) + 1);
	req.h.nlmsg_type = type;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.h.nlmsg_seq = 1;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (fd < 0 || sendto(fd, &req, req.h.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "hk-audit-send: cannot send audit record: %s\n", strerror(errno));
		return 1;
	}
	n = recv(fd, &ack, sizeof(ack), 0);
	if (n < (ssize_t)sizeof(ack) || ack.h.nlmsg_type != NLMSG_ERROR || ack.e.error) {
		fprintf(stderr, "hk-audit-send: kernel refused the record: %s\n",
			n < 0 ? strerror(errno) : strerror(-ack.e.error));
		return 1;
	}
	return 0;
}
