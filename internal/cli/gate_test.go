package cli

import (
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/ghfake"
)

func TestGate(t *testing.T) {
	tests := []struct {
		name     string
		seed     func(r *reportRig)
		gate     string
		code     int
		out, err string
	}{
		{
			name: "all met",
			seed: func(r *reportRig) {
				r.seedDefault()
				r.fake.EditIssue("o/r", r.issue["P0-003"], func(is *ghfake.Issue) { is.State, is.StateReason = "closed", "completed" })
			},
			gate: "production", code: 0,
			out: "production: met (3/3 done)\n",
		},
		{
			// P0-003 is open: the one line on stderr names it.
			name: "all not met",
			seed: (*reportRig).seedDefault,
			gate: "production", code: 3,
			out: "production: not met (2/3 done, needs all: 1 more)\n",
			err: "P0-003 #3 open Insufficient Secrets Management for Production\n",
		},
		{
			// 4 of 5 at 80%: 400 >= 400. P1-005 is left but does not hold it.
			name: "exactly at the percentage",
			seed: (*reportRig).seedDefault,
			gate: "enterprise", code: 0,
			out: "enterprise: met (4/5 done = 80%, needs 80%)\n",
		},
		{
			// P1-004 closed as not planned is not done: 3 of 5 = 60% < 80%.
			name: "dropped is not done",
			seed: func(r *reportRig) {
				r.seedDefault()
				r.fake.EditIssue("o/r", r.issue["P1-004"], func(is *ghfake.Issue) { is.StateReason = "not_planned" })
			},
			gate: "enterprise", code: 3,
			out: "enterprise: not met (3/5 done = 60%, needs 80%: 1 more; 1 dropped, not counted as done)\n",
			err: "P1-005 - not_synced No Runbooks\nP1-004 #7 dropped No Audit Log\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rig := newReportRig(t)
			tt.seed(rig)
			res := rig.run("gate", tt.gate)
			if res.code != tt.code || res.out != tt.out || res.err != tt.err {
				t.Errorf("exit %d\nstdout %q\nstderr %q\nwant exit %d\nstdout %q\nstderr %q", res.code, res.out, res.err, tt.code, tt.out, tt.err)
			}
			if w := rig.fake.Counts().Writes; w != 0 {
				t.Errorf("gate wrote %d times to GitHub", w)
			}
		})
	}
}

func TestGateErrors(t *testing.T) {
	t.Run("unknown gate", func(t *testing.T) {
		rig := newReportRig(t)
		res := rig.run("gate", "prod")
		if res.code != 1 || !strings.Contains(res.err, `unknown gate "prod": the catalog defines production, enterprise`) {
			t.Errorf("exit %d, stderr %q", res.code, res.err)
		}
		if n := rig.fake.Counts().Reads; n != 0 {
			t.Errorf("read GitHub %d times for a gate that does not exist", n)
		}
	})
	t.Run("no name", func(t *testing.T) {
		rig := newReportRig(t)
		if res := rig.run("gate"); res.code != 1 {
			t.Errorf("exit %d, stderr %q", res.code, res.err)
		}
	})
	t.Run("GitHub unreachable", func(t *testing.T) {
		rig := newReportRig(t)
		rig.vars["GITHUB_REPOSITORY"] = "o/missing"
		res := rig.run("gate", "production")
		if res.code != 1 || res.out != "" {
			t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and no verdict", res.code, res.out, res.err)
		}
	})
}
