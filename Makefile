# Two commands are all anyone needs: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := .faq_builder/demo
SUPPORT := support@northwind-outfitters.example
# The demo shop's reviewed entries, bundled in content/ (the demo approves them in its own copy).
BUNDLED = $(basename $(notdir $(wildcard content/faq/*/*.md)))

.PHONY: demo test bench setup clean

setup: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

demo: $(STAMP)
	$(BIN)/faq-builder sample-data $(DEMO)/sample
	$(BIN)/faq-builder ingest $(DEMO)/sample/tickets.csv $(DEMO)/sample/zendesk $(DEMO)/sample/mailbox.mbox \
		--support-address $(SUPPORT) --db $(DEMO)/tickets.sqlite3
	$(BIN)/faq-builder stats --db $(DEMO)/tickets.sqlite3
	rm -rf $(DEMO)/content && cp -R content $(DEMO)/content
	$(BIN)/faq-builder approve $(BUNDLED) --by "Demo editor" --content $(DEMO)/content
	$(BIN)/faq-builder mine --db $(DEMO)/tickets.sqlite3 --content $(DEMO)/content --out $(DEMO)/reports
	$(BIN)/faq-builder report --db $(DEMO)/tickets.sqlite3 --content $(DEMO)/content --reports $(DEMO)/reports \
		--out $(DEMO)/reports
	$(BIN)/faq-builder review --content $(DEMO)/content
	$(BIN)/faq-builder build --content $(DEMO)/content --site-dir $(DEMO)/site --clean --offline
	@echo "Support report: file://$(CURDIR)/$$(ls $(DEMO)/reports/support-*.html | tail -n 1)"
	@echo "Open file://$(CURDIR)/$(DEMO)/site/index.html in a browser (built --offline: works from disk, search included),"
	@echo "or preview with drafts: $(BIN)/faq-builder serve --content $(DEMO)/content"

test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/mining.py
	$(BIN)/python bench/site.py
	$(BIN)/python bench/site_search.py
	$(BIN)/python bench/privacy.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/suggest.py
	$(BIN)/python bench/api_load.py

clean:
	rm -rf $(VENV) .faq_builder .pytest_cache build site reports
