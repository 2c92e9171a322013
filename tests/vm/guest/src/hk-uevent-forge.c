// SPDX-License-Identifier: GPL-2.0-or-later
/* Send a well-formed reseed uevent from user space to the kernel's uevent
 * multicast group (root may), for tests that listeners check the sender.
 * Usage: hk-uevent-forge EPOCH NAME   (EPOCH as 0x and 8 hex digits) */
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_nl src = { .nl_family = AF_NETLINK };
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK, .nl_pid = 0, .nl_groups = 1 };
	char buf[1024];
	unsigned long v;
	int fd, n;

	if (argc != 3)
		return 2;
	v = strtoul(argv[1], NULL, 16);
	n = snprintf(buf, sizeof(buf),
		     "change@/kernel/random/epoch%cACTION=change%cDEVPATH=/kernel/random/epoch%c"
		     "SUBSYSTEM=random%cEPOCH=0x%08lx%cNOTIFIER=%s%cNOTIFIER_ID=%lu%cCOUNTER=%lu%c"
		     "SEQNUM=999999",
		     0, 0, 0, 0, v, 0, argv[2], 0, v >> 24, 0, v & 0xffffff, 0);
	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
	if (fd < 0 || bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0) {
		perror("hk-uevent-forge: socket");
		return 1;
	}
	if (sendto(fd, buf, (size_t)n + 1, 0, (struct sockaddr *)&dst, sizeof(dst)) < 0) {
		perror("hk-uevent-forge: sendto");
		return 1;
	}
	close(fd);
	return 0;
}
