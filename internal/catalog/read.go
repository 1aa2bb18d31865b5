package catalog

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MaxFileSize is the largest catalog file Load reads. A catalog of 10,000
// blockers is about 5 MiB; a larger file is a mistake or an attack (a
// pull request's catalog is read by the workflow that validates it).
const MaxFileSize = 16 << 20

// refusal is a catalog file Load will not read. It becomes a problem at
// the file rather than an error, so validate reports it, with every other
// file's problems, as the catalog's fault rather than the machine's.
type refusal struct{ msg string }

func (r *refusal) Error() string { return r.msg }

func refuse(format string, args ...any) error {
	return &refusal{msg: fmt.Sprintf(format, args...)}
}

// readFile reads a catalog file inside the catalog directory dir. It reads
// only a regular file, at most MaxFileSize bytes, whose real path is inside
// dir: a symlink in a contributed catalog could otherwise point at
// /dev/zero (and exhaust memory), a FIFO (and block forever) or a secret
// (and print it in an error).
func readFile(dir, file string) ([]byte, error) {
	if fileName(file) != file {
		return nil, refuse("the file's name holds control characters: rename the file")
	}
	fi, err := os.Lstat(file)
	if err != nil {
		return nil, err
	}
	real := file
	if fi.Mode()&fs.ModeSymlink != 0 {
		if real, err = insideLink(dir, file); err != nil {
			return nil, err
		}
		if fi, err = os.Stat(real); err != nil {
			return nil, err
		}
	}
	if err := regular(fi); err != nil {
		return nil, err
	}
	f, err := openFile(real)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may have been replaced between the check and the open.
	opened, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !os.SameFile(fi, opened) {
		return nil, refuse("changed while being read: run again")
	}
	data, over, err := readBounded(f, MaxFileSize)
	if err != nil {
		return nil, err
	}
	if over {
		return nil, tooBig(MaxFileSize + 1)
	}
	return data, nil
}

// insideLink resolves the symlink file and returns its target when that
// is inside dir.
func insideLink(dir, file string) (string, error) {
	target, err := os.Readlink(file)
	if err != nil {
		return "", err
	}
	real, err := filepath.EvalSymlinks(file)
	if err != nil {
		return "", refuse("symlink to %s, which does not resolve (%s): replace the link with the file it should name",
			quote(target), errorText(err))
	}
	base, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", err
	}
	if !within(base, real) {
		leads := ""
		if real != target {
			leads = ", which leads to " + quote(real)
		}
		return "", refuse("symlink to %s%s, outside the catalog directory: ghsync reads only files inside it; replace the link with a copy of the file",
			quote(target), leads)
	}
	return real, nil
}

// within reports whether path is dir or inside it.
func within(dir, path string) bool {
	dir, err1 := filepath.Abs(dir)
	path, err2 := filepath.Abs(path)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// regular refuses what is not a regular file, or is too large, before it is
// opened: opening a FIFO waits for a writer, and a device never ends.
func regular(fi fs.FileInfo) error {
	m := fi.Mode()
	if !m.IsRegular() {
		return refuse("is %s, not a regular file: a catalog file must be a regular file; remove it, or rename it so it does not end in .yaml or .yml", kindOf(m))
	}
	if fi.Size() > MaxFileSize {
		return tooBig(fi.Size())
	}
	return nil
}

func tooBig(size int64) error {
	return refuse("is %d bytes; a catalog file may be at most %d bytes (16 MiB): split the catalog into several files in one directory",
		size, MaxFileSize)
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "an irregular file (" + m.String() + ")"
}

// readBounded reads r to its end but at most limit bytes; over reports that
// there was more. A file that grows while it is read (or that claims a small
// size, as files in /proc do) is still bounded.
func readBounded(r io.Reader, limit int64) (data []byte, over bool, err error) {
	data, err = io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(data)) > limit {
		return nil, true, nil
	}
	return data, false, nil
}

// errorText is what an error of the file system says, without the path it
// repeats.
func errorText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
