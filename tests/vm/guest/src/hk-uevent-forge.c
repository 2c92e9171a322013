// SPDX-License-Identifier: GPL-2.0-or-later
/* Send a well-formed reseed uevent from user space, for tests that listeners
 * check where a uevent comes from and never trust its text.
 * Usage: hk-uevent-forge [--via-kernel] EPOCH NAME   (EPOCH as 0x and 8 hex digits)
 * Default: to the uevent multicast group directly (root may; the sender's
 * port is not 0). --via-kernel: to the kernel, which rebroadcasts it to the
 * group as its own (port 0, SEQNUM appended; needs CAP_SYS_ADMIN); returns
 * after the kernel's ack, when every listener has it queued. */
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int via_kernel(int fd, const char *text, size_t len)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char buf[2048] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *err;
	ssize_t n;

	memset(buf, 0, sizeof(buf));
	nlh->nlmsg_len = NLMSG_LENGTH(len);
	nlh->nlmsg_type = NLMSG_MIN_TYPE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 1;
	memcpy(NLMSG_DATA(nlh), text, len);
	if (sendto(fd, buf, nlh->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		perror("hk-uevent-forge: sendto the kernel");
		return 1;
	}
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			perror("hk-uevent-forge: recv");
			return 1;
		}
		if ((size_t)n >= NLMSG_LENGTH(sizeof(*err)) && nlh->nlmsg_type == NLMSG_ERROR)
			break;
	}
	err = NLMSG_DATA(nlh);
	if (err->error) {
		fprintf(stderr, "hk-uevent-forge: the kernel refused: %s\n", strerror(-err->error));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl src = { .nl_family = AF_NETLINK };
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK, .nl_pid = 0, .nl_groups = 1 };
	char buf[1024];
	unsigned long v;
	int fd, n, kernel = 0, r = 0;

	if (argc == 4 && strcmp(argv[1], "--via-kernel") == 0) {
		kernel = 1;
		argv++;
		argc--;
	}
	if (argc != 3)
		return 2;
	v = strtoul(argv[1], NULL, 16);
	n = snprintf(buf, sizeof(buf),
		     "change@/kernel/random/epoch%cACTION=change%cDEVPATH=/kernel/random/epoch%c"
		     "SUBSYSTEM=random%cEPOCH=0x%08lx%cNOTIFIER=%s%cNOTIFIER_ID=%lu%cCOUNTER=%lu%c",
		     0, 0, 0, 0, v, 0, argv[2], 0, v >> 24, 0, v & 0xffffff, 0);
	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
	if (fd < 0 || bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0) {
		perror("hk-uevent-forge: socket");
		return 1;
	}
	if (kernel) {
		/* The kernel appends SEQNUM. */
		r = via_kernel(fd, buf, (size_t)n);
	} else {
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "SEQNUM=999999") + 1;
		if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&dst, sizeof(dst)) < 0) {
			perror("hk-uevent-forge: sendto");
			r = 1;
		}
	}
	close(fd);
	return r;
}
