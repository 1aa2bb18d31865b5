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

// WithoutETags drops the ETag of every answer of h: a client then caches
// nothing for conditional requests, which shows what that cache costs.
func WithoutETags(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(etagDropper{w}, r)
	})
}

type etagDropper struct{ http.ResponseWriter }

func (d etagDropper) WriteHeader(code int) {
	d.Header().Del("Etag")
	d.ResponseWriter.WriteHeader(code)
}

func (d etagDropper) Write(b []byte) (int, error) {
	d.Header().Del("Etag") // before the implicit WriteHeader(200)
	return d.ResponseWriter.Write(b)
}
