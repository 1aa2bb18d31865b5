package ghapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// These tests use a tiny handler; the GitHub-shaped tests use ghfake.

func TestPOST502IsOutcomeUnknownAndSentOnce(t *testing.T) {
	var posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte(`{"message":"Server Error"}`))
	}))
	defer srv.Close()
	clk := newClock()
	c, err := New(Config{Token: "t", Repo: "o/r", BaseURL: srv.URL, Now: clk.Now, Sleep: clk.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateIssue(context.Background(), IssueInput{Title: "x"})
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
	}
	if n := posts.Load(); n != 1 {
		t.Errorf("%d POSTs sent, want 1", n)
	}
	if len(clk.Sleeps()) != 0 {
		t.Errorf("slept %v", clk.Sleeps())
	}
}

func TestGET502Retried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.Write([]byte(`[{"name":"bug","color":"d73a4a"}]`))
	}))
	defer srv.Close()
	clk := newClock()
	c, err := New(Config{Token: "t", Repo: "o/r", BaseURL: srv.URL, Now: clk.Now, Sleep: clk.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	labels, err := c.ListLabels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(labels) != 1 || labels[0].Name != "bug" {
		t.Errorf("labels = %v", labels)
	}
	if want := []time.Duration{time.Second, 2 * time.Second}; !slices.Equal(clk.Sleeps(), want) {
		t.Errorf("sleeps = %v, want %v", clk.Sleeps(), want)
	}
	if s := c.Stats(); s.Reads != 1 || s.Retries != 2 {
		t.Errorf("stats = %+v", s)
	}
}

func TestRequestsAreSerial(t *testing.T) {
	var inFlight, most atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(2 * time.Millisecond)
		w.Write([]byte(`[]`))
	}))
	defer srv.Close()
	c, err := New(Config{Token: "t", Repo: "o/r", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	for i := 0; i < 6; i++ {
		go func() { _, err := c.ListLabels(context.Background()); done <- err }()
	}
	for i := 0; i < 6; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	if m := most.Load(); m != 1 {
		t.Errorf("%d requests in flight at once", m)
	}
	if s := c.Stats(); s.Reads != 6 {
		t.Errorf("stats %+v", s)
	}
}
