package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/importer"
)

// importOptions are import's flags.
type importOptions struct {
	from, markdown, output, start string
	dueWeeks                      []string
}

func newImportCmd(env *Env, g *Global) *cobra.Command {
	o := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import --from blockers.json [--markdown CATALOG.md] [-o PATH]",
		Short: "Convert blocker sources (JSON and markdown) into a schema-v1 catalog",
		Long: `import converts the programmatic blocker data (blockers.json) and, optionally,
the markdown catalog into a schema-v1 catalog file.

Records found in both sources are merged; blockers.json wins every conflict.
Nothing is invented: a field no source gives stays empty. A gap report on
stderr lists what the sources declare but do not contain, role hours that do
not add up, conflicts, missing fields and other disagreements.`,
		Example: `  ghsync import --from blockers.json --markdown DEPLOYMENT_BLOCKERS_V3.md \
    --start 2026-02-02 --due-week M1=3 --due-week M2=8 -o catalog/erlmcp-v3.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return importCatalog(env, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.from, "from", "", "blocker data `FILE` in the blockers.json format (required)")
	f.StringVar(&o.markdown, "markdown", "", "markdown catalog `FILE` to merge (blockers.json wins conflicts)")
	f.StringVarP(&o.output, "output", "o", "", "write the catalog to `PATH` instead of stdout")
	f.StringVar(&o.start, "start", "", "catalog start `DATE` (YYYY-MM-DD); due weeks count from it")
	f.StringArrayVar(&o.dueWeeks, "due-week", nil, "milestone due week as `ID=N`, counted from --start, which it needs (repeatable)")
	_ = cmd.MarkFlagRequired("from")
	return cmd
}

// importCatalog converts the sources and writes the catalog and the gap report.
func importCatalog(env *Env, o *importOptions) error {
	opts, err := o.sources()
	if err != nil {
		return err
	}
	res, err := importer.Import(opts)
	if err != nil {
		return err
	}
	out, err := res.Marshal()
	if err != nil {
		return err
	}
	if err := res.Report.Write(env.Err); err != nil {
		return fmt.Errorf("write gap report: %w", err)
	}
	if o.output == "" || o.output == "-" {
		if _, err := env.Out.Write(out); err != nil {
			return fmt.Errorf("write catalog: %w", err)
		}
		return nil
	}
	if err := writeFileAtomic(o.output, out); err != nil {
		return err
	}
	fmt.Fprintf(env.Err, "\nWrote %s: %d blockers, %d milestones.\n", o.output, len(res.Catalog.Blockers), len(res.Catalog.Milestones))
	return nil
}

// sources reads the flags into the importer's options.
func (o *importOptions) sources() (importer.Options, error) {
	var opts importer.Options
	if o.start != "" {
		d, err := catalog.ParseDate(o.start)
		if err != nil {
			return opts, fmt.Errorf("--start: %w", err)
		}
		opts.Start = d
	}
	weeks, err := parseDueWeeks(o.dueWeeks)
	if err != nil {
		return opts, err
	}
	// A due week without a start date is a catalog validate refuses:
	// better to say so now than to write it.
	if len(weeks) > 0 && opts.Start.IsZero() {
		return opts, errors.New("--due-week needs --start: due weeks count from the catalog's start date, and a catalog with due weeks but no start fails validation; add --start YYYY-MM-DD (the first day of week 1)")
	}
	opts.DueWeeks = weeks
	if opts.JSON, err = readInput(o.from); err != nil {
		return opts, err
	}
	if o.markdown != "" {
		if opts.Markdown, err = readInput(o.markdown); err != nil {
			return opts, err
		}
	}
	return opts, nil
}

// parseDueWeeks reads repeated ID=N flags.
func parseDueWeeks(flags []string) (map[string]int, error) {
	weeks := map[string]int{}
	for _, s := range flags {
		id, n, ok := strings.Cut(s, "=")
		id = strings.TrimSpace(id)
		w, err := strconv.Atoi(strings.TrimSpace(n))
		if !ok || id == "" || err != nil || w < 1 {
			return nil, fmt.Errorf("--due-week %q: want ID=WEEK with WEEK a whole number from 1, e.g. M1=3", s)
		}
		if _, dup := weeks[id]; dup {
			return nil, fmt.Errorf("--due-week: %s given twice", id)
		}
		weeks[id] = w
	}
	return weeks, nil
}

// readInput reads a source file; its base name is what messages and the
// generated header show, so output does not depend on the working directory.
func readInput(path string) (importer.Input, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return importer.Input{}, fmt.Errorf("read %s: no such file", path)
		}
		return importer.Input{}, fmt.Errorf("read %s: %w", path, err)
	}
	return importer.Input{Name: filepath.Base(path), Data: data}, nil
}

// writeFileAtomic replaces path in one step, so a failed run never leaves a
// half-written catalog behind.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
