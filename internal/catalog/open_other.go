//go:build !unix

package catalog

import "os"

// openFile opens file for reading; readFile has checked it is a regular file.
func openFile(file string) (*os.File, error) { return os.Open(file) }
