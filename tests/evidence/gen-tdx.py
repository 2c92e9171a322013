#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Make Intel TDX quote material for the tests, with test roots made here.

    gen-tdx.py OUTDIR [NONCE_HEX]

An independent implementation of the DCAP quote layout (v4, and v5 with a
TDX 1.5 body) with python3-cryptography: a root CA, an intermediate (the
"PCK Platform CA"), a PCK leaf, an attestation key, a QE report signed by the
PCK key and binding the attestation key, and quotes signed by that key.
Writes, in OUTDIR:
  root.pem inter.pem pck.pem chain.pem   the test certificates
  other-root.pem                         a root that signed nothing here
  nonce.hex                              the nonce in REPORTDATA
  v4.quote v5.quote v5-td10.quote        good quotes
  nobind.quote    the QE report does not bind the attestation key
  nochain.quote   certification data type 3 (encrypted PPID), no PCK chain
  expired.quote   the PCK leaf expired yesterday
  certN.quote     certificate N (0 leaf, 1 intermediate, 2 root) of the
                  chain with one bit flipped in its serial number
  pck.crl root.crl           CRLs revoking nothing (PEM)
  pck-revoked.crl            the PCK CRL revoking the leaf
  offsets                    "NAME OFFSET" lines of v4.quote: body, sig,
                             qe_report, qe_report_sig
  tcbinfo.json qeidentity.json  collateral signed by the TCB signing key,
                                 its chain (TCB signing, root) appended
  tcbinfo-tampered.json      a byte of the signed member changed
  tcbinfo-otherroot.json     signed by a key certified by another root
  tcbinfo-revoked.json       the quote's TCB level is Revoked
  tcbinfo-fmspc.json         TCB info for another platform (FMSPC)
The PCK leaf carries Intel's SGX extension (FMSPC, TCB components, PCE
SVN); its PCE SVN is one below the UpToDate level: the status is
SWHardeningNeeded.
  qeidentity-outofdate.json  the QE's ISVSVN (8) is below the UpToDate level
  qeidentity-other.json      the identity of another enclave (ISVPRODID 2)
"""
import datetime
import hashlib
import json
import os
import struct
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "hardenkit test")])


def key():
    return ec.generate_private_key(ec.SECP256R1())


def der(tag, content):
    n = len(content)
    size = bytes([n]) if n < 128 else bytes([0x80 | (n.bit_length() + 7) // 8]) + \
        n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag]) + size + content


def der_oid(dotted):
    parts = [int(x) for x in dotted.split(".")]
    out = bytes([40 * parts[0] + parts[1]])
    for v in parts[2:]:
        chunk = [v & 0x7F]
        while v > 0x7F:
            v >>= 7
            chunk.append(0x80 | (v & 0x7F))
        out += bytes(reversed(chunk))
    return der(0x06, out)


def der_int(v):
    return der(0x02, v.to_bytes(v.bit_length() // 8 + 1, "big"))


SGX = "1.2.840.113741.1.13.1"
FMSPC = "00806f050000"
SGX_COMPS = [2, 2, 2, 2, 3, 1, 0, 3] + [0] * 8
PCESVN = 11


def sgx_extension():
    """Intel's SGX extension of a PCK certificate: FMSPC and TCB."""
    tcb = b"".join(der(0x30, der_oid("%s.2.%d" % (SGX, i + 1)) + der_int(v))
                   for i, v in enumerate(SGX_COMPS))
    tcb += der(0x30, der_oid(SGX + ".2.17") + der_int(PCESVN))
    tcb += der(0x30, der_oid(SGX + ".2.18") + der(0x04, bytes(SGX_COMPS)))
    items = der(0x30, der_oid(SGX + ".1") + der(0x04, os.urandom(16)))
    items += der(0x30, der_oid(SGX + ".2") + der(0x30, tcb))
    items += der(0x30, der_oid(SGX + ".4") + der(0x04, bytes.fromhex(FMSPC)))
    return x509.UnrecognizedExtension(x509.ObjectIdentifier(SGX), der(0x30, items))


def cert(subject, pub, issuer, issuer_key, ca, start=NOW - DAY, end=NOW + 3650 * DAY):
    b = (x509.CertificateBuilder().subject_name(name(subject)).issuer_name(name(issuer))
         .public_key(pub).serial_number(x509.random_serial_number())
         .not_valid_before(start).not_valid_after(end)
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    usage = dict(digital_signature=not ca, content_commitment=False, key_encipherment=False,
                 data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                 crl_sign=ca, encipher_only=False, decipher_only=False)
    b = b.add_extension(x509.KeyUsage(**usage), critical=True)
    b = b.add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
    if subject == "Test PCK Certificate":
        b = b.add_extension(sgx_extension(), critical=False)
    aki = x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key())
    return b.add_extension(aki, critical=False).sign(issuer_key, hashes.SHA256())


