// Package reliability holds ghsync's end-to-end adversarial tests: the
// fault matrix (one injected fault at every request of an apply, for every
// kind of fault), crash and resume of a real process killed with SIGKILL,
// concurrent runs, GitHub's oddities (transferred and deleted issues,
// disabled issues, silently dropped labels, people editing and pasting
// markers), hostile catalog text, and token hygiene across every command.
//
// Everything runs against the fake GitHub of package ghfake on loopback,
// with a virtual clock: no test waits for real.
//
// `go test ./internal/reliability` runs a deterministic sample of the fault
// matrix; GHSYNC_RELIABILITY=full (make reliability) runs all of it and
// prints the figures that docs/reliability.md quotes.
package reliability
