// Package importer converts the erlmcp blocker sources (blockers.json and the
// markdown catalog DEPLOYMENT_BLOCKERS_V3.md) into a schema-v1 catalog, and
// says precisely where the sources disagree or fall short.
//
// It never invents data: a field no source gives stays empty and is
// reported, and the totals the sources claim are kept in the catalog's
// declared section rather than papered over. When both sources describe a
// blocker, blockers.json wins and every real difference is reported.
package importer

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ghsync/ghsync/internal/catalog"
)

// Input is one source document.
type Input struct {
	// Name is how messages and the generated header refer to the document;
	// use the base name so the output does not depend on where it was run.
	Name string
	Data []byte
}

// Options says what to import.
type Options struct {
	JSON Input
	// Markdown is optional; a zero Name means none.
	Markdown Input
	// Start is the catalog's start date; zero leaves it out.
	Start catalog.Date
	// DueWeeks maps a milestone id to its due week counted from Start.
	DueWeeks map[string]int
}

// Result is the catalog and what the import found on the way.
type Result struct {
	Catalog *catalog.Catalog
	Report  *Report
}

// Import reads the sources and builds the catalog. It fails only when
// blockers.json cannot be read as JSON of the expected shape or a due week
// names an unknown milestone; everything else is a finding in the report.
func Import(opts Options) (*Result, error) {
	f, err := decodeJSON(opts.JSON.Name, opts.JSON.Data)
	if err != nil {
		return nil, err
	}
	rep := &Report{Sources: []string{opts.JSON.Name}, JSONName: opts.JSON.Name}
	note := func(format string, args ...any) { rep.Notes = append(rep.Notes, fmt.Sprintf(format, args...)) }

	jrecs := jsonRecords(f, opts.JSON.Name, note)
	var md *mdDoc
	if opts.Markdown.Name != "" {
		md = parseMarkdown(opts.Markdown.Name, opts.Markdown.Data)
		rep.Sources = append(rep.Sources, md.name)
		rep.MarkdownName = md.name
		rep.Notes = append(rep.Notes, md.notes...)
	}

	c := &catalog.Catalog{Version: catalog.Version, Start: opts.Start}
	c.Declared = declared(f, opts.JSON.Name)
	c.Milestones = milestones(f, md, rep, note)
	if err := setDueWeeks(c.Milestones, opts.DueWeeks, opts.JSON.Name); err != nil {
		return nil, err
	}
	c.Blockers = merge(jrecs, md, rep)

	rep.Declared = declaredCounts(f)
	rep.Written = writtenCounts(c.Blockers)
	rep.Roles, rep.Unassigned = roleHours(f, c.Blockers)
	rep.Missing = missing(c.Blockers)
	rep.Milestones = milestoneDues(c)
	checkReferences(c, note)
	checkDeclared(f, opts.JSON.Name, note)
	checkAssignments(f, c.Blockers, opts.JSON.Name, note)
	if md != nil {
		compareStats(md, f, opts.JSON.Name, note)
		compareAssignments(md, f, c.Blockers, opts.JSON.Name, note)
		compareLabels(md, c.Milestones, note)
	}
	return &Result{Catalog: c, Report: rep}, nil
}

// merge combines the records of both sources into blockers sorted by
// priority then id; blockers.json wins every conflict.
func merge(jrecs map[string]*record, md *mdDoc, rep *Report) []catalog.Blocker {
	mrecs := map[string]*record{}
	if md != nil {
		mrecs = md.records
	}
	ids := make([]string, 0, len(jrecs)+len(mrecs))
	for id := range jrecs {
		ids = append(ids, id)
	}
	for id := range mrecs {
		if _, ok := jrecs[id]; !ok {
			ids = append(ids, id)
		}
	}
	sortIDs(ids)

	var out []catalog.Blocker
	for _, id := range ids {
		j, m := jrecs[id], mrecs[id]
		switch {
		case j == nil:
			rep.OnlyMarkdown = append(rep.OnlyMarkdown, id)
			j = newRecord(id, 0)
		case m == nil:
			if md != nil {
				rep.OnlyJSON = append(rep.OnlyJSON, id)
			}
			m = newRecord(id, 0)
		}
		merged := map[string]value{}
		for _, field := range fieldOrder {
			jv, jok := j.fields[field]
			mv, mok := m.fields[field]
			if jok && mok {
				if jt, mt := jv.compareText(field), mv.compareText(field); jt != mt {
					rep.Conflicts = append(rep.Conflicts, Conflict{ID: id, Field: field, JSON: jt, Markdown: mt, Line: mv.line})
				}
			}
			switch {
			case jok:
				merged[field] = jv
			case mok:
				merged[field] = mv
			}
		}
		out = append(out, toBlocker(id, merged))
	}
	sort.SliceStable(out, func(i, k int) bool {
		if ri, rk := priorityRank(out[i].Priority), priorityRank(out[k].Priority); ri != rk {
			return ri < rk
		}
		return lessID(out[i].ID, out[k].ID)
	})
	return out
}

