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

.PHONY: help install train run run-prod test lint lock kb-check kb-load endpoints browser bench bench-prod clean

help:
	@echo "make run    - install, train if needed, start Rasa :5005, actions :5055, web :8080"
	@echo "make test   - install, train if needed, run every test"
	@echo "make run-prod - production set-up (PostgreSQL, Redis, several Rasa workers, nginx)"
	@echo "make bench  - Leerloket against stock Rasa 3.6 (reports/bench.*)"
	@echo "make bench-prod - production set-up under load, a killed worker, dropped DB connections"
	@echo "make install | train | lint | lock | kb-check | kb-load"

install: $(VENV)/.lock.sha256

$(VENV)/.lock.sha256: requirements/lock.txt scripts/install.sh
	@bash scripts/install.sh

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

kb-load: install
	@$(PY) -m bot.kb load

browser:
	@bash scripts/ensure_browser.sh

run: install train endpoints kb-load
	@bash scripts/run.sh

# Production set-up: needs DATABASE_URL (PostgreSQL), REDIS_URL and RASA_TOKEN.
run-prod: install train
	@bash scripts/run_prod.sh

test: install train endpoints browser
	@bash scripts/test.sh

lint: install
	$(VENV)/bin/ruff check bot actions tests bench scripts
	$(VENV)/bin/ruff format --check bot actions tests bench scripts

bench: install train endpoints
	$(PY) -m bench.run

bench-prod: install train
	@command -v nginx >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx)
	$(PY) -m bench.prod_faults

clean:
	rm -rf models var/*.db var/endpoints.yml results
