#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""SEV-SNP test material for tsmctl verify, made at test time with test roots.

An implementation of its own, sharing nothing with the C it tests: the
certificates come from the openssl command (RSASSA-PSS with SHA-384, as AMD
signs them, which python3-cryptography cannot do before version 41), the
report's ECDSA P-384 signature and the CRLs from python3-cryptography.

  gen-snp.py pki DIR             roots, intermediates, VCEK/VLEK variants, CRLs
  gen-snp.py report DIR OUT NONCE_HEX [--key vcek|vlek] [--bits N]
                                 [--product Milan|Turin] [--signer vcek|vlek]
  gen-snp.py table OUT NAME=FILE...   an SNP certificate table (NAME: vcek,
                                 vlek, ask, ark) of the DER certificates
"""
import argparse
import datetime
import os
import struct
import subprocess
import sys
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

GUIDS = {
    "vcek": "63da758d-e664-4564-adc5-f4b93be8accd",
    "vlek": "a8074bc2-a25a-483e-aae6-39c045a0b8a1",
    "ask": "4ab7b379-bbac-4fe4-a02f-05aef327c782",
    "ark": "c0b406a4-a803-4952-9743-3fb6014cd0ae",
}
CHIP = bytes(range(0x40, 0x80))           # the test chip's 64-byte ID
TURIN_CHIP = bytes(range(1, 9)) + bytes(56)  # Turin: an 8-byte ID
# TCB values: bootloader, TEE, SNP, microcode (and FMC on Turin)
SPL = {"bl": 3, "tee": 0, "snp": 8, "ucode": 115, "fmc": 2}
AMD = "/C=US/ST=CA/L=Santa Clara/O=Advanced Micro Devices/OU=Engineering"
PSS = ["-sha384", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:48"]


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def tcb_bytes(product, spl):
    """REPORTED_TCB: Milan/Genoa bl, tee, 4 reserved, snp, ucode; Turin fmc,
    bl, tee, snp, 3 reserved, ucode."""
    if product == "Turin":
        return bytes([spl["fmc"], spl["bl"], spl["tee"], spl["snp"], 0, 0, 0, spl["ucode"]])
    return bytes([spl["bl"], spl["tee"], 0, 0, 0, 0, spl["snp"], spl["ucode"]])


def ext_section(name, product, spl, hwid=None, csp=None):
    lines = [f"[{name}]", "1.3.6.1.4.1.3704.1.1 = ASN1:INTEGER:1",
             f"1.3.6.1.4.1.3704.1.2 = ASN1:IA5STRING:{product}-B0",
             f"1.3.6.1.4.1.3704.1.3.1 = ASN1:INTEGER:{spl['bl']}",
             f"1.3.6.1.4.1.3704.1.3.2 = ASN1:INTEGER:{spl['tee']}",
             f"1.3.6.1.4.1.3704.1.3.3 = ASN1:INTEGER:{spl['snp']}",
             f"1.3.6.1.4.1.3704.1.3.8 = ASN1:INTEGER:{spl['ucode']}"]
    if product == "Turin":
        lines.append(f"1.3.6.1.4.1.3704.1.3.9 = ASN1:INTEGER:{spl['fmc']}")
    if hwid is not None:
        lines.append(f"1.3.6.1.4.1.3704.1.4 = ASN1:FORMAT:HEX,OCTETSTRING:{hwid.hex()}")
    if csp is not None:
        lines.append(f"1.3.6.1.4.1.3704.1.5 = ASN1:IA5STRING:{csp}")
    return "\n".join(lines) + "\n"


def pki(d):
    cnf = os.path.join(d, "ext.cnf")
    sections = ["[req]\ndistinguished_name = dn\n[dn]\n",
                "[ca]\nbasicConstraints = critical,CA:true\nkeyUsage = critical,keyCertSign,cRLSign\n",
                "[ica]\nbasicConstraints = critical,CA:true,pathlen:0\nkeyUsage = critical,keyCertSign,cRLSign\n"]
    other = dict(SPL, snp=SPL["snp"] + 1)
    chip2 = bytes(64 - 1) + b"\x01"
    sections += [ext_section("vcek", "Milan", SPL, CHIP), ext_section("vlek", "Milan", SPL, csp="test-csp"),
                 ext_section("vcek_chip", "Milan", SPL, chip2), ext_section("vcek_tcb", "Milan", other, CHIP),
                 ext_section("vcek_genoa", "Genoa", SPL, CHIP),
                 ext_section("vcek_turin", "Turin", SPL, TURIN_CHIP[:8])]
    with open(cnf, "w") as f:
        f.write("".join(sections))
    p = lambda n: os.path.join(d, n)  # noqa: E731
    serial = iter(range(0x1000, 0x2000))
    for prod in ("Milan", "Genoa", "Turin"):
        low = prod.lower()
        run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", p(f"ark-{low}.key"))
        run("openssl", "req", "-x509", "-new", "-key", p(f"ark-{low}.key"), "-subj", f"{AMD}/CN=ARK-{prod}",
            "-days", "9000", "-set_serial", str(next(serial)), "-config", cnf, "-extensions", "ca",
            *PSS, "-out", p(f"ark-{low}.pem"))
        run("openssl", "x509", "-in", p(f"ark-{low}.pem"), "-outform", "DER", "-out", p(f"ark-{low}.der"))
        inter = [(f"ask-{low}", f"SEV-{prod}")] + ([("asvk-milan", "SEV-VLEK-Milan")] if prod == "Milan" else [])
        for name, cn in inter:
            issue(p, cnf, name, cn, f"ark-{low}", "ica", serial, rsa=True)
    issue(p, cnf, "vcek", "SEV-VCEK", "ask-milan", "vcek", serial)
    issue(p, cnf, "vlek", "SEV-VLEK", "asvk-milan", "vlek", serial)
    for variant, sect in (("vcek-chip", "vcek_chip"), ("vcek-tcb", "vcek_tcb")):
        issue(p, cnf, variant, "SEV-VCEK", "ask-milan", sect, serial, key="vcek")
    issue(p, cnf, "vcek-short", "SEV-VCEK", "ask-milan", "vcek", serial, key="vcek", days=1)
    issue(p, cnf, "vcek-genoa", "SEV-VCEK", "ask-genoa", "vcek_genoa", serial, key="vcek")
    issue(p, cnf, "vcek-milan-by-genoa", "SEV-VCEK", "ask-genoa", "vcek", serial, key="vcek")
    issue(p, cnf, "vcek-turin", "SEV-VCEK", "ask-turin", "vcek_turin", serial)
    crls(d)


def issue(p, cnf, name, cn, ca, section, serial, rsa=False, key=None, days=3650):
    key = key or name
    if not os.path.exists(p(f"{key}.key")):
        alg = ["RSA", "-pkeyopt", "rsa_keygen_bits:2048"] if rsa else ["EC", "-pkeyopt", "ec_paramgen_curve:P-384"]
        run("openssl", "genpkey", "-algorithm", *alg, "-out", p(f"{key}.key"))
    run("openssl", "req", "-new", "-key", p(f"{key}.key"), "-subj", f"{AMD}/CN={cn}", "-config", cnf,
        "-out", p(f"{name}.csr"))
    run("openssl", "x509", "-req", "-in", p(f"{name}.csr"), "-CA", p(f"{ca}.pem"), "-CAkey", p(f"{ca}.key"),
        "-set_serial", str(next(serial)), "-days", str(days), "-extfile", cnf, "-extensions", section,
        *PSS, "-out", p(f"{name}.pem"))
    run("openssl", "x509", "-in", p(f"{name}.pem"), "-outform", "DER", "-out", p(f"{name}.der"))


def crl(d, issuer, revoked, out):
    load = lambda n: open(os.path.join(d, n), "rb").read()  # noqa: E731
    ca = x509.load_pem_x509_certificate(load(f"{issuer}.pem"))
    key = serialization.load_pem_private_key(load(f"{issuer}.key"), None)
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    b = (x509.CertificateRevocationListBuilder().issuer_name(ca.subject)
         .last_update(now - datetime.timedelta(days=1)).next_update(now + datetime.timedelta(days=30)))
    for name in revoked:
        cert = x509.load_pem_x509_certificate(load(f"{name}.pem"))
        b = b.add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(cert.serial_number)
                                      .revocation_date(now - datetime.timedelta(hours=1)).build())
    with open(os.path.join(d, out), "wb") as f:
        f.write(b.sign(key, hashes.SHA384()).public_bytes(serialization.Encoding.PEM))


def crls(d):
    crl(d, "ark-milan", [], "crl-ark-empty.pem")
    crl(d, "ark-milan", ["ask-milan"], "crl-ark-ask.pem")
    crl(d, "ask-milan", ["vcek"], "crl-ask-vcek.pem")
    crl(d, "ark-genoa", [], "crl-genoa.pem")


def report(d, out, nonce, key, bits, product, signer):
    b = bytearray(0x4A0)
    struct.pack_into("<IIQ", b, 0, 3, 1, 0x30000)           # VERSION, GUEST_SVN, POLICY
    struct.pack_into("<II", b, 0x30, 0, 1)                   # VMPL, SIGNATURE_ALGO (ECDSA P-384)
    b[0x38:0x40] = tcb_bytes(product, SPL)                   # CURRENT_TCB
    bits = {"vcek": 0, "vlek": 1}[key] if bits is None else bits
    struct.pack_into("<I", b, 0x48, bits << 2)               # SIGNING_KEY
    rd = bytes.fromhex(nonce)
    b[0x50:0x90] = rd + bytes(64 - len(rd))                  # REPORT_DATA
    b[0x90:0xC0] = bytes(range(0xA0, 0xD0))                  # MEASUREMENT
    b[0x180:0x188] = tcb_bytes(product, SPL)                 # REPORTED_TCB
    b[0x1A0:0x1E0] = TURIN_CHIP if product == "Turin" else CHIP
    keyfile = {"vcek": "vcek", "vlek": "vlek"}[signer or key]
    if product == "Turin":
        keyfile = "vcek-turin"
    priv = serialization.load_pem_private_key(open(os.path.join(d, f"{keyfile}.key"), "rb").read(), None)
    r, s = decode_dss_signature(priv.sign(bytes(b[:0x2A0]), ec.ECDSA(hashes.SHA384())))
    b[0x2A0:0x2E8] = r.to_bytes(72, "little")
    b[0x2E8:0x330] = s.to_bytes(72, "little")
    with open(out, "wb") as f:
        f.write(b)


def table(out, items):
    entries, blobs = [], []
    for item in items:
        name, path = item.split("=", 1)
        entries.append((uuid.UUID(GUIDS[name]).bytes, open(path, "rb").read()))
    off = 24 * (len(entries) + 1)
    head = b""
    for guid, data in entries:
        head += guid + struct.pack("<II", off, len(data))
        blobs.append(data)
        off += len(data)
    with open(out, "wb") as f:
        f.write(head + bytes(24) + b"".join(blobs))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("pki").add_argument("dir")
    r = sub.add_parser("report")
    for a in ("dir", "out", "nonce"):
        r.add_argument(a)
    r.add_argument("--key", default="vcek", choices=["vcek", "vlek"])
    r.add_argument("--signer", choices=["vcek", "vlek"])
    r.add_argument("--bits", type=int)
    r.add_argument("--product", default="Milan", choices=["Milan", "Turin"])
    t = sub.add_parser("table")
    t.add_argument("out")
    t.add_argument("items", nargs="+")
    a = ap.parse_args()
    if a.cmd == "pki":
        pki(a.dir)
    elif a.cmd == "report":
        report(a.dir, a.out, a.nonce, a.key, a.bits, a.product, a.signer)
    else:
        table(a.out, a.items)
    return 0


if __name__ == "__main__":
    sys.exit(main())
