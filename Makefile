# Two commands do all set-up on a fresh machine:
#   make site   — build the demo site from records/ into output/
#   make test   — run every test (installs Python packages into .venv, npm packages, Debian's chromium)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site serve editor test lint unit browser chromium clean clean-cache bench screenshots

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

AS_OF ?=
site: $(STAMP) $(NODE_STAMP)
	$(BIN)/credit build --records records --output output $(if $(AS_OF),--as-of $(AS_OF))

serve: site
	$(BIN)/credit serve --output output

# The web form (Decap CMS, admin/) on this checkout: decap-server (git mode, 127.0.0.1 only) saves each record
# on a local branch cms/<collection>/<file>; the site is served at http://127.0.0.1:$(SITE_PORT)/admin/. decap-server
# switches branches and commits with `git add .`, so the working tree must be clean. Its port must be the one
# admin/config.yml names: editor.local_port in records/platform.yaml (default 8081).
EDITOR_PORT ?= 8081
SITE_PORT ?= 8000
editor: site
	@test -z "$$(git status --porcelain)" || { echo "make editor：工作区有未提交的修改。decap-server 会切换分支并提交全部文件，请先提交或暂存这些修改（git status）。" >&2; exit 1; }
	@GIT_REPO_DIRECTORY="$(CURDIR)" PORT=$(EDITOR_PORT) BIND_HOST=127.0.0.1 MODE=git node_modules/.bin/decap-server & pid=$$!; \
	  trap 'kill $$pid 2>/dev/null' EXIT INT TERM; \
	  echo "录入表单：http://127.0.0.1:$(SITE_PORT)/admin/（点“登录”；保存的记录在本地分支 cms/…；Ctrl+C 停止）" >&2; \
	  $(BIN)/credit serve --output output --port $(SITE_PORT)

# Debian's chromium for the browser tests, and a Chinese font so screenshots show text, not boxes.
chromium:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; } || { \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check generator tests tools $(wildcard bench)
	$(BIN)/mypy generator tools/fakedata

# Tests run on every core (pytest-xdist; TEST_WORKERS=0 runs them in this one process). The longest tests start
# first (tests/conftest.py, LONG_FIRST), two at a time per worker.
TEST_WORKERS ?= auto
PYTEST_WORKERS = $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist load --maxschedchunk 2)

unit: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_WORKERS)

test: $(STAMP) $(NODE_STAMP) chromium lint
	$(BIN)/python -m pytest $(PYTEST_WORKERS)

bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python bench/run.py

# .cache: where the parse cache lived before issue 12 (it is now outside the checkout: generator/records/parse_cache.py)
clean:
	rm -rf output .cache test-artifacts

# the caches (parse cache, output digests, file store, carried days) and their HMAC key in the default place
# (made again on the next run)
clean-cache:
	rm -rf "$${XDG_CACHE_HOME:-$$HOME/.cache}/credit-publication"

# screenshots of the enterprise page (vetoed, five-star, black-listed) at 1366×900 and 390×844, for review
screenshots: $(STAMP) $(NODE_STAMP) chromium
	$(BIN)/python tools/screenshots.py
