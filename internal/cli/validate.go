package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/words"
)

func newValidateCmd(env *Env, g *Global) *cobra.Command {
	var strict bool
	var format string
	cmd := &cobra.Command{
		Use:   "validate [CATALOG]",
		Short: "Check the catalog and print every problem as FILE:LINE:COL: message",
		Long: `Validate reads the catalog (CATALOG or --catalog, a YAML file or a directory of
them) and prints every problem, one per line, as FILE:LINE:COL: message. It
never contacts GitHub.

Errors come first, then warnings, then the one warning that sums up how the
catalog differs from the totals its sources declare (ghsync report lists
those gaps one by one), so what there is to fix is never crowded out.

Exit status is 1 when there is an error (with --strict, also a warning), else 0.
Under GitHub Actions (GITHUB_ACTIONS=true) it also prints annotations, so the
problems show on the changed lines of a pull request.

With --format json, stdout is one JSON object and nothing else (no
annotations); the exit status is the same:
  version    1; a field's meaning never changes without a new version
  catalog    the catalog path as given
  errors     the number of errors
  warnings   the number of warnings
  problems   [ {file, line, column, severity, message} ] in the order above;
             line and column are 1-based, 0 when not known; severity is
             "error" or "warning"
A catalog that cannot be read at all prints no JSON, only Error: on stderr.`,
		Example: `  ghsync validate
  ghsync validate catalog/erlmcp-v3.yaml
  ghsync validate --format json | jq '.problems[] | select(.severity == "error")'`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return fmt.Errorf("validate takes one catalog, got %d (%s): pass a single YAML file or directory; a directory's *.yaml files are merged", len(args), strings.Join(args, " "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			path := g.Catalog
			if len(args) == 1 {
				if cmd.Flags().Changed("catalog") && filepath.Clean(g.Catalog) != filepath.Clean(args[0]) {
					return fmt.Errorf("two catalogs given, %s (argument) and %s (--catalog): pass one of them", args[0], g.Catalog)
				}
				path = args[0]
			}
			return runValidate(env, path, strict, format)
		},
	}
	cmd.Flags().BoolVar(&strict, "strict", false, "treat warnings as errors (exit 1)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// validateJSON is validate --format json; its fields are documented in the
// command's help, which is the contract scripts rely on.
type validateJSON struct {
	Version  int           `json:"version"`
	Catalog  string        `json:"catalog"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Problems []problemJSON `json:"problems"`
}

type problemJSON struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

func runValidate(env *Env, path string, strict bool, format string) error {
	if err := checkFormat(format, "text", "json"); err != nil {
		return err
	}
	cat, probs, err := catalog.Load(path)
	if err != nil {
		return catalogLoadError(path, err)
	}
	if !catalog.HasErrors(probs) {
		// Rendering needs a sound catalog; its limits are checked once it is.
		probs = append(probs, desired.Problems(cat)...)
	}
	catalog.SortForReading(probs)
	errs, warns := 0, 0
	for _, p := range probs {
		if p.Severity == catalog.Warning {
			warns++
		} else {
			errs++
		}
	}
	if format == "json" {
		out := validateJSON{Version: 1, Catalog: path, Errors: errs, Warnings: warns, Problems: make([]problemJSON, len(probs))}
		for i, p := range probs {
			out.Problems[i] = problemJSON{File: p.Pos.File, Line: p.Pos.Line, Column: p.Pos.Col, Severity: p.Severity.String(), Message: p.Message}
		}
		enc := json.NewEncoder(env.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return fmt.Errorf("write the JSON: %w", err)
		}
	} else {
		for _, p := range probs {
			fmt.Fprintln(env.Out, p)
		}
		if env.Getenv != nil && env.Getenv("GITHUB_ACTIONS") == "true" {
			for _, p := range probs {
				writeGHAnnotation(env.Out, p)
			}
		}
	}
	fmt.Fprintf(env.Err, "catalog: %s, %s, %s; %s, %s\n",
		words.Plural(len(cat.Blockers), "blocker"), words.Plural(len(cat.Milestones), "milestone"), words.Plural(len(cat.Gates), "gate"),
		words.Plural(errs, "error"), words.Plural(warns, "warning"))
	switch {
	case errs > 0:
		return errSilent // the problems say what is wrong
	case strict && warns > 0:
		return fmt.Errorf("--strict fails on warnings, and the catalog has %s: resolve them, or run without --strict to let warnings pass",
			words.Plural(warns, "warning"))
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
