#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Make Arm CCA attestation tokens for the tests, with keys made now.

  gen-cca.py DIR NONCE_HEX [--mutate WHAT] [--raw-rak] [--rak-hash ALG]
             [--platform-curve P-256|P-384]

Writes DIR/token.cbor (a CBOR tag 399 token collection: a platform token
whose challenge is the hash of the RAK, and a realm token signed by the RAK
whose challenge is the nonce zero-padded to 64 bytes), DIR/cpak.pem (the
public key that signed the platform token) and DIR/other-cpak.pem (another
key). This is the tests' own implementation of RFC 9052 and the RMM token
layout, written apart from src/tsmctl/evidence/, so that the two can check
each other. --mutate breaks one thing after signing:
  realm-payload, platform-payload  flip a bit in a claim of that token
  realm-sig, platform-sig          flip a bit in that token's signature
  unbound-rak      the platform challenge hashes another key
  wrong-alg        the realm token's protected header says ES256
  no-alg           the realm token's protected header is empty
  short-challenge  the realm challenge is 32 bytes, not 64
  dup-challenge    the realm token (signed) holds a second challenge claim
  truncated        the token collection loses its last byte
  not-cbor         a CBOR array of 4 where the map should be
"""
import argparse
import hashlib
import os
import sys

import cbor2
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

CURVES = {
    "P-256": (ec.SECP256R1, hashes.SHA256, -7, 1, 32),
    "P-384": (ec.SECP384R1, hashes.SHA384, -35, 2, 48),
}
HASHES = {"sha-256": hashlib.sha256, "sha-384": hashlib.sha384, "sha-512": hashlib.sha512}


def cose_sign1(key, curve, payload, alg=None):
    _, hash_cls, cose_alg, _, coord = CURVES[curve]
    protected = b"" if alg == "none" else cbor2.dumps({1: cose_alg if alg is None else alg})
    tbs = cbor2.dumps(["Signature1", protected, b"", payload])
    r, s = decode_dss_signature(key.sign(tbs, ec.ECDSA(hash_cls())))
    sig = r.to_bytes(coord, "big") + s.to_bytes(coord, "big")
    return [protected, {}, payload, sig]


def public_point(key):
    return key.public_key().public_bytes(serialization.Encoding.X962,
                                         serialization.PublicFormat.UncompressedPoint)


def cose_key(key, curve):
    point = public_point(key)
    coord = CURVES[curve][4]
    return cbor2.dumps({1: 2, -1: CURVES[curve][3], -2: point[1:1 + coord], -3: point[1 + coord:]})


def flip(buf, needle):
    """Flip the low bit of the first byte of needle inside buf."""
    at = buf.index(needle)
    out = bytearray(buf)
    out[at] ^= 1
    return bytes(out)


def pem(key):
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("nonce")
    ap.add_argument("--mutate", default="")
    ap.add_argument("--raw-rak", action="store_true")
    ap.add_argument("--rak-hash", default="sha-256", choices=sorted(HASHES))
    ap.add_argument("--platform-curve", default="P-256", choices=sorted(CURVES))
    a = ap.parse_args()

    nonce = bytes.fromhex(a.nonce)
    pcurve = a.platform_curve
    cpak = ec.generate_private_key(CURVES[pcurve][0]())
    other = ec.generate_private_key(CURVES[pcurve][0]())
    rak = ec.generate_private_key(ec.SECP384R1())
    rak_claim = public_point(rak) if a.raw_rak else cose_key(rak, "P-384")
    bound = rak_claim
    if a.mutate == "unbound-rak":
        bound = cose_key(ec.generate_private_key(ec.SECP384R1()), "P-384")

    challenge = nonce.ljust(64, b"\0")
    if a.mutate == "short-challenge":
        challenge = challenge[:32]
    rpv = bytes(range(0x40, 0x80))
    rim = hashlib.sha256(b"tsmctl test realm").digest()
    realm_claims = {
        10: challenge, 44235: rpv, 44236: "sha-256", 44237: rak_claim, 44238: rim,
        44239: [bytes(32)] * 4, 44240: a.rak_hash, 265: "tag:arm.com,2023:realm#1.0.0",
    }
    impl_id = bytes(range(0xa0, 0xc0))
    platform_claims = {
        265: "tag:arm.com,2023:cca_platform#1.0.0", 10: HASHES[a.rak_hash](bound).digest(),
        2396: impl_id, 256: b"\x01" + bytes(32), 2401: b"\x01\x02", 2395: 12288,
        2399: [{1: "BL", 2: bytes(32), 5: bytes(32)}], 2402: "sha-256",
    }
    realm_payload = cbor2.dumps(realm_claims)
    if a.mutate == "dup-challenge":
        # One more pair in the map head (fewer than 24 pairs: one byte).
        realm_payload = (bytes([realm_payload[0] + 1]) + realm_payload[1:] +
                         cbor2.dumps(10) + cbor2.dumps(bytes(64)))
    platform_payload = cbor2.dumps(platform_claims)
    alg = {"wrong-alg": -7, "no-alg": "none"}.get(a.mutate)
    realm = cose_sign1(rak, "P-384", realm_payload, alg)
    platform = cose_sign1(cpak, pcurve, platform_payload)

    if a.mutate == "realm-payload":
        realm[2] = flip(realm[2], rpv)
    elif a.mutate == "platform-payload":
        platform[2] = flip(platform[2], impl_id)
    elif a.mutate == "realm-sig":
        realm[3] = flip(realm[3], realm[3][-1:])
    elif a.mutate == "platform-sig":
        platform[3] = flip(platform[3], platform[3][:1])
    elif a.mutate not in ("", "unbound-rak", "wrong-alg", "no-alg", "short-challenge", "dup-challenge", "truncated",
                          "not-cbor"):
        sys.exit(f"gen-cca.py: unknown --mutate '{a.mutate}'")

    collection = {44234: cbor2.dumps(cbor2.CBORTag(18, platform)),
                  44241: cbor2.dumps(cbor2.CBORTag(18, realm))}
    token = cbor2.dumps(cbor2.CBORTag(399, collection))
    if a.mutate == "truncated":
        token = token[:-1]
    elif a.mutate == "not-cbor":
        token = cbor2.dumps(cbor2.CBORTag(399, [1, 2, 3, 4]))
    with open(os.path.join(a.dir, "token.cbor"), "wb") as f:
        f.write(token)
    with open(os.path.join(a.dir, "cpak.pem"), "wb") as f:
        f.write(pem(cpak))
    with open(os.path.join(a.dir, "other-cpak.pem"), "wb") as f:
        f.write(pem(other))


if __name__ == "__main__":
    main()
