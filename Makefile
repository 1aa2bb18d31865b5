# ghsync: the commands a developer and CI run. `make help` lists them.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/ghsync/ghsync/internal/cli.Version=$(VERSION)
SOURCES := catalog/source

.PHONY: help build test lint demo catalog docs release-check

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

build: ## build bin/ghsync
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/ghsync ./cmd/ghsync

test: ## run every test with the race detector (the CI command)
	$(GO) test -race -count=1 ./...

lint: ## gofmt check, go vet and actionlint on the workflows
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool actionlint

docs: ## regenerate the command reference (docs/commands) and the man pages (docs/man) from the commands' --help
	rm -rf docs/commands docs/man
	$(GO) run ./cmd/ghsync docs --dir docs/commands --man docs/man

# GoReleaser v2 from the Go module proxy (nothing else is downloaded): the
# release configuration is checked and built as a snapshot into dist/, as
# .github/workflows/release.yml does on a tag, without publishing.
GORELEASER ?= $(GO) run github.com/goreleaser/goreleaser/v2@v2.15.1
release-check: ## goreleaser check and a snapshot build of every release binary into dist/ (opt-in, minutes)
	$(GORELEASER) check
	$(GORELEASER) release --snapshot --clean --skip=publish

demo: ## plan, apply, report and gate the bundled catalog against an in-process fake GitHub (offline)
	@echo "Building ghsync (the first time, Go fetches its modules: about a minute)..."
	@$(GO) run -ldflags "$(LDFLAGS)" ./cmd/ghsync demo

# The bundled catalog. erlmcp-v3.yaml is generated from the erlmcp v3 sources
# copied into $(SOURCES); catalog/gates.yaml is written by hand. --start is the
# sources' analysis date (2026-02-02); the due weeks are the "Milestone Gates"
# of PRIORITIZATION_MATRIX.md: M1 week 3, M2 week 8, M3 week 12, M4 week 14.
catalog: ## regenerate catalog/erlmcp-v3.yaml from catalog/source (prints the gap report)
	$(GO) run ./cmd/ghsync import --from $(SOURCES)/blockers.json --markdown $(SOURCES)/DEPLOYMENT_BLOCKERS_V3.md \
		--start 2026-02-02 --due-week M1=3 --due-week M2=8 --due-week M3=12 --due-week M4=14 -o catalog/erlmcp-v3.yaml

# The whole reliability suite of internal/reliability (make test runs a
# sample): every fault kind at every request of an apply, SIGKILL after every
# write, 40 rounds of two applies at once. Prints the figures quoted in
# docs/reliability.md; the full log is kept in the file the last line names
# when a test fails.
.PHONY: reliability
reliability: ## the whole fault matrix and crash/race suites, with figures, then every fuzzer (a few minutes)
	@log=$$(mktemp); GHSYNC_RELIABILITY=full $(GO) test -count=1 -v -timeout 30m ./internal/reliability > $$log 2>&1; s=$$?; \
	grep -h 'figures:' $$log | sed 's/^.*figures: //'; grep -E '^(--- FAIL|FAIL|ok)' $$log; \
	if [ $$s -eq 0 ]; then rm -f $$log; else echo "full log: $$log"; fi; [ $$s -eq 0 ] && $(MAKE) --no-print-directory fuzz

# Every fuzz target for FUZZTIME each: hostile catalogs and names, bodies
# with anything around the managed region, plan files, issue lists, the
# dashboard's history record. A finding is written under the package's
# testdata/fuzz, where it stays a regression test of make test. Go 1.26's
# coordinator can fail a run at the end of -fuzztime with "context deadline
# exceeded" and no input (golang/go#75804, fixed in 1.27): with no input
# written that is reported, not a failure.
FUZZTIME ?= 20s
FUZZERS := internal/catalog:FuzzParse internal/catalog:FuzzNames internal/marker:FuzzSplice \
	internal/marker:FuzzScanners internal/plan:FuzzDiffBody internal/plan:FuzzRead \
	internal/ghapi:FuzzDecodeMarked internal/importer:FuzzParseMarkdown internal/progress:FuzzParse
.PHONY: fuzz
fuzz: ## run every fuzzer for FUZZTIME (default 20s) each
	@for f in $(FUZZERS); do pkg=$${f%%:*}; name=$${f##*:}; dir=$$pkg/testdata/fuzz/$$name; \
		before=$$(ls $$dir 2>/dev/null | wc -l); \
		out=$$($(GO) test ./$$pkg -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s 2>&1); s=$$?; \
		after=$$(ls $$dir 2>/dev/null | wc -l); execs=$$(echo "$$out" | grep -o 'execs: [0-9]*' | tail -1); \
		if [ $$s -ne 0 ] && [ $$after -eq $$before ] && echo "$$out" | tail -5 | grep -q 'context deadline exceeded'; then \
			echo "$$name: $$execs ok (no input written; Go's fuzz coordinator reported its own fuzztime deadline, golang/go#75804)"; continue; fi; \
		echo "$$name: $$execs $$( [ $$s -eq 0 ] && echo ok || echo FAILED)"; \
		if [ $$s -ne 0 ]; then echo "$$out" | tail -30; exit 1; fi; done

# Performance (docs/performance.md). BENCH_SIZES are catalog sizes in
# blockers; the repositories hold as many other issues and pull requests.
BENCH_SIZES ?= 1000,10000,50000
.PHONY: bench
bench: ## benchmarks (ns/blocker, requests against the lower bound), the scale run and the big-repository listing run against the fake (minutes)
	$(GO) test ./internal/scale/ -run '^$$' -bench . -scale.sizes=$(BENCH_SIZES)
	$(GO) run ./internal/scale/cmd/ghsync-scale -catalog catalog -sizes $(BENCH_SIZES)
	$(GO) run ./internal/scale/cmd/ghsync-scale -sizes 1000 -listing 1000,10000,50000

# The executive page (report --format html) in a real browser: Debian's
# chromium is installed when missing (apt-get, needs root), then the page
# of the report tests' fixture is loaded headless, its DOM checked for the
# charts' SVG paths and a 1280x800 screenshot for size, ink and the
# burndown's line. BROWSER_SHOT=docs/report-html.png keeps the screenshot.
BROWSER_SHOT ?=
.PHONY: browser-test
browser-test: ## render report --format html in headless Chromium (installs Debian's chromium if missing) and check the charts are drawn
	@command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y chromium)
	GHSYNC_BROWSER_TEST=1 GHSYNC_BROWSER_SHOT=$(if $(BROWSER_SHOT),$(abspath $(BROWSER_SHOT))) $(GO) test -count=1 -run '^TestBrowserDrawsThePage$$' -v ./internal/report/
