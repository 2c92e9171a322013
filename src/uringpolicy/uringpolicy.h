/* SPDX-License-Identifier: GPL-2.0-or-later */
/* uringpolicy subcommands: each file describes its own. */
#ifndef URINGPOLICY_H
#define URINGPOLICY_H

#include "hk/cmd.h"

extern const struct hk_cmd up_cmd_status;
extern const struct hk_cmd up_cmd_set;
extern const struct hk_cmd up_cmd_check;
extern const struct hk_cmd up_cmd_users;

#endif
