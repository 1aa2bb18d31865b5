package scale

import (
	"fmt"
	"net"
	"net/http"
	"time"
)

// Serve serves h on a random loopback port and returns the API root in
// go-github's form ("http://127.0.0.1:PORT/") and a stop function.
func Serve(h http.Handler) (root string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen on loopback: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ErrServerClosed on Close
	return "http://" + ln.Addr().String() + "/", func() { srv.Close() }, nil
}
