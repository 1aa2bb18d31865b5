package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// jsonFile is the shape of blockers.json. Pointers tell an absent number
// from a zero.
type jsonFile struct {
	Metadata struct {
		AnalysisDate string                    `json:"analysis_date"`
		TotalIssues  *int                      `json:"total_issues"`
		Summary      map[string]int            `json:"summary"`
		Categories   map[string]map[string]int `json:"categories"`
	} `json:"metadata"`
	Issues      map[string][]jsonIssue    `json:"issues"`
	Milestones  map[string]jsonMilestone  `json:"milestones"`
	Assignments map[string]jsonAssignment `json:"assignments"`
}

type jsonIssue struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Category     string   `json:"category"`
	Module       string   `json:"module"`
	Description  string   `json:"description"`
	Risk         string   `json:"risk"`
	Evidence     string   `json:"evidence"`
	Remediation  []string `json:"remediation"`
	EffortHours  *float64 `json:"effort_hours"`
	Assignee     string   `json:"assignee"`
	Dependencies []string `json:"dependencies"`
	Milestone    string   `json:"milestone"`
}

type jsonMilestone struct {
	Name          string   `json:"name"`
	Description   string   `json:"description"`
	DurationWeeks any      `json:"duration_weeks"`
	Deliverables  []string `json:"deliverables"`
}

type jsonAssignment struct {
	Issues           []string `json:"issues"`
	TotalEffortHours *float64 `json:"total_effort_hours"`
}

// decodeJSON reads blockers.json; errors name the line and column.
func decodeJSON(name string, data []byte) (*jsonFile, error) {
	var f jsonFile
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&f); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			// Offset is just past the byte that broke the syntax.
			return nil, fmt.Errorf("%s:%s: invalid JSON: %v", name, lineCol(data, syn.Offset-1), syn)
		case errors.As(err, &typ):
			what := typ.Field
			if what == "" {
				what = "the document"
			}
			// Offset is just past the value of the wrong type.
			return nil, fmt.Errorf("%s:%s: %s must be %s, not %s", name, lineCol(data, typ.Offset-1), what, jsonKind(typ.Type.Kind().String()), typ.Value)
		case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return nil, fmt.Errorf("%s: invalid JSON: unexpected end of file", name)
		}
		return nil, fmt.Errorf("%s: invalid JSON: %w", name, err)
	}
	if rest := bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		return nil, fmt.Errorf("%s:%s: invalid JSON: more than one value", name, lineCol(data, int64(len(data)-len(rest))))
	}
	return &f, nil
}

func jsonKind(goKind string) string {
	switch {
	case strings.HasPrefix(goKind, "int"), strings.HasPrefix(goKind, "float"), strings.HasPrefix(goKind, "uint"):
		return "a number"
	case goKind == "string":
		return "a string"
	case goKind == "slice":
		return "an array"
	case goKind == "map", goKind == "struct":
		return "an object"
	}
	return "a " + goKind
}

// lineCol turns a byte offset into "LINE:COL" (1-based).
func lineCol(data []byte, off int64) string {
	off = max(0, min(off, int64(len(data))))
	line, col := 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("%d:%d", line, col)
}

// jsonRecords turns the issues of blockers.json into records, with notes on
// what could not be taken as given.
func jsonRecords(f *jsonFile, name string, note func(string, ...any)) map[string]*record {
	recs := map[string]*record{}
	for _, group := range sortedKeys(f.Issues, lessPriority) {
		for i, is := range f.Issues[group] {
			id := strings.TrimSpace(is.ID)
			if id == "" {
				note("%s: issues.%s[%d] has no id; skipped", name, group, i)
				continue
			}
			if _, dup := recs[id]; dup {
				note("%s: %s is listed twice; kept the first", name, id)
				continue
			}
			if p := priorityOfID(id); p != group {
				note("%s: %s is listed under %s; its priority is taken from the group", name, id, group)
			}
			r := newRecord(id, 0)
			setText := func(field, s string) {
				if s = strings.TrimSpace(s); s != "" {
					r.fields[field] = value{text: s}
				}
			}
			setText(fTitle, is.Title)
			setText(fPriority, group)
			setText(fCategory, strings.ToLower(is.Category))
			setText(fMilestone, is.Milestone)
			if is.EffortHours != nil {
				r.fields[fEffort] = value{text: formatHours(*is.EffortHours)}
			}
			setText(fAssignee, is.Assignee)
			setText(fModule, is.Module)
			setText(fDescription, is.Description)
			setText(fRisk, is.Risk)
			setText(fEvidence, is.Evidence)
			if is.Remediation != nil {
				r.fields[fRemediation] = value{list: trimAll(is.Remediation)}
			}
			if is.Dependencies != nil {
				r.fields[fDependsOn] = value{list: trimAll(is.Dependencies)}
			}
			recs[id] = r
		}
	}
	return recs
}

// trimAll trims each string and drops empty ones; never nil.
func trimAll(in []string) []string {
	out := []string{}
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
