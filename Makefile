# Goroutine Playground: the commands a newcomer needs. `make` lists them.
# Plain targets, run one after another; nothing here needs `make -j`.

GO        ?= go
ADDR      ?= 127.0.0.1:8080
SITE      ?= site
# Extra flags for cmd/site, e.g. SITEFLAGS=-fast for a quick development build.
SITEFLAGS ?=

# The engine and the view run in the browser, so their tests run under js/wasm with
# node too. Only the packages that exist yet are listed, so this file works
# while the tree grows.
ENGINE_DIRS   := $(wildcard internal/memnet internal/pickle internal/runner internal/examples internal/timeline internal/toolchain wasm)
WASM_TEST     := $(foreach d,$(ENGINE_DIRS),./$(d)/...)
WASM_VET      := ./internal/... $(if $(wildcard wasm),./wasm/...)
WASM_EXEC_DIR  = $(shell $(GO) env GOROOT)/lib/wasm

.DEFAULT_GOAL := help
.PHONY: help site serve test fmt-check vet vet-wasm staticcheck test-race test-wasm test-browser bench clean

help:
	@echo "make site    build the deployable folder $(SITE)/: main.wasm, wasm_exec.js, toolchain/, .gz and .br copies"
	@echo "make serve   make site, then serve it on http://$(ADDR)/"
	@echo "make test    gofmt, go vet (native and js/wasm), staticcheck, go test -race on every package but e2e/,"
	@echo "             the engine's tests under js/wasm with node, then the page's browser tests"
	@echo "             (e2e/) alone in headless Chromium"
	@echo "make bench   run the benchmark table (./bench)"
	@echo "make clean   remove build outputs"

site:
	@test -d wasm || { echo "make site: wasm/ does not exist yet: there is no page to build"; exit 1; }
	$(GO) run ./cmd/site -src $(SITE) -o $(SITE) -pkg ./wasm $(SITEFLAGS)

serve: site
	$(GO) run ./cmd/serve -addr $(ADDR) -dir $(SITE)

test: fmt-check vet vet-wasm staticcheck test-race test-wasm test-browser

fmt-check:
	@files=$$(git ls-files -z '*.go' | xargs -0 -r gofmt -l); \
	if [ -n "$$files" ]; then echo "gofmt -w needed on:"; echo "$$files"; exit 1; fi
	@echo "gofmt: ok"

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
ifeq ($(strip $(WASM_TEST)),)
	@echo "test-wasm: no engine package exists yet"
else
	PATH="$(WASM_EXEC_DIR):$$PATH" GOOS=js GOARCH=wasm $(GO) test -timeout 20m $(WASM_TEST)
endif

bench:
	@if [ -d bench ]; then $(GO) run ./bench; else echo "make bench: the benchmark is not built yet (./bench does not exist)"; fi

clean:
	rm -f $(SITE)/main.wasm $(SITE)/wasm_exec.js
	rm -rf $(SITE)/toolchain
	@if [ -d $(SITE) ]; then find $(SITE) -type f \( -name '*.gz' -o -name '*.br' \) -print -delete; fi
	rm -rf dist bench/out
