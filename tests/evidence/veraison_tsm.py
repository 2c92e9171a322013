# SPDX-License-Identifier: GPL-2.0-or-later
# A decoder for Veraison's tsm-report evidence and for a RATS CMW record,
# written for the tests from the definitions (their code was read, not
# copied), with Python's json and cbor2 only, so that tsmctl's encoder is
# checked against something it does not share:
# - veraison/ratsd docs/tsm-report.cddl: one flat map, text keys,
#   ? auxblob, outblob, provider (tstr), and either manifestblob with
#   service_provider or service_provider alone; a binary string is a bstr in
#   CBOR and base64url (.b64u) in JSON;
# - veraison/ratsd tokens/tsm-report.go, which Veraison's services decode
#   with: base64.RawURLEncoding (no padding, URL alphabet), outblob and
#   provider required, "stray field manifestblob" without service_provider;
# - veraison/services scheme/sevsnp: the evidence media types it takes,
#   application/vnd.veraison.tsm-report+cbor and
#   application/vnd.veraison.configfs-tsm+json;
# - ietf-rats-wg/draft-ietf-rats-msg-wrap cddl/cmw-record.cddl,
#   common-types.cddl, cm-type.cddl, and veraison/cmw monad.go, type.go,
#   utils.go: [type, value, ? ind], 2 or 3 entries; JSON value base64url
#   without padding; CBOR type a text media type or a uint16 content
#   format, value a bstr; ind, when there, a non-zero bit set.
# Refused raises Refused with a line that says what Veraison would refuse.
import base64
import io
import json
import re

import cbor2

MT_JSON = "application/vnd.veraison.configfs-tsm+json"
MT_CBOR = "application/vnd.veraison.tsm-report+cbor"
ACCEPTED = {MT_JSON: "json", MT_CBOR: "cbor"}
BYTES = ("auxblob", "outblob", "manifestblob")
TEXT = ("provider", "service_provider")
IND_EVIDENCE = 4
B64URL = re.compile(r"[A-Za-z0-9_-]*")


class Refused(Exception):
    pass


def b64url(s, what):
    """base64url without padding, as Go's RawURLEncoding decodes it."""
    if not isinstance(s, str) or not B64URL.fullmatch(s) or len(s) % 4 == 1:
        raise Refused("%s is not base64url without padding: %.40r" % (what, s))
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def no_dups(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise Refused("a JSON object repeats a key: %r" % keys)
    return dict(pairs)


def load(data, form):
    """One JSON text or one CBOR item, nothing after it."""
    if form == "json":
        try:
            return json.loads(data, object_pairs_hook=no_dups)
        except ValueError as e:
            raise Refused("not one JSON text: %s" % e)
    fp = io.BytesIO(data)
    try:
        item = cbor2.CBORDecoder(fp).decode()
    except cbor2.CBORDecodeError as e:
        raise Refused("not CBOR: %s" % e)
    if fp.tell() != len(data):
        raise Refused("%d bytes after the CBOR item" % (len(data) - fp.tell()))
    return item


def tsm_report(data, form):
    """The fields of a tsm-report in form json or cbor, as bytes and str."""
    doc = load(data, form)
    if not isinstance(doc, dict):
        raise Refused("a tsm-report is a map, not %s" % type(doc).__name__)
    got = {}
    for key, val in doc.items():
        if not isinstance(key, str):
            raise Refused("map key %r is not a text string" % (key,))
        if key in TEXT:
            if not isinstance(val, str):
                raise Refused("%s is not a text string: %r" % (key, val))
            got[key] = val
        elif key in BYTES:
            if form == "json":
                got[key] = b64url(val, key)
            elif isinstance(val, bytes):
                got[key] = val
            else:
                raise Refused("%s is not a byte string: %.40r" % (key, val))
        else:
            raise Refused("key %r is not in tsm-report.cddl" % key)
    for key in ("outblob", "provider"):
        if not got.get(key):
            raise Refused('missing mandatory field "%s"' % key)
    if got.get("manifestblob") and not got.get("service_provider"):
        raise Refused('stray field "manifestblob"')
    return got


def cmw_record(data, form):
    """(type, value, ind) of a CMW record in form json or cbor."""
    rec = load(data, form)
    if not isinstance(rec, list) or len(rec) not in (2, 3):
        raise Refused("a CMW record is an array of 2 or 3: %.60r" % (rec,))
    typ, val = rec[0], rec[1]
    ind = rec[2] if len(rec) == 3 else None
    ok_type = isinstance(typ, str) or (form == "cbor" and isinstance(typ, int) and 0 <= typ < 65536)
    if not ok_type or typ == "":
        raise Refused("CMW type %r is not a media type%s" % (typ, " or content format" if form == "cbor" else ""))
    if form == "json":
        if not isinstance(val, str) or val == "":
            raise Refused("CMW value is not a base64url string: %.40r" % (val,))
        val = b64url(val, "the CMW value")
    elif not isinstance(val, bytes) or not val:
        raise Refused("CMW value is not a non-empty byte string: %.40r" % (val,))
    if ind is not None and (isinstance(ind, bool) or not isinstance(ind, int) or not 0 < ind < 32):
        raise Refused("CMW ind %r is not a non-zero bit set of the registered cm-types" % (ind,))
    return typ, val, ind


def evidence(data, fmt):
    """The tsm-report fields of tsmctl report --format FMT output."""
    kind, form = fmt.split("-")
    if kind == "veraison":
        return tsm_report(data, form)
    typ, val, ind = cmw_record(data, form)
    if ACCEPTED.get(typ) != form:
        raise Refused("CMW type %r is not the %s evidence type Veraison takes (%s)" %
                      (typ, form.upper(), MT_JSON if form == "json" else MT_CBOR))
    if ind != IND_EVIDENCE:
        raise Refused("CMW ind %r does not say evidence (%d)" % (ind, IND_EVIDENCE))
    return tsm_report(val, form)
