#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Drive a QEMU guest over its QMP unix socket: run commands, save to a file, resume."""

import argparse
import json
import shlex
import socket
import sys
import time

PROG = "qmp.py"


class QMPError(Exception):
    pass


class QMP:
    """A minimal synchronous QMP client (events are kept, not acted on)."""

    def __init__(self, path, wait=30.0):
        deadline = time.monotonic() + wait
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError) as e:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise QMPError(f"cannot connect to QMP socket {path}: {e}") from e
                time.sleep(0.1)
        self.file = self.sock.makefile("rwb", buffering=0)
        self.events = []
        greeting = self._read()
        if "QMP" not in greeting:
            raise QMPError(f"unexpected QMP greeting: {greeting}")
        self.cmd("qmp_capabilities")

    def _read(self):
        line = self.file.readline()
        if not line:
            raise QMPError("QEMU closed the QMP connection")
        return json.loads(line)

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.file.write(json.dumps(msg).encode() + b"\n")
        while True:
            resp = self._read()
            if "event" in resp:
                self.events.append(resp)
                continue
            if "error" in resp:
                raise QMPError(f"{name}: {resp['error'].get('desc', resp['error'])}")
            return resp.get("return")

    def status(self):
        return self.cmd("query-status")["status"]

    def wait_status(self, wanted, timeout):
        deadline = time.monotonic() + timeout
        while True:
            st = self.status()
            if st in wanted:
                return st
            if time.monotonic() > deadline:
                raise QMPError(f"guest status is '{st}', not {'/'.join(wanted)} after {timeout}s")
            time.sleep(0.1)

    def save(self, path, timeout):
        """Stop the guest and write its whole state to path (QEMU 7.2 has no file: URI)."""
        self.cmd("stop")
        self.cmd("migrate", uri="exec:cat > " + shlex.quote(path))
        deadline = time.monotonic() + timeout
        while True:
            info = self.cmd("query-migrate")
            st = info.get("status")
            if st == "completed":
                return info
            if st in ("failed", "cancelled"):
                raise QMPError(f"migration to {path} {st}: {info.get('error-desc', '')}")
            if time.monotonic() > deadline:
                self.cmd("migrate_cancel")
                raise QMPError(f"migration to {path} not completed after {timeout}s (status {st})")
            time.sleep(0.1)

    def resume_incoming(self, timeout):
        """Wait for an -incoming load to finish, then run the guest if it is paused."""
        deadline = time.monotonic() + timeout
        st = self.status()
        while st == "inmigrate":
            if time.monotonic() > deadline:
                raise QMPError(f"incoming migration not finished after {timeout}s")
            time.sleep(0.1)
            st = self.status()
        if st != "running":
            self.cmd("cont")
        return self.wait_status(("running",), timeout)


def main():
    ap = argparse.ArgumentParser(prog=PROG, description=__doc__)
    ap.add_argument("socket", help="QMP unix socket of the guest")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds to wait (default 120)")
    sub = ap.add_subparsers(dest="op", required=True)
    c = sub.add_parser("cmd", help="run one QMP command, print its return value as JSON")
    c.add_argument("name")
    c.add_argument("args", nargs="?", default="{}", help="arguments as a JSON object")
    sub.add_parser("status", help="print the run state (running, paused, ...)")
    s = sub.add_parser("save", help="stop the guest and save its state to FILE")
    s.add_argument("file")
    sub.add_parser("resume", help="wait for an -incoming load, then continue the guest")
    sub.add_parser("quit", help="stop QEMU")
    a = ap.parse_args()

    try:
        q = QMP(a.socket, wait=a.timeout)
        if a.op == "cmd":
            print(json.dumps(q.cmd(a.name, **json.loads(a.args))))
        elif a.op == "status":
            print(q.status())
        elif a.op == "save":
            info = q.save(a.file, a.timeout)
            print(f"saved {info.get('ram', {}).get('total', 0)} bytes of RAM state to {a.file}")
        elif a.op == "resume":
            print(q.resume_incoming(a.timeout))
        elif a.op == "quit":
            try:
                q.cmd("quit")
            except QMPError:
                pass  # QEMU may close the socket before answering
    except (QMPError, OSError, ValueError) as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