def pem(c):
    return c.public_bytes(serialization.Encoding.PEM)


def raw_sig(k, data):
    r, s = decode_dss_signature(k.sign(data, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def raw_pub(k):
    n = k.public_key().public_numbers()
    return n.x.to_bytes(32, "big") + n.y.to_bytes(32, "big")


def td_body(nonce, td15):
    body = bytearray(os.urandom(648 if td15 else 584))
    body[0:16] = bytes([3, 0, 5, 0] + [0] * 12)           # TEE_TCB_SVN
    body[520:584] = nonce.ljust(64, b"\0")               # REPORTDATA
    return bytes(body)


QE_MRSIGNER = bytes(range(0xA0, 0xC0))


def qe_report(att_pub, auth, bind=True):
    rep = bytearray(os.urandom(384))
    rep[128:160] = QE_MRSIGNER                           # MRSIGNER
    rep[256:258] = struct.pack("<H", 1)                  # ISVPRODID
    rep[258:260] = struct.pack("<H", 8)                  # ISVSVN
    digest = hashlib.sha256(att_pub + auth).digest() if bind else hashlib.sha256(auth).digest()
    rep[320:384] = digest + bytes(32)
    return bytes(rep)


def quote(version, body, att, pck_key, chain_pem, bind=True, body_type=2, cert_type=5):
    header = struct.pack("<HHIHH16s20s", version, 2, 0x81, 0, 0, os.urandom(16), bytes(20))
    signed = header
    if version == 5:
        signed += struct.pack("<HI", body_type, len(body))
    signed += body
    auth = bytes(range(32))
    rep = qe_report(raw_pub(att), auth, bind)
    inner = struct.pack("<HI", cert_type, len(chain_pem)) + chain_pem
    qe = rep + raw_sig(pck_key, rep) + struct.pack("<H", len(auth)) + auth + inner
    sigdata = raw_sig(att, signed) + raw_pub(att) + struct.pack("<HI", 6, len(qe)) + qe
    return signed + struct.pack("<I", len(sigdata)) + sigdata


def flip_serial(c):
    der = bytearray(c.public_bytes(serialization.Encoding.DER))
    # SEQ(82 LL LL) SEQ(82 LL LL) [0](a0 03 02 01 02) INTEGER(02 LEN serial)
    assert der[8] == 0xA0 and der[13] == 0x02 and der[14] <= 20
    der[14 + der[14]] ^= 1                               # the serial's last byte
    return pem(x509.load_der_x509_certificate(bytes(der)))


def crl(issuer, issuer_key, revoked=()):
    b = (x509.CertificateRevocationListBuilder().issuer_name(name(issuer))
         .last_update(NOW - DAY).next_update(NOW + 30 * DAY)
         .add_extension(x509.CRLNumber(1), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
             issuer_key.public_key()), critical=False))
    for serial in revoked:
        b = b.add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(serial)
                                      .revocation_date(NOW - DAY).build())
    return b.sign(issuer_key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)


def signed_json(member, obj, k, chain):
    text = json.dumps(obj, separators=(",", ":"))
    sig = raw_sig(k, text.encode()).hex()
    return ('{"%s":%s,"signature":"%s"}\n' % (member, text, sig)).encode() + chain


