# docseek: see README.md. `make help` lists the targets.
SHELL := /bin/bash
GO ?= go
# The local encoder's AVX2/FMA kernels use Go's experimental SIMD package;
# without it the portable pure-Go kernels (same results) are built.
export GOEXPERIMENT ?= simd
BIN := bin/docseek
# apt-get needs root: sudo when not root (.ci/run runs as root).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
ADDR ?= 127.0.0.1:8080
DIST_PLATFORMS ?= all
# Release version stamped into dist builds and npm packages (semver); a
# release sets it: make dist VERSION=0.1.0.
VERSION ?= 0.1.0-dev.g$(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
# Hybrid page-level Recall@5 on eval/workos-0.2.0.jsonl must not drop below this.
EVAL_FLOOR ?= 0.87

.PHONY: help run build test disk check unit fuzz-short fuzz bench bench-compare eval data bundles verify-bundles loadtest clean chromium screenshots dist dist-host npm-test dist-test conformance

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

build: ## build bin/docseek
	$(GO) build -o $(BIN) ./cmd/docseek

data: build ## fetch the docs (both versions) and the local model when absent
	$(BIN) corpus sync --corpus-version 0.2.0
	$(BIN) corpus sync --corpus-version 0.1.0
	$(BIN) model fetch

run: data ## fetch what is needed, build, and serve over HTTP on $(ADDR) (web page at /, MCP at /mcp)
	$(BIN) serve --http $(ADDR) --print-config

test: disk data chromium check unit fuzz-short verify-bundles eval-gate npm-test dist-test dist-repro conformance ## every test: format, vet, staticcheck, race tests (with the browser tests), fuzz, bundles, eval floor, npm install, reproducible dist, MCP conformance
# make test runs the web page's browser tests; without a browser they would skip.
test: export DOCSEEK_REQUIRE_BROWSER = 1

# From a clean clone make test writes about 4 GB: the Go build cache, the
# module cache, docs, model, Node 22, the dist artifacts and a second dist
# build in $TMPDIR. A full disk fails it half-way with "no space left on
# device" in whichever step writes next; this says so first.
DISK_NEED_MB ?= 5000
disk: ## warn when the build cache, $TMPDIR or this checkout has less than DISK_NEED_MB free
	@seen=; for d in "$$($(GO) env GOCACHE)" "$${TMPDIR:-/tmp}" "$(CURDIR)"; do \
	  mkdir -p "$$d" 2>/dev/null; \
	  read -r free mnt < <(df -Pk "$$d" 2>/dev/null | awk 'NR==2 {print int($$4/1024), $$6}') || continue; \
	  case " $$seen " in *" $$mnt "*) continue;; esac; seen="$$seen $$mnt"; \
	  if [ "$$free" -lt $(DISK_NEED_MB) ]; then \
	    echo "warning: $$free MB free on $$mnt (holding $$d); make test may need $(DISK_NEED_MB) MB and fail with 'no space left on device'" >&2; \
	  fi; \
	done

chromium: ## install Debian's chromium for the browser tests when no Chromium is on PATH
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null || \
	  { $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends chromium; }

screenshots: chromium ## write docs/screenshot-*.png of the web page over the fixture docs (headless Chromium)
	DOCSEEK_REQUIRE_BROWSER=1 DOCSEEK_SCREENSHOTS=$(CURDIR)/docs $(GO) test -count=1 -run '^TestBrowser$$' ./server/web

check: ## gofmt, go vet, staticcheck
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

unit: ## go test -race ./..., and the encoder's portable (non-SIMD) kernels
	DOCSEEK_REQUIRE_DATA=1 $(GO) test -race -count=1 ./...
	DOCSEEK_REQUIRE_DATA=1 GOEXPERIMENT= $(GO) test -count=1 ./embed/bert

fuzz-short: ## each fuzz target for a short, fixed number of executions
	scripts/fuzz.sh

