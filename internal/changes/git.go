package changes

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

// Git reads releases from the history of the git repository that holds
// the source folder Dir (which may be a subfolder of the repository), with
// the git command, as Hugo's Git info does. Only commits that changed
// Dir/data count. The working tree is not a release: data not yet
// committed is published as the present, and becomes a release when it
// is committed.
type Git struct {
	Dir string
}

// Releases lists the commits that changed data/, newest first, one per
// UTC day, and reads every file of data/ of each with one git cat-file.
// With no git, no repository or a shallow clone it returns no releases
// and one warning, never an error.
func (g Git) Releases(ctx context.Context, limit int) ([]Release, diag.List, error) {
	var warn diag.List
	none := func(format string, args ...any) ([]Release, diag.List, error) {
		warn.Warn(diag.Pos{File: "data"}, "", format, args...)
		return nil, warn, nil
	}
	if _, err := exec.LookPath("git"); err != nil {
		return none("no release history: the git command is not installed, so only the present data is published, as the one release")
	}
	prefix, err := g.git(ctx, nil, "rev-parse", "--show-prefix")
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		return none("no release history: %s is not in a git repository, so only the present data is published, as the one release", g.Dir)
	}
	if shallow, err := g.git(ctx, nil, "rev-parse", "--is-shallow-repository"); err == nil && strings.TrimSpace(string(shallow)) == "true" {
		return none("no release history: the repository is a shallow clone, so only the present data is published, as the one release (git fetch --unshallow reads the whole history)")
	}
	log, err := g.git(ctx, nil, "log", "--format=%H %ct%x00%D", "--decorate-refs=refs/tags/", "-z", "--", "data")
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		// A repository with no commits yet has no history either.
		return none("no release history: git log failed (%v), so only the present data is published, as the one release", err)
	}
	rels := parseLog(log, limit)
	if len(rels) == 0 {
		return none("no release history: no commit in the repository holds data/ yet, so only the present data is published, as the one release")
	}
	if err := g.readFiles(ctx, strings.TrimSpace(string(prefix)), rels); err != nil {
		return nil, nil, err
	}
	return rels, nil, nil
}

// Head names the commit checked out, or "" when there is none: a build
// whose inputs are as before but whose history moved must not be skipped.
func (g Git) Head(ctx context.Context) string {
	out, err := g.git(ctx, nil, "rev-parse", "HEAD")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// parseLog reads git log's "hash time\x00refs" records, newest first,
// into one release per UTC day (the newest commit of each), at most limit.
func parseLog(log []byte, limit int) []Release {
	var rels []Release
	// Records are "hash time", NUL, refs, and a NUL between records; the
	// refs of the last may be empty.
	fields := bytes.Split(bytes.TrimSuffix(log, []byte("\n")), []byte{0})
	for i := 0; i+1 < len(fields); i += 2 {
		head := strings.TrimSpace(string(fields[i]))
		hash, stamp, ok := strings.Cut(head, " ")
		secs, err := strconv.ParseInt(stamp, 10, 64)
		if !ok || err != nil {
			continue
		}
		day := dataset.DateOf(time.Unix(secs, 0))
		if n := len(rels); n > 0 && rels[n-1].Date == day {
			continue // an earlier commit of a day already released
		}
		if limit > 0 && len(rels) == limit {
			break
		}
		rels = append(rels, Release{Date: day, Commit: hash, Tags: tags(string(fields[i+1]))})
	}
	return rels
}

// tags picks the tag names out of git's %D decorations ("tag: v1, tag: v2").
func tags(refs string) []string {
	var out []string
	for _, r := range strings.Split(refs, ",") {
		if t, ok := strings.CutPrefix(strings.TrimSpace(r), "tag: "); ok {
			out = append(out, t)
		}
	}
	return out
}

// Files are the files of data/ a release holds, when its commit has them.
var Files = append(dataFiles(), dataset.ManifestFile)

func dataFiles() []string {
	out := make([]string, len(dataset.Names))
	for i, n := range dataset.Names {
		out[i] = n + ".csv"
	}
	return out
}

// readFiles fills in each release's files with one git cat-file --batch:
// each file of each release is read once.
func (g Git) readFiles(ctx context.Context, prefix string, rels []Release) error {
	var req bytes.Buffer
	for _, r := range rels {
		for _, f := range Files {
			fmt.Fprintf(&req, "%s:%s\n", r.Commit, path.Join(prefix, "data", f))
		}
	}
	cmd := exec.CommandContext(ctx, "git", "-C", g.Dir, "cat-file", "--batch")
	cmd.Stdin = &req
	cmd.Env = gitEnv()
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("git cat-file: %w", err)
	}
	rd := bufio.NewReaderSize(out, 1<<16)
	var rerr error
	for i := range rels {
		rels[i].Files = map[string][]byte{}
		for _, f := range Files {
			data, ok, err := readObject(rd)
			if err != nil {
				rerr = fmt.Errorf("git cat-file %s:data/%s: %w", rels[i].Commit, f, err)
				break
			}
			if ok {
				rels[i].Files[f] = data
			}
		}
		if rerr != nil {
			break
		}
	}
	if rerr != nil {
		_ = cmd.Process.Kill()
	}
	werr := cmd.Wait()
	if rerr != nil {
		return rerr
	}
	if werr != nil {
		return fmt.Errorf("git cat-file: %w: %s", werr, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// readObject reads one answer of git cat-file --batch: a header line
// "<oid> <type> <size>" and the content, or "<name> missing".
func readObject(rd *bufio.Reader) ([]byte, bool, error) {
	line, err := rd.ReadString('\n')
	if err != nil {
		return nil, false, err
	}
	f := strings.Fields(line)
	if len(f) < 2 || f[len(f)-1] == "missing" || f[len(f)-1] == "ambiguous" {
		return nil, false, nil
	}
	if len(f) != 3 {
		return nil, false, fmt.Errorf("unexpected answer %q", strings.TrimSpace(line))
	}
	size, err := strconv.Atoi(f[2])
	if err != nil {
		return nil, false, fmt.Errorf("unexpected answer %q", strings.TrimSpace(line))
	}
	data := make([]byte, size+1) // and the newline after it
	if _, err := io.ReadFull(rd, data); err != nil {
		return nil, false, err
	}
	if f[1] != "blob" {
		return nil, false, nil // data/x.csv is a folder in that commit
	}
	return data[:size], true, nil
}

// git runs git in the source folder and returns its output.
func (g Git) git(ctx context.Context, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", g.Dir}, args...)...)
	cmd.Stdin = stdin
	cmd.Env = gitEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, fmt.Errorf("%s", strings.TrimSpace(stderr.String()))
		}
		return nil, err
	}
	return out, nil
}

// gitEnv keeps the user's pager and language out of git's output.
func gitEnv() []string {
	return append(os.Environ(), "GIT_PAGER=cat", "LC_ALL=C", "GIT_TERMINAL_PROMPT=0")
}
