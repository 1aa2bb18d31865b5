// Package report says how far a catalog's work has come, as GitHub shows it:
// the catalog says what must be done, the blockers' issues say what is done.
// Build is a pure function of (catalog, observed state, today); the
// renderers (Text, JSON, Markdown, MarkdownBody, HTML) only format its value.
//
// # How a blocker's status is read
//
// A blocker's issue is the one whose body carries the blocker's begin
// marker; when several do, the one plan and apply keep counts (by, in order:
// not closed as a duplicate, carrying the title ghsync gives it, open, the
// lowest number; see observed.PrimaryFor) and the others are listed as
// duplicates.
//
//   - open: the issue is open; the work is left.
//   - done: the issue is closed as completed, or with no reason.
//   - dropped: closed as not_planned or duplicate. Neither done nor left:
//     its hours are counted apart, and it never counts as done for a gate.
//   - not_synced: no issue yet; the work is left.
//
// The catalog's own status field is not consulted: GitHub is where people
// close work, and this report exists to read that back.
//
// # Gates
//
// A gate is met when done*100 >= percent*total, in integers, with total the
// number of blockers the gate names (dropped ones included): 8 of 10 meets
// 80%, 7 of 10 does not.
//
// # JSON (format version 1)
//
// The document is stable: keys are snake_case, are never renamed or removed
// without raising "version", and new keys may be added. Lists are never null.
// Dates are "YYYY-MM-DD" or null; hours are numbers with at most two decimals.
//
//	version          1
//	project          catalog project name (omitted when empty)
//	repository       "owner/name" (omitted when unknown)
//	today            the date the report was computed for
//	generated_at     RFC 3339 instant; present only when the caller set it
//	totals           a tally (below) over every blocker
//	by_priority      [ {key: "P0", ...tally} ] in P0..P3 order, then others by name
//	by_category      [ {key: "security", ...tally} ] by name
//	milestones       [ milestone ] in catalog order, then ids the catalog
//	                 lacks, then id "" titled "no milestone"
//	gates            [ gate ] in catalog order
//	blocked          [ {...blocker, waiting_on: [ {id, status, issue?} ]} ]:
//	                 blockers with work left whose depends_on are not all done
//	blockers         [ blocker ] every catalog blocker, in catalog order
//	declared_source  where the declared totals come from (omitted when empty)
//	gaps             [ {scope, key?, declared, present} ]: declared totals that
//	                 differ from the catalog; scope is "total", "priority",
//	                 "category" or "role_hours" (declared hours per assignee)
//	trend            the trend as of today (package progress; docs/forecast.md):
//	  as_of          the day it is computed for
//	  velocity       {from (exclusive), to, hours_closed, hours_per_week}
//	  burndown       {start, weeks: [ {week, end, plan, actual, projected} ]};
//	                 plan, actual, projected are hours or null
//	  forecasts      [ forecast ]: the milestones (catalog order), then the gates
//	  finish         a forecast of kind "all": all the work left
//	ready_now        [ blocker ]: work left whose depends_on are all done, by
//	                 priority, then milestone due date, then catalog order
//	history          {source ("record" or "closing dates"), points, note?}:
//	                 where the past comes from; note says why a record was ignored
//	board            only with a board: block (docs/board.md): the GitHub Project
//	  title, url?    the Project's (the catalog's title, or "#n", until found)
//	  no_access?     why the token cannot see it; nothing else is known then
//	  found          false while there is no such Project (apply creates it)
//	  managed        items of the issues ghsync manages (blockers', trackers')
//	  by_status      [ {status, items} ]: managed items by Status, the field's
//	                 options in its order (a person's too), then "" (no Status)
//	  sprint?        the sprint today is in: {title, start, end, ...tally,
//	                 percent_done, blockers: [id]}, its blockers by their item's
//	                 Sprint on the board
//	  late_sprints   [ sprint ]: sprints over whose blockers have work left
//	  added          items people added: other issues, pull requests, drafts
//	  missing        [ blocker ]: blockers with an issue that is not on the board
//	  update?        the newest status update: {status (ON_TRACK, AT_RISK,
//	                 OFF_TRACK, ...), posted (its day, UTC)}
//	                 Text in it from GitHub (title, status names) is as GitHub
//	                 sent it: escape it where it is shown.
//
// A forecast is {kind ("milestone", "gate", "all"), id, title?, due (a gate's:
// the latest due date of its blockers' milestones), done, queue_hours (the
// hours queued before it is done), date (null without one), late,
// days_late?, note? (why there is no date: "no forecast: nothing closed in 4
// weeks", ...), critical_path: [id], critical_hours}.
//
// A tally is
//
//	total, open, done, dropped, not_synced   blocker counts
//	hours_done                               effort of done blockers
//	hours_left                               effort of open and not synced ones
//	hours_dropped                            effort of dropped ones
//
// A milestone is {id, title, due, ...tally, percent_done, overdue,
// days_overdue?, days_left?}: percent_done = done*100/(total-dropped)
// rounded down (100 when everything was dropped, 0 when empty); overdue is
// true when today is after due and work is left; days_left is present when
// work is left and due is today (0) or later.
//
// A gate is {id, title?, require ("all" or "80%"), percent, total, done,
// dropped, met, more_needed, reachable, holding: [blocker], dropped_items:
// [blocker]}: holding lists the gate's blockers with work left (or unknown
// to the catalog), more_needed how many more must be done, reachable whether
// doing all of holding would meet the gate.
//
// A blocker is {id, title, priority, category, milestone?, effort_hours,
// status ("open", "done", "dropped", "not_synced"; "unknown" only for an id
// the catalog lacks), issue?, url?, state_reason?, duplicates?, depends_on?,
// closed? (the UTC day its issue was closed)}.
package report