fuzz: ## each fuzz target for 20x longer
	SCALE=20 scripts/fuzz.sh

bench: ## benchmarks (encoder, search, server)
	$(GO) test -run '^$$' -bench . -benchmem ./...

bench-compare: ## encoder vs onnxruntime, interleaved (venv + ONNX model fetched into the data dir)
	python3 scripts/bench_compare.py

verify-bundles: build ## the committed bundles cover every chunk of their corpus
	$(BIN) bundle verify --corpus-version 0.2.0
	$(BIN) bundle verify --corpus-version 0.1.0

bundles: build ## rebuild the committed embedding bundles
	$(BIN) bundle build --corpus-version 0.2.0
	$(BIN) bundle build --corpus-version 0.1.0

eval-gate: build ## fail when hybrid Recall@5 drops below EVAL_FLOOR
	$(BIN) eval --questions eval/workos-0.2.0.jsonl --corpus-version 0.2.0 --modes hybrid --min-recall5 $(EVAL_FLOOR)

eval: build ## write eval/report-*.md for both corpus versions and the held-out set
	$(BIN) eval --questions eval/workos-0.2.0.jsonl --corpus-version 0.2.0 --modes grep,lexical,vector,hybrid --report eval/report-0.2.0.md
	$(BIN) eval --questions eval/workos-0.1.0.jsonl --corpus-version 0.1.0 --modes grep,lexical,vector,hybrid --report eval/report-0.1.0.md
	$(BIN) eval --questions eval/workos-0.2.0-holdout.jsonl --corpus-version 0.2.0 --modes grep,lexical,vector,hybrid --report eval/report-0.2.0-holdout.md

loadtest: build ## 50 concurrent HTTP clients x 200 asks on loopback
	DOCSEEK_LOADTEST=1 $(GO) test -count=1 -run TestLoad -v ./server

dist: build ## release artifacts in dist/: binary + model for 5 platforms, npm packages, archives, SHA256SUMS
	VERSION=$(VERSION) BIN=$(BIN) GO=$(GO) DIST_PLATFORMS=$(DIST_PLATFORMS) scripts/dist.sh

dist-host: ## make dist for this machine's platform only
	$(MAKE) dist DIST_PLATFORMS=host

npm-test: ## unit tests of the npm launcher (node's test runner)
	node --test npm/docseek/test/

dist-test: dist-host cross-vet ## npm install the dist-host packages into a temp prefix; an MCP client drives `npx docseek serve`
	DOCSEEK_DIST_DIR=$(CURDIR)/dist $(GO) test -count=1 -v -run TestNPMInstall ./npm

# The dist platforms other than linux/amd64, as GOOS/GOARCH/GOEXPERIMENT
# (amd64 builds use the SIMD kernels, as scripts/dist.sh builds them).
CROSS := linux/arm64/ darwin/amd64/simd darwin/arm64/ windows/amd64/simd

cross-vet: ## go vet every package and build docseek for the other dist platforms (never run here)
	@set -e; for t in $(CROSS); do \
	  IFS=/ read -r os arch exp <<<"$$t"; \
	  echo "cross-vet: $$os/$$arch$${exp:+ (GOEXPERIMENT=$$exp)}"; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch GOEXPERIMENT=$$exp $(GO) vet ./...; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch GOEXPERIMENT=$$exp $(GO) build -trimpath -o /dev/null ./cmd/docseek; \
	done

dist-repro: build ## build dist twice from copies of the tree in different temp dirs (one with an empty build cache) and compare SHA256SUMS
	VERSION=$(VERSION) BIN=$(BIN) GO=$(GO) DIST_PLATFORMS=$(or $(REPRO_PLATFORMS),host) scripts/dist_repro.sh

conformance: build ## the official MCP conformance suite and the MCP Inspector CLI against `docseek serve` (Node 22 installed by npm into the data dir)
	BIN=$(BIN) scripts/conformance.sh

clean: ## remove build output
	rm -rf bin dist
