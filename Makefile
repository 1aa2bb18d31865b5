# ghsync: the commands a developer and CI run. `make help` lists them.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/ghsync/ghsync/internal/cli.Version=$(VERSION)
SOURCES := ../shared/reference/erlmcp

.PHONY: help build test lint demo catalog

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

build: ## build bin/ghsync
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/ghsync ./cmd/ghsync

test: ## run every test with the race detector (the CI command)
	$(GO) test -race -count=1 ./...

lint: ## gofmt check and go vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

demo: ## plan and apply the bundled catalog against an in-process fake GitHub (offline)
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/ghsync demo
