# 科创甬江2035 portfolio manager. `make run` runs it, `make test` tests it.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)

.PHONY: run build web test test-sqlite bench bench-sqlite vet fmt migrate-status clean

## run: start the app on http://127.0.0.1:8080 with the embedded database and demo data (builds the web app if needed)
run: frontend/dist/index.html
	PORTFOLIO_DEMO=1 $(GO) run ./cmd/portfolio serve

## web: build the web app into frontend/dist (embedded by the next go build)
web:
	cd frontend && npm ci --no-audit --no-fund && npm run build
	touch frontend/dist/.gitkeep

frontend/dist/index.html:
	$(MAKE) web

## build: a static binary in bin/portfolio, web app included
build: frontend/dist/index.html
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/portfolio ./cmd/portfolio

## test: every test, on SQLite and PostgreSQL (starts a throwaway PostgreSQL if TEST_DATABASE_URL is unset)
test:
	scripts/test.sh

## test-sqlite: the tests on the embedded database only (quick, no PostgreSQL needed)
test-sqlite:
	PORTFOLIO_TEST_SQLITE_ONLY=1 scripts/test.sh

## bench: seed a throwaway PostgreSQL at city scale (N=1), drive the hot paths next to their ceilings, print the table (see docs/benchmarks.md)
bench:
	scripts/bench.sh -scale $(or $(N),1)

## bench-sqlite: the same on the embedded database at N=0.2
bench-sqlite:
	scripts/bench.sh -sqlite -scale $(or $(N),0.2)

vet:
	$(GO) vet ./...

fmt:
	gofmt -w cmd internal frontend

migrate-status:
	$(GO) run ./cmd/portfolio migrate status

clean:
	rm -rf bin test-artifacts
