// SPDX-License-Identifier: GPL-2.0-or-later
/* hk-audit-listen LOG READY: register as the audit daemon (AUDIT_SET pid)
 * and append the records the kernel sends to LOG in auditd's log format
 * ("type=NAME msg=audit(...): ..."). Records the kernel held from before
 * are dropped: the log starts after a begin marker this program sends, and
 * then "ready" is written to READY (a FIFO or a file). On SIGTERM it sends an
 * end marker and logs until that marker arrives, so every record queued
 * before the signal is in LOG; then it unregisters and exits 0. Exit 1 when
 * registering fails. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* libaudit.h: a free-text record from a trusted application; the markers. */
#define AUDIT_TRUSTED_APP 1121

enum { REGISTERING, BEGINNING, LOGGING, ENDING };
static volatile sig_atomic_t stop, state = REGISTERING;
static int fd;
static char end[64];

static int send_msg(int sock, int type, int flags, const void *data, size_t len);

/* The end marker is sent from here: a signal between a check of `stop` and
 * recv(2) would otherwise leave recv waiting for a record that never comes. */
static void on_term(int sig)
{
	(void)sig;
	stop = 1;
	if (state == LOGGING) {
		state = ENDING;
		send_msg(fd, AUDIT_TRUSTED_APP, 0, end, strlen(end) + 1);
	}
}

static int send_msg(int sock, int type, int flags, const void *data, size_t len)
{
	struct {
		struct nlmsghdr h;
		char data[256];
	} req;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	memset(&req, 0, sizeof(req));
	memcpy(req.data, data, len);
	req.h.nlmsg_len = NLMSG_LENGTH(len);
	req.h.nlmsg_type = type;
	req.h.nlmsg_flags = NLM_F_REQUEST | flags;
	req.h.nlmsg_seq = 1;
	return sendto(sock, &req, req.h.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0 ? -errno : 0;
}

static int set_pid(int sock, int pid)
{
	struct audit_status s;

	memset(&s, 0, sizeof(s));
	s.mask = AUDIT_STATUS_PID | (pid ? AUDIT_STATUS_ENABLED : 0);
	s.enabled = 1;
	s.pid = (unsigned int)pid;
	return send_msg(sock, AUDIT_SET, NLM_F_ACK, &s, sizeof(s));
}

static const char *type_name(int type, char *buf, size_t size)
{
	switch (type) {
	case 1111: return "USYS_CONFIG";
	case 1305: return "CONFIG_CHANGE";
	case AUDIT_TRUSTED_APP: return "TRUSTED_APP";
	}
	snprintf(buf, size, "UNKNOWN[%d]", type);
	return buf;
}

int main(int argc, char **argv)
{
	static char buf[65536];
	struct sigaction sa = { .sa_handler = on_term };
	char name[32], begin[64];
	FILE *log;
	int rfd;

	if (argc != 3) {
		fprintf(stderr, "usage: hk-audit-listen LOG READY\n");
		return 2;
	}
	snprintf(begin, sizeof(begin), "hk-audit-listen begin %d", (int)getpid());
	snprintf(end, sizeof(end), "hk-audit-listen end %d", (int)getpid());
	sigaction(SIGTERM, &sa, NULL);	/* no SA_RESTART: recv returns EINTR */
	log = fopen(argv[1], "ae");
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (!log || fd < 0 || set_pid(fd, getpid()) < 0) {
		fprintf(stderr, "hk-audit-listen: cannot register: %s\n", strerror(errno));
		return 1;
	}
	for (;;) {
		ssize_t n;
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		const char *text;
		size_t len;

		if (stop && state == LOGGING) {
			send_msg(fd, AUDIT_TRUSTED_APP, 0, end, strlen(end) + 1);
			state = ENDING;
		}
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "hk-audit-listen: recv: %s\n", strerror(errno));
			return 1;
		}
		if (n < NLMSG_HDRLEN)
			continue;
		if (h->nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr *e = NLMSG_DATA(h);

			if (e->error) {
				fprintf(stderr, "hk-audit-listen: AUDIT_SET: %s\n", strerror(-e->error));
				return 1;
			}
			if (state == REGISTERING) {
				send_msg(fd, AUDIT_TRUSTED_APP, 0, begin, strlen(begin) + 1);
				state = BEGINNING;
			}
			continue;
		}
		if (h->nlmsg_type < 1100 || h->nlmsg_type > 2999)
			continue;
		/* One record per datagram; its nlmsg_len counts the text only
		 * (audit_log_end() in kernel/audit.c), as auditd expects. */
		len = (size_t)n - NLMSG_HDRLEN;
		if (h->nlmsg_len < len)
			len = h->nlmsg_len;
		text = NLMSG_DATA(h);
		len = strnlen(text, len);
		buf[NLMSG_HDRLEN + len] = 0;
		if (state == BEGINNING) {
			if (strstr(text, begin)) {
				rfd = open(argv[2], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
				if (rfd < 0 || dprintf(rfd, "ready\n") < 0 || close(rfd) < 0)
					return 1;
				state = LOGGING;
			}
			continue;
		}
		if (state == ENDING && strstr(text, end))
			break;
		fprintf(log, "type=%s msg=%s\n", type_name(h->nlmsg_type, name, sizeof(name)), text);
		fflush(log);
	}
	set_pid(fd, 0);
	return fclose(log) == 0 ? 0 : 1;
}
