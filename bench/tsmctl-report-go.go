// SPDX-License-Identifier: GPL-2.0-or-later

// The plain configfs-tsm report sequence as a Go client would write it, for
// bench/tsmctl-report: mkdir, write inblob, read outblob, read generation
// (one write since mkdir: the report is ours), write the report to stdout,
// rmdir. Usage: tsmctl-report-go HEX
package main

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

const reports = "/sys/kernel/config/tsm/report"

func report(nonce []byte) error {
	dir := filepath.Join(reports, fmt.Sprintf("go-%d", os.Getpid()))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	defer os.Remove(dir)
	in, err := os.OpenFile(filepath.Join(dir, "inblob"), os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = in.Write(nonce)
	if cerr := in.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	out, err := os.ReadFile(filepath.Join(dir, "outblob"))
	if err != nil {
		return err
	}
	if len(out) == 0 {
		return fmt.Errorf("empty outblob")
	}
	g, err := os.ReadFile(filepath.Join(dir, "generation"))
	if err != nil {
		return err
	}
	if gen, err := strconv.ParseUint(strings.TrimSpace(string(g)), 10, 64); err != nil || gen != 1 {
		return fmt.Errorf("generation %q: another writer changed the entry", g)
	}
	_, err = os.Stdout.Write(out)
	return err
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: tsmctl-report-go HEX")
		os.Exit(2)
	}
	nonce, err := hex.DecodeString(os.Args[1])
	if err == nil {
		err = report(nonce)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tsmctl-report-go:", err)
		os.Exit(1)
	}
}
