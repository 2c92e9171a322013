#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# check-encoding.py FORMAT FILE PROVIDER OUTBLOB [auxblob=FILE]
#     [manifestblob=FILE] [service_provider=NAME]
# Decode an evidence encoding of tsmctl report with Python's own json and
# cbor2 (not tsmctl's code) and check every field against the raw blobs:
# exactly the fields given, each with its value; exit 1 with a line that
# says what differs.
import base64, json, sys
import cbor2

MT = "application/vnd.veraison.tsm-report+"


def b64url(s):
    if not isinstance(s, str) or "=" in s or "+" in s or "/" in s:
        raise SystemExit("not unpadded base64url: %.60r" % (s,))
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def main():
    fmt, path, provider, outblob = sys.argv[1:5]
    want = {"provider": provider, "outblob": open(outblob, "rb").read()}
    for arg in sys.argv[5:]:
        key, val = arg.split("=", 1)
        want[key] = val if key == "service_provider" else open(val, "rb").read()
    data = open(path, "rb").read()
    if fmt == "cmw-json":
        rec = json.loads(data)
        if not isinstance(rec, list) or len(rec) != 2 or rec[0] != MT + "json":
            raise SystemExit("not a CMW JSON record of %sjson: %r" % (MT, rec))
        data, fmt = b64url(rec[1]), "veraison-json"
    elif fmt == "cmw-cbor":
        rec = cbor2.loads(data)
        if not isinstance(rec, list) or len(rec) != 2 or rec[0] != MT + "cbor" or not isinstance(rec[1], bytes):
            raise SystemExit("not a CMW CBOR record of %scbor: %r" % (MT, rec))
        data, fmt = rec[1], "veraison-cbor"
    if fmt == "veraison-json":
        doc = json.loads(data)
        got = {k: v if k in ("provider", "service_provider") else b64url(v) for k, v in doc.items()}
    else:
        got = cbor2.loads(data)
        if any(not isinstance(got.get(k), str) for k in ("provider", "service_provider") if k in got):
            raise SystemExit("a name is not a text string: %r" % (got,))
    if got != want:
        raise SystemExit("fields differ: got %r, want %r" % (sorted(got), sorted(want))
                         if sorted(got) != sorted(want) else
                         "values differ in %s" % [k for k in want if got[k] != want[k]])


main()
