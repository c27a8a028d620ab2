package main_test

import (
	"strings"
	"testing"
)

// topUsage is a line of the top-level usage text.
const topUsage = "Usage:\n  portal <command> [flags]\n"

// TestMisuse runs command lines that are wrong: each exits 2 with a
// message, before reading any input. They run in an empty folder, so a
// command that went on to build would fail differently.
func TestMisuse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		env  []string
		want []string // substrings of stderr
	}{
		{"no arguments", nil, nil, []string{topUsage}},
		{"unknown command", []string{"frob"}, nil, []string{"portal: unknown command \"frob\"\n", topUsage}},
		{"unknown flag", []string{"build", "--frob"}, nil, []string{"flag provided but not defined: -frob\n", "Usage: portal build [flags]"}},
		{"check has no --out", []string{"check", "--out", "x"}, nil, []string{"flag provided but not defined: -out\n", "Usage: portal check [flags]"}},
		{"check has no --no-minify", []string{"check", "--no-minify"}, nil, []string{"flag provided but not defined: -no-minify\n"}},
		{"extra argument", []string{"build", "extra-arg"}, nil, []string{"portal build: unexpected argument \"extra-arg\" (flags start with --)\n"}},
		{"extra argument after flags", []string{"check", "--as-of", refAsOf, "public"}, nil, []string{"portal check: unexpected argument \"public\" (flags start with --)\n"}},
		{"no such month", []string{"build", "--as-of", "2026-13-01"}, nil, []string{"portal build: --as-of: \"2026-13-01\" is not a date: no such day\n"}},
		{"check with no such month", []string{"check", "--as-of", "2026-13-01"}, nil, []string{"portal check: --as-of: \"2026-13-01\" is not a date: no such day\n"}},
		{"SOURCE_DATE_EPOCH not a number", []string{"build"}, []string{"SOURCE_DATE_EPOCH=abc"}, []string{"portal build: SOURCE_DATE_EPOCH=\"abc\": want seconds since 1970-01-01 UTC\n"}},
		{"SOURCE_DATE_EPOCH negative", []string{"check"}, []string{"SOURCE_DATE_EPOCH=-1"}, []string{"portal check: SOURCE_DATE_EPOCH=\"-1\": want seconds since 1970-01-01 UTC\n"}},
		{"--max-rows 0", []string{"build", "--as-of", refAsOf, "--max-rows", "0"}, nil, []string{"portal build: --max-file-size must be from 1 to 1048576 (MiB) and --max-rows positive\n"}},
		{"--max-file-size too large", []string{"build", "--as-of", refAsOf, "--max-file-size", "17592186044416"}, nil, []string{"portal build: --max-file-size must be from 1 to 1048576 (MiB) and --max-rows positive\n"}},
		{"version with an argument", []string{"version", "extra"}, nil, []string{"portal version: unexpected argument \"extra\"\n"}},
		{"no such source folder", []string{"build", "--as-of", refAsOf, "--src", "nowhere"}, nil, []string{"portal build: source folder nowhere: no such file or directory\n"}},
		{"check: no such source folder", []string{"check", "--as-of", refAsOf, "--src", "nowhere"}, nil, []string{"portal check: source folder nowhere: no such file or directory\n"}},
		{"bad base URL", []string{"build", "--as-of", refAsOf, "--src", ".", "--base-url", "ftp://x/"}, nil, []string{"--base-url \"ftp://x/\": want an absolute http(s) address"}},
		{"--max-file-size not a number", []string{"build", "--max-file-size", "big"}, nil, []string{"invalid value \"big\" for flag -max-file-size"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			r := portal(t, dir, tt.env, tt.args...)
			cmdline := strings.Join(append([]string{"portal"}, tt.args...), " ")
			if r.code != 2 {
				t.Errorf("%s: %v\nwant exit 2", cmdline, r)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("%s stderr:\n%s\nwant it to contain %q", cmdline, r.stderr, w)
				}
			}
			if r.stdout != "" {
				t.Errorf("%s stdout = %q, want nothing", cmdline, r.stdout)
			}
			if got := snapshot(t, dir); len(got) != 0 {
				t.Errorf("%s wrote %v into the folder it ran in, want nothing", cmdline, sortedKeys(got))
			}
		})
	}
}

// TestHelp asks each command for help: exit 0 and its usage text.
func TestHelp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want []string // substrings of stdout and stderr together
	}{
		{[]string{"help"}, []string{topUsage, "build ", "check ", "version "}},
		{[]string{"--help"}, []string{topUsage}},
		{[]string{"-h"}, []string{topUsage}},
		{[]string{"build", "--help"}, []string{"Usage: portal build [flags]", "-out folder", "-as-of date", "-no-minify", "-base-url URL"}},
		{[]string{"build", "-h"}, []string{"Usage: portal build [flags]"}},
		{[]string{"check", "--help"}, []string{"Usage: portal check [flags]", "-as-of date", "-src folder"}},
		{[]string{"version", "--help"}, []string{"Usage: portal version"}},
	}
	for _, tt := range tests {
		cmdline := strings.Join(append([]string{"portal"}, tt.args...), " ")
		t.Run(cmdline, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			r := portal(t, dir, nil, tt.args...)
			if r.code != 0 {
				t.Errorf("%s: %v\nwant exit 0", cmdline, r)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout+r.stderr, w) {
					t.Errorf("%s: %v\nwant the output to contain %q", cmdline, r, w)
				}
			}
			if got := snapshot(t, dir); len(got) != 0 {
				t.Errorf("%s wrote %v, want nothing", cmdline, sortedKeys(got))
			}
		})
	}
	// The top-level help is the answer the user asked for: stdout.
	r := portal(t, t.TempDir(), nil, "help")
	if !strings.Contains(r.stdout, topUsage) || r.stderr != "" {
		t.Errorf("portal help: %v\nwant the usage on stdout and nothing on stderr", r)
	}
}
