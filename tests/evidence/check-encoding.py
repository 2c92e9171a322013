#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# check-encoding.py FORMAT FILE PROVIDER OUTBLOB [auxblob=FILE]
#     [manifestblob=FILE] [service_provider=NAME]
# Decode an evidence encoding of tsmctl report with veraison_tsm.py (Python's
# own json and cbor2, shaped like Veraison's decoder, not tsmctl's code) and
# check every field against the raw blobs: exactly the fields given, each
# with its value; exit 1 with a line that says what differs or what
# Veraison would refuse.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import veraison_tsm  # noqa: E402


def main():
    fmt, path, provider, outblob = sys.argv[1:5]
    want = {"provider": provider, "outblob": open(outblob, "rb").read()}
    for arg in sys.argv[5:]:
        key, val = arg.split("=", 1)
        want[key] = val if key == "service_provider" else open(val, "rb").read()
    try:
        got = veraison_tsm.evidence(open(path, "rb").read(), fmt)
    except veraison_tsm.Refused as e:
        raise SystemExit("%s: Veraison would refuse it: %s" % (fmt, e))
    if sorted(got) != sorted(want):
        raise SystemExit("fields differ: got %r, want %r" % (sorted(got), sorted(want)))
    differ = [k for k in want if got[k] != want[k]]
    if differ:
        raise SystemExit("values differ in %s" % differ)


main()
