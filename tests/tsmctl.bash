# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# shellcheck disable=SC2034 # NONCE, SHORT and PIDNS are for the bats files that load this one
# Shared by the host tsmctl files (20-tsmctl-entries, 21-tsmctl-report,
# 22-tsmctl-verify, 27-tsmctl-evidence-formats): a fake configfs tree as the
# sysroot, fake entries, and crafted reports.

NONCE=$(printf '%02x' $(seq 1 64))	# 64 bytes 01..40
SHORT=c0ffee

setup() {
	common_setup
	R=$TMP/root
	RD=$R/sys/kernel/config/tsm/report
	mkdir -p "$RD" "$R/proc"
	export HARDENKIT_SYSROOT=$R
	PIDNS=$(readlink /proc/self/ns/pid | sed 's/[^0-9]//g')
	FEEDER=
}

teardown() {
	[ -z "$FEEDER" ] || kill "$FEEDER" 2>/dev/null || true
	common_teardown
}

# craft KIND NONCE_HEX OUT [SIZE]: a report in one of the formats verify knows.
craft() {
	python3 - "$@" <<'EOF'
import hashlib, struct, sys

def mock(nonce, version=1, size=1024, bad_digest=False, sp=b""):
    b = bytearray(size)
    b[0:8] = b"MOCKTSM\0"
    struct.pack_into("<IIIIII", b, 8, version, size, 2, 0, 4, len(nonce))
    struct.pack_into("<Q", b, 0x20, 42)
    b[0x30:0x40] = bytes.fromhex("ddccbbaaffee11002233445566778899")
    b[0x40:0x40 + len(nonce)] = nonce
    b[0x80:0x80 + len(sp)] = sp
    b[-32:] = hashlib.sha256(b[:-32]).digest()
    if bad_digest:
        b[0x100] ^= 1
    return bytes(b)

def sev(nonce, version=2):
    b = bytearray(0x4a0)
    struct.pack_into("<IIQ", b, 0, version, 3, 0x30000)
    struct.pack_into("<I", b, 0x30, 1)
    b[0x50:0x50 + len(nonce)] = nonce
    b[0x90:0xc0] = bytes(range(0xa0, 0xd0))
    return bytes(b)

def tdx(nonce, version=4, body_type=2, sig=b"\x01" * 16):
    body_len = 648 if body_type == 3 else 584
    hdr = struct.pack("<HHIHH16s20s", version, 2, 0x81, 7, 13,
                      bytes.fromhex("939a7233f79c4ca9940a0db3957f0607"), b"\0" * 20)
    body = bytearray(body_len)
    body[136:184] = bytes(range(0x60, 0x90))
    body[0x208:0x208 + len(nonce)] = nonce
    mid = struct.pack("<HI", body_type, body_len) if version == 5 else b""
    return hdr + mid + bytes(body) + struct.pack("<I", len(sig)) + sig

kind, nonce, out = sys.argv[1], bytes.fromhex(sys.argv[2]), sys.argv[3]
size = int(sys.argv[4]) if len(sys.argv) > 4 else 1024
data = {
    "mock": lambda: mock(nonce, size=size),
    "mock-v2": lambda: mock(nonce, version=2),
    "mock-bad-digest": lambda: mock(nonce, bad_digest=True),
    "mock-sp": lambda: mock(nonce, sp=b"svsm"),
    "sev": lambda: sev(nonce),
    "sev-v9": lambda: sev(nonce, version=9),
    "tdx4": lambda: tdx(nonce),
    "tdx4-v3": lambda: tdx(nonce, version=3),
    "tdx5": lambda: tdx(nonce, version=5),
    "tdx5-t3": lambda: tdx(nonce, version=5, body_type=3),
    "tdx5-t9": lambda: tdx(nonce, version=5, body_type=9),
}[kind]()
open(out, "wb").write(data)
EOF
}

# fake_entry NAME OUTBLOB_FILE GEN...: a named entry whose generation answers
# GEN... in turn, the way configfs counts the writes of a report. The FIFO
# needs one writer per read. The feeder opens it, waits until the reader
# holds it too (it cannot see an end of file before the feeder closes),
# writes, closes, then waits until no process holds it (the reader saw its
# end of file; its next open blocks before it has a descriptor).
fake_entry() {
	local name=$1 outblob=$2 d=$RD/$1
	shift 2
	mkdir -p "$d"
	echo mock_tsm >"$d/provider"
	echo 0 >"$d/privlevel_floor"
	: >"$d/inblob"
	: >"$d/privlevel"
	: >"$d/auxblob"
	cp "$outblob" "$d/outblob"
	mkfifo "$d/generation"
	timeout 60 python3 - "$d/generation" "$@" 3>&- <<'EOF' &
import os, sys, time
fifo = os.stat(sys.argv[1])
me, sid = os.getpid(), os.getsid(0)
def held():
    # the reader runs in this session (bats, timeout, tsmctl)
    for p in os.listdir("/proc"):
        try:
            if not p.isdigit() or int(p) == me or os.getsid(int(p)) != sid:
                continue
            fds = os.listdir("/proc/%s/fd" % p)
        except OSError:
            continue
        for fd in fds:
            try:
                st = os.stat("/proc/%s/fd/%s" % (p, fd))
            except OSError:
                continue
            if (st.st_dev, st.st_ino) == (fifo.st_dev, fifo.st_ino):
                return True
    return False
for g in sys.argv[2:]:
    with open(sys.argv[1], "w") as f:
        while not held():
            time.sleep(0.001)
        f.write(g + "\n")
    while held():
        time.sleep(0.001)
EOF
	FEEDER=$!
}
