package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/words"
)

func newValidateCmd(env *Env, g *Global) *cobra.Command {
	var strict bool
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Check the catalog and print every problem as FILE:LINE:COL: message",
		Long: `Validate reads the catalog (--catalog, a YAML file or a directory of them) and
prints every problem, one per line, as FILE:LINE:COL: message. It never
contacts GitHub.

Exit status is 1 when there is an error (with --strict, also a warning), else 0.
Under GitHub Actions (GITHUB_ACTIONS=true) it also prints annotations, so the
problems show on the changed lines of a pull request.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(env, g.Catalog, strict)
		},
	}
	cmd.Flags().BoolVar(&strict, "strict", false, "treat warnings as errors (exit 1)")
	return cmd
}

func runValidate(env *Env, path string, strict bool) error {
	cat, probs, err := catalog.Load(path)
	if err != nil {
		return catalogLoadError(path, err)
	}
	if !catalog.HasErrors(probs) {
		// Rendering needs a sound catalog; its limits are checked once it is.
		probs = append(probs, desired.Problems(cat)...)
		catalog.SortProblems(probs)
	}
	errs, warns := 0, 0
	for _, p := range probs {
		if p.Severity == catalog.Warning {
			warns++
		} else {
			errs++
		}
		fmt.Fprintln(env.Out, p)
	}
	if env.Getenv != nil && env.Getenv("GITHUB_ACTIONS") == "true" {
		for _, p := range probs {
			writeGHAnnotation(env.Out, p)
		}
	}
	fmt.Fprintf(env.Err, "catalog: %s, %s, %s; %s, %s\n",
		words.Plural(len(cat.Blockers), "blocker"), words.Plural(len(cat.Milestones), "milestone"), words.Plural(len(cat.Gates), "gate"),
		words.Plural(errs, "error"), words.Plural(warns, "warning"))
	if errs > 0 || (strict && warns > 0) {
		return errSilent
	}
	return nil
}

// catalogLoadError says what to do when the catalog cannot be read at all.
func catalogLoadError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("no catalog at %s: pass --catalog PATH (a YAML file or a directory of them), or create one with ghsync import", path)
	case errors.Is(err, catalog.ErrNoFiles):
		return fmt.Errorf("catalog directory %s has no *.yaml or *.yml files: add one, or pass --catalog FILE", path)
	}
	return fmt.Errorf("%w: check that the catalog is readable", err)
}

// writeGHAnnotation prints p as a GitHub Actions workflow command, escaped as
// the runner expects so a message cannot end the command early.
func writeGHAnnotation(w io.Writer, p catalog.Problem) {
	kind := "error"
	if p.Severity == catalog.Warning {
		kind = "warning"
	}
	props := []string{"file=" + ghEscapeProperty(p.Pos.File)}
	if p.Pos.Line > 0 {
		props = append(props, fmt.Sprintf("line=%d", p.Pos.Line))
		if p.Pos.Col > 0 {
			props = append(props, fmt.Sprintf("col=%d", p.Pos.Col))
		}
	}
	fmt.Fprintf(w, "::%s %s::%s\n", kind, strings.Join(props, ","), ghEscapeData(p.Message))
}

func ghEscapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghEscapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