func toBlocker(id string, f map[string]value) catalog.Blocker {
	b := catalog.Blocker{
		ID:          id,
		Title:       f[fTitle].text,
		Priority:    f[fPriority].text,
		Category:    f[fCategory].text,
		Milestone:   f[fMilestone].text,
		Assignee:    f[fAssignee].text,
		Module:      f[fModule].text,
		Description: f[fDescription].text,
		Risk:        f[fRisk].text,
		Evidence:    f[fEvidence].text,
	}
	if v, ok := f[fEffort]; ok {
		b.EffortHours, _ = strconv.ParseFloat(v.text, 64)
	}
	if v := f[fRemediation].list; len(v) > 0 {
		b.Remediation = append([]string(nil), v...)
	}
	if v := f[fDependsOn].list; len(v) > 0 {
		b.DependsOn = append([]string(nil), v...)
	}
	return b
}

// declared is what blockers.json's metadata and assignments claim.
func declared(f *jsonFile, name string) *catalog.Declared {
	d := &catalog.Declared{Source: name}
	if f.Metadata.AnalysisDate != "" {
		d.Source += ", analysis date " + f.Metadata.AnalysisDate
	}
	if f.Metadata.TotalIssues != nil {
		d.Total = *f.Metadata.TotalIssues
	}
	if len(f.Metadata.Summary) > 0 {
		d.ByPriority = map[string]int{}
		for p, n := range f.Metadata.Summary {
			d.ByPriority[p] = n
		}
	}
	for cat, counts := range f.Metadata.Categories {
		if t, ok := counts["total"]; ok {
			if d.ByCategory == nil {
				d.ByCategory = map[string]int{}
			}
			d.ByCategory[strings.ToLower(cat)] = t
		}
	}
	for role, a := range f.Assignments {
		if a.TotalEffortHours != nil {
			if d.RoleHours == nil {
				d.RoleHours = map[string]float64{}
			}
			d.RoleHours[role] = *a.TotalEffortHours
		}
	}
	if d.Total == 0 && d.ByPriority == nil && d.ByCategory == nil && d.RoleHours == nil {
		return nil
	}
	return d
}

// milestones come from blockers.json; the markdown's definitions are used
// only when the JSON has none, and otherwise compared with it.
func milestones(f *jsonFile, md *mdDoc, rep *Report, note func(string, ...any)) []catalog.Milestone {
	var out []catalog.Milestone
	for _, id := range sortedKeys(f.Milestones, lessMilestone) {
		m := f.Milestones[id]
		title := id
		if name := strings.TrimSpace(m.Name); name != "" {
			title = id + ": " + name
		} else {
			note("%s: milestone %s has no name; its title is just its id", rep.JSONName, id)
		}
		out = append(out, catalog.Milestone{ID: id, Title: title, Description: strings.TrimSpace(m.Description)})
	}
	if md == nil {
		return out
	}
	if len(out) == 0 && len(md.milestones) > 0 {
		note("%s has no milestones; took them from %s", rep.JSONName, md.name)
		for _, id := range sortedKeys(md.milestones, lessMilestone) {
			m := md.milestones[id]
			out = append(out, catalog.Milestone{ID: id, Title: id + ": " + m.name, Description: m.goal})
		}
		return out
	}
	for _, id := range sortedKeys(md.milestones, lessMilestone) {
		mm := md.milestones[id]
		jm, ok := f.Milestones[id]
		if !ok {
			note("%s:%d: milestone %s (%s) is not in %s; not imported", md.name, mm.line, id, mm.name, rep.JSONName)
			continue
		}
		diff := func(what, j, m string) {
			if normalize(j) != normalize(m) {
				note("%s:%d: milestone %s %s: %s says %q, %s says %q", md.name, mm.line, id, what, rep.JSONName, clip(normalize(j), 50), md.name, clip(normalize(m), 50))
			}
		}
		diff("name", jm.Name, mm.name)
		diff("description", jm.Description, mm.goal)
		diff("duration", durationWeeks(jm.DurationWeeks), strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(mm.duration), "weeks"), "week"))
		diff("deliverables", strings.Join(jm.Deliverables, "; "), strings.Join(mm.deliverables, "; "))
	}
	for _, id := range sortedKeys(f.Milestones, lessMilestone) {
		if _, ok := md.milestones[id]; !ok && len(md.milestones) > 0 {
			note("milestone %s is not defined in %s", id, md.name)
		}
	}
	return out
}

// durationWeeks renders duration_weeks, which the JSON gives as "2-3" or 3.
func durationWeeks(v any) string {
	switch d := v.(type) {
	case string:
		return d
	case float64:
		return formatHours(d)
	}
	return ""
}

func setDueWeeks(ms []catalog.Milestone, weeks map[string]int, jsonName string) error {
	for _, id := range sortedKeys(weeks, lessMilestone) {
		i := sort.Search(len(ms), func(i int) bool { return !lessMilestone(ms[i].ID, id) })
		if i == len(ms) || ms[i].ID != id {
			have := make([]string, len(ms))
			for k, m := range ms {
				have[k] = m.ID
			}
			return fmt.Errorf("due week for %s: %s has no milestone %s (it has %s)", id, jsonName, id, orNone(strings.Join(have, ", ")))
		}
		ms[i].DueWeek = weeks[id]
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
