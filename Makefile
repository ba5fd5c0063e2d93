# Leerloket: the README's interface. `make run` and `make test` do all set-up.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(PY) -m bot.runtime  # the launcher: Rasa with our patches (bot/runtime)
export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2

TRAIN_INPUTS := config.yml $(wildcard domain/*.yml) $(shell find data -name '*.yml' 2>/dev/null) \
	$(wildcard bot/runtime/nlu/*.py)

.PHONY: eval rules kb-report
.PHONY: help install train run run-prod shell test lint typecheck lock kb-check kb-load build-pc4 endpoints browser tools bench bench-prod clean

help:
	@echo "make run    - install, train if needed, start Rasa :5005, actions :5055, web :8080"
	@echo "make test   - install, train if needed: ruff, mypy, KB check, every test"
	@echo "make shell  - chat with the bot in this terminal (Rasa shell with our patches)"
	@echo "make run-prod - production set-up (PostgreSQL, Redis, several Rasa workers, nginx)"
	@echo "make bench  - Leerloket against stock Rasa 3.6 (reports/bench.*)"
	@echo "make bench-prod - production set-up under load, a killed worker, dropped DB connections"
	@echo "make lint   - ruff (check and format) and mypy on the domain core"
	@echo "make eval   - answer quality on users' own questions (reports/eval.md)"
	@echo "make rules  - regenerate data/rules/forms.yml"
	@echo "make install | train | typecheck | lock | kb-check | kb-load | kb-report"
	@echo "make build-pc4 CBS_FILE=... - rebuild kb/nl/pc4_gemeente.csv from CBS's postcode file"

install: $(VENV)/.lock.sha256

$(VENV)/.lock.sha256: requirements/lock.txt scripts/install.sh
	@bash scripts/install.sh

# Resolved with Python 3.10 markers (Rasa 3.6.21 declares <3.11), installed on CPython 3.11:
# README, "Python version".
lock:
	@python3 -m pip install --quiet uv
	uv pip compile requirements/requirements.in --python-version 3.10 \
		--python-platform x86_64-manylinux_2_28 --override requirements/overrides.txt \
		-o requirements/lock.txt
	@bash scripts/install.sh

# Retrains only when the config, domain, training data or custom NLU code changed.
train: models/.trained

models/.trained: $(TRAIN_INPUTS) | install
	@mkdir -p models
	$(RASA) train --config config.yml --domain domain --data data --out models --quiet
	@touch $@

endpoints: install
	@$(PY) -m bot.runtime.endpoints var/endpoints.yml

kb-check: install
	$(PY) -m bot.kb check

# What needs an editor: old checks, unconfirmed facts, entries rated down, unmet demand.
kb-report: install
	$(PY) -m bot.kb.report --out reports/kb-report.md
	@echo "written: reports/kb-report.md"

kb-load: install
	@$(PY) -m bot.kb load

# The postcode table from CBS's yearly pc6hnrYYYY0801_gwb file (.csv or .zip; kb/nl/README.md).
build-pc4: install
	@test -n "$(CBS_FILE)" || { echo "usage: make build-pc4 CBS_FILE=path/to/pc6hnrYYYY0801_gwb.csv"; exit 2; }
	$(PY) scripts/build_pc4_table.py $(CBS_FILE)

browser:
	@bash scripts/ensure_browser.sh

# kubectl with kustomize v4+ for the manifest tests (tests/deploy/)
tools:
	@bash scripts/ensure_tools.sh

run: install train endpoints kb-load
	@bash scripts/run.sh

# The bot in this terminal, through the launcher (same patches as `make run`). Custom actions
# answer when the action server runs (`make run` in another terminal).
shell: install train endpoints
	$(RASA) shell --endpoints var/endpoints.yml

# Production set-up: needs DATABASE_URL (PostgreSQL), REDIS_URL and RASA_TOKEN.
run-prod: install train
	@bash scripts/run_prod.sh

test: install train endpoints browser tools
	@bash scripts/test.sh

# Answer quality on users' own questions (tests/eval/): reports/eval.md and reports/eval.json.
eval: install
	$(PY) -m bot.answering.evaluation --report reports/eval.md --json reports/eval.json --compare-text-processing

# data/rules/forms.yml is generated: how every form handles a stop and side questions.
rules: install
	$(PY) scripts/gen_form_rules.py

lint: install
	$(VENV)/bin/ruff check bot actions tests bench scripts
	$(VENV)/bin/ruff format --check bot actions tests bench scripts
	@bash scripts/typecheck.sh

# mypy on the domain core (folders in scripts/typecheck.sh, settings in pyproject.toml)
typecheck: install
	@bash scripts/typecheck.sh

bench: install train endpoints
	$(PY) -m bench.run

bench-prod: install train
	@command -v nginx >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx)
	$(PY) -m bench.prod_faults

clean:
	rm -rf models var/*.db var/endpoints.yml results