def collateral(out, root_c, root_k):
    tk = key()
    tc = cert("Test TCB Signing", tk.public_key(), "Test SGX Root CA", root_k, False)
    chain = pem(tc) + pem(root_c)
    issue = (NOW - DAY).strftime("%Y-%m-%dT%H:%M:%SZ")
    nxt = (NOW + 30 * DAY).strftime("%Y-%m-%dT%H:%M:%SZ")
    tdx = [{"svn": v} for v in [3, 0, 5, 0] + [0] * 12]
    sgx = [{"svn": v} for v in SGX_COMPS]
    zero = [{"svn": 0}] * 16
    levels = [{"tcb": {"sgxtcbcomponents": sgx, "pcesvn": PCESVN + 1, "tdxtcbcomponents": tdx},
               "tcbStatus": "UpToDate"},
              {"tcb": {"sgxtcbcomponents": sgx, "pcesvn": PCESVN, "tdxtcbcomponents": tdx},
               "tcbStatus": "SWHardeningNeeded"},
              {"tcb": {"sgxtcbcomponents": zero, "pcesvn": 0, "tdxtcbcomponents": zero},
               "tcbStatus": "OutOfDate"}]
    tcb = {"id": "TDX", "version": 3, "issueDate": issue, "nextUpdate": nxt,
           "fmspc": FMSPC, "tcbLevels": levels}
    qe = {"id": "TD_QE", "version": 2, "issueDate": issue, "nextUpdate": nxt,
          "mrsigner": QE_MRSIGNER.hex().upper(), "isvprodid": 1, "tcbLevels": [{"tcb": {"isvsvn": 8}, "tcbStatus": "UpToDate"},
                                        {"tcb": {"isvsvn": 0}, "tcbStatus": "OutOfDate"}]}
    good = signed_json("tcbInfo", tcb, tk, chain)
    write(out, "tcbinfo.json", good)
    # the signed bytes changed after signing: TCB level 0 asks for svn 2
    write(out, "tcbinfo-tampered.json", good.replace(b'[{"svn":3}', b'[{"svn":2}', 1))
    write(out, "qeidentity.json", signed_json("enclaveIdentity", qe, tk, chain))
    ok = cert("Test TCB Signing", tk.public_key(), "Test SGX Root CA", key(), False)
    write(out, "tcbinfo-otherroot.json", signed_json("tcbInfo", tcb, tk, pem(ok)))
    write(out, "qeidentity-other.json",
          signed_json("enclaveIdentity", dict(qe, isvprodid=2), tk, chain))
    qe["tcbLevels"][0]["tcb"]["isvsvn"] = 9
    write(out, "qeidentity-outofdate.json", signed_json("enclaveIdentity", qe, tk, chain))
    write(out, "tcbinfo-fmspc.json",
          signed_json("tcbInfo", dict(tcb, fmspc="00906ed50000"), tk, chain))
    tcb["tcbLevels"][1]["tcbStatus"] = "Revoked"
    write(out, "tcbinfo-revoked.json", signed_json("tcbInfo", tcb, tk, chain))


def write(out, fname, data):
    with open(os.path.join(out, fname), "wb") as f:
        f.write(data)


def offsets(q):
    sig = 48 + 584 + 4
    qe = sig + 64 + 64 + 6
    return "body 48\nsig %d\nqe_report %d\nqe_report_sig %d\n" % (sig, qe, qe + 384)


def main():
    out = sys.argv[1]
    nonce = bytes.fromhex(sys.argv[2]) if len(sys.argv) > 2 else os.urandom(64)
    root_k, inter_k, pck_k, att = key(), key(), key(), key()
    root_c = cert("Test SGX Root CA", root_k.public_key(), "Test SGX Root CA", root_k, True)
    inter_c = cert("Test PCK Platform CA", inter_k.public_key(), "Test SGX Root CA", root_k, True)
    pck_c = cert("Test PCK Certificate", pck_k.public_key(), "Test PCK Platform CA", inter_k, False)
    old_c = cert("Test PCK Certificate", pck_k.public_key(), "Test PCK Platform CA", inter_k,
                 False, NOW - 30 * DAY, NOW - DAY)
    other_k = key()
    other_c = cert("Test SGX Root CA", other_k.public_key(), "Test SGX Root CA", other_k, True)
    certs = [pck_c, inter_c, root_c]
    chain = b"".join(pem(c) for c in certs)
    body = td_body(nonce, False)
    v4 = quote(4, body, att, pck_k, chain)
    files = {
        "root.pem": pem(root_c), "inter.pem": pem(inter_c), "pck.pem": pem(pck_c),
        "chain.pem": chain, "other-root.pem": pem(other_c), "nonce.hex": nonce.hex().encode(),
        "v4.quote": v4, "offsets": offsets(v4).encode(),
        "v5.quote": quote(5, td_body(nonce, True), att, pck_k, chain, body_type=3),
        "v5-td10.quote": quote(5, body, att, pck_k, chain),
        "nobind.quote": quote(4, body, att, pck_k, chain, bind=False),
        "nochain.quote": quote(4, body, att, pck_k, os.urandom(384) + bytes(6), cert_type=3),
        "expired.quote": quote(4, body, att, pck_k, pem(old_c) + pem(inter_c) + pem(root_c)),
        "pck.crl": crl("Test PCK Platform CA", inter_k),
        "root.crl": crl("Test SGX Root CA", root_k),
        "pck-revoked.crl": crl("Test PCK Platform CA", inter_k, [pck_c.serial_number]),
    }
    for i in range(3):
        bad = [pem(c) for c in certs]
        bad[i] = flip_serial(certs[i])
        files["cert%d.quote" % i] = quote(4, body, att, pck_k, b"".join(bad))
    for fname, data in files.items():
        write(out, fname, data)
    collateral(out, root_c, root_k)


if __name__ == "__main__":
    main()
