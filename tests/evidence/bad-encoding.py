#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# bad-encoding.py KIND GOOD OUT: from GOOD (tsmctl report --format
# veraison-json or veraison-cbor, by KIND) write to OUT an encoding Veraison
# refuses, so the tests show that veraison_tsm.py, the check every encoding
# goes through, can fail. KIND:
#   nested          JSON: manifestblob and service_provider under "service"
#                   (an early ratsd struct; "padded" covers its base64)
#   padded          JSON: the blobs in base64url with padding
#   std-alphabet    JSON: the blobs in standard base64 without padding
#   stray-manifest  JSON: manifestblob without service_provider
#   old-cmw         JSON: a CMW record of type tsm-report+json without ind
#   int-keys        CBOR: integer map keys
#   bytes-provider  CBOR: provider as a byte string
import base64
import json
import os
import sys

import cbor2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import veraison_tsm  # noqa: E402

BLOBS = ("auxblob", "outblob", "manifestblob")


def b64(b, url=True, pad=False):
    s = (base64.urlsafe_b64encode if url else base64.b64encode)(b).decode()
    return s if pad else s.rstrip("=")


def main():
    kind, good, out = sys.argv[1:4]
    form = "cbor" if kind in ("int-keys", "bytes-provider") else "json"
    f = veraison_tsm.tsm_report(open(good, "rb").read(), form)
    if kind == "nested":
        doc = {k: b64(f[k]) if k in BLOBS else f[k] for k in ("auxblob", "outblob", "provider") if k in f}
        doc["service"] = {"manifestblob": b64(f["manifestblob"]), "service_provider": f["service_provider"]}
    elif kind in ("padded", "std-alphabet"):
        doc = {k: b64(v, url=kind == "padded", pad=kind == "padded") if k in BLOBS else v for k, v in f.items()}
    elif kind == "stray-manifest":
        doc = {k: b64(v) if k in BLOBS else v for k, v in f.items() if k != "service_provider"}
    elif kind == "old-cmw":
        inner = json.dumps({k: b64(v) if k in BLOBS else v for k, v in f.items()})
        doc = ["application/vnd.veraison.tsm-report+json", b64(inner.encode())]
    elif kind == "int-keys":
        data = cbor2.dumps({i: f[k] for i, k in enumerate(sorted(f))})
    elif kind == "bytes-provider":
        data = cbor2.dumps(dict(f, provider=f["provider"].encode()))
    if form == "json":
        data = json.dumps(doc).encode()
    open(out, "wb").write(data)


main()
