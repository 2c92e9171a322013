/* SPDX-License-Identifier: GPL-2.0-or-later */
/* uringpolicy subcommands. */
#ifndef URINGPOLICY_H
#define URINGPOLICY_H

int cmd_status(int argc, const char **argv);
int cmd_set(int argc, const char **argv);
int cmd_check(int argc, const char **argv);
int cmd_users(int argc, const char **argv);

/* Fail on leftover positional arguments. */
int up_no_args(poptContext ctx);

#endif
