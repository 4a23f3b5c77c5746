# Goroutine Playground: the commands a newcomer needs. `make` lists them.
# Plain targets, run one after another; nothing here needs `make -j`.

GO        ?= go
ADDR      ?= 127.0.0.1:8080
SITE      ?= site
# Extra flags for cmd/site, e.g. SITEFLAGS=-fast for a quick development build.
SITEFLAGS ?=

# The engine, the page's plain logic and the view run in the browser, so their
# tests run under js/wasm with node too.
WASM_TEST     := ./internal/memnet/... ./internal/pickle/... ./internal/runner/... ./internal/examples/... \
                 ./internal/timeline/... ./internal/states/... ./internal/engine/... ./internal/page/... ./internal/protocol/... ./internal/toolchain/... ./wasm/...
WASM_VET      := ./internal/... ./wasm/...
WASM_EXEC_DIR  = $(shell $(GO) env GOROOT)/lib/wasm

.DEFAULT_GOAL := help
.PHONY: help site serve test fmt-check js-check vet vet-wasm staticcheck test-race test-wasm test-browser bench clean

help:
	@echo "make site    build the deployable folder $(SITE)/: main.wasm, engine.wasm, wasm_exec.js, toolchain/, .gz and .br copies"
	@echo "make serve   make site, then serve it on http://$(ADDR)/"
	@echo "make test    gofmt, node --check on site/*.js, go vet (native and js/wasm), staticcheck,"
	@echo "             go test -race on every package but e2e/, the engine's tests under js/wasm"
	@echo "             with node, then the page's browser tests (e2e/) alone in headless Chromium"
	@echo "make bench   run the benchmark table (./bench)"
	@echo "make clean   remove build outputs"

site:
	$(GO) run ./cmd/site -src $(SITE) -o $(SITE) -pkg ./wasm -engine ./wasm/engine $(SITEFLAGS)

serve: site
	$(GO) run ./cmd/serve -addr $(ADDR) -dir $(SITE)

test: fmt-check js-check vet vet-wasm staticcheck test-race test-wasm test-browser

fmt-check:
	@files=$$(git ls-files -z '*.go' | xargs -0 -r gofmt -l); \
	if [ -n "$$files" ]; then echo "gofmt -w needed on:"; echo "$$files"; exit 1; fi
	@echo "gofmt: ok"

# The page's own JavaScript (the worker bootstrap, the heartbeat Stop relies
# on, the embed's iframe sizing; protocol.js too once make site has written
# it; not Go's wasm_exec.js) is parsed by node, so a syntax error fails here
# and not only in a browser test. No linter: eslint:recommended found nothing
# in these four small files, and would bring node_modules (or Debian's eslint
# 6 and its ninety packages) to every machine.
js-check:
	@for f in $(filter-out site/wasm_exec.js,$(wildcard site/*.js)); do node --check $$f || exit 1; done
	@echo "node --check: ok"

vet:
	$(GO) vet ./...

vet-wasm:
	GOOS=js GOARCH=wasm $(GO) vet $(WASM_VET)

staticcheck:
	$(GO) tool staticcheck ./...

# Every package but the page's browser tests, under the race detector.
test-race:
	$(GO) test -race -timeout 20m $$($(GO) list ./... | grep -v /e2e$$)

# The page's browser tests, alone: they time what a person would see
# (Stop within 200 ms), so they get the machine to themselves.
test-browser:
	$(GO) test -p 1 -timeout 30m ./e2e/...

test-wasm:
	PATH="$(WASM_EXEC_DIR):$$PATH" GOOS=js GOARCH=wasm $(GO) test -timeout 20m $(WASM_TEST)

bench:
	$(GO) run ./bench

clean:
	rm -f $(SITE)/main.wasm $(SITE)/engine.wasm $(SITE)/wasm_exec.js $(SITE)/precache.js
	rm -rf $(SITE)/toolchain
	@if [ -d $(SITE) ]; then find $(SITE) -type f \( -name '*.gz' -o -name '*.br' \) -print -delete; fi
	rm -rf dist bench/out
