//go:build unix

package catalog

import (
	"os"
	"syscall"
)

// openFile opens file for reading without waiting: should a FIFO take the
// place of a checked regular file, opening it must not block until a
// writer comes (readFile then refuses it, as it is not the file checked).
func openFile(file string) (*os.File, error) {
	return os.OpenFile(file, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
