# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# shellcheck disable=SC2034 # NONCE and PKI are for the bats files that load this one
# Shared by the tsmctl verify files that check signatures (23-tsmctl-verify-snp):
# test material made at test time with test roots (tests/evidence/gen-*.py).

NONCE=$(printf '%02x' $(seq 1 64))	# 64 bytes 01..40
GEN_SNP=$BATS_TEST_DIRNAME/evidence/gen-snp.py

# The SNP test PKI, once per file: roots, intermediates, VCEK/VLEK variants, CRLs.
snp_pki_setup() {
	PKI=$BATS_FILE_TMPDIR/pki
	mkdir -p "$PKI"
	python3 "$GEN_SNP" pki "$PKI"
}

# flip FILE OFFSET: invert the low bit of the byte at OFFSET.
flip() {
	python3 -c 'import sys
p, o = sys.argv[1], int(sys.argv[2], 0)
b = bytearray(open(p, "rb").read()); b[o] ^= 1; open(p, "wb").write(b)' "$1" "$2"
}

# The ids of the checks of a verify --json document with OUTCOME (pass, fail, skip).
checks() {
	python3 -c 'import json, sys
d = json.load(sys.stdin)
print(" ".join(c["id"] for c in d["checks"] if c["outcome"] == sys.argv[1]))' "$1"
}

# json_str KEY: a top-level string member of a verify --json document.
json_str() {
	python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}
