# Routeadvies-bot. Two commands do all set-up on a fresh machine:
#   make run    set up, build the knowledge store, train if needed, start everything
#   make test   set up, lint, unit tests, data validation, training, rasa test (stories, held-out NLU), end-to-end tests
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
ENV := . ./defaults.env &&
SPACY_DIR := var/spacy/nl_routeadvies
MODEL := models/routeadvies.tar.gz
KNOWLEDGE_SOURCES := $(wildcard knowledge/data/*.yml) $(wildcard knowledge/*.py)
TRAINING_SOURCES := config.yml domain.yml $(wildcard data/*.yml data/nlu/*.yml)

# pytest exits 5 when it collected no tests: report that clearly instead of passing silently.
define run_pytest
	@rc=0; $(ENV) $(2) $(PY) -m pytest $(1) -q || rc=$$?; \
	 if [ $$rc -eq 5 ]; then echo "pytest collected no tests in $(1): that is a broken test set-up" >&2; exit 1; fi; \
	 exit $$rc
endef


.PHONY: run-cluster haproxy browser help setup run train shell test lint unit validate rasa-test nlu-test e2e bench bench-pipelines lock clean knowledge

help:
	@echo "make run    - start the assistant (web app :8000, Rasa :5005, actions :5055)"
	@echo "make test   - lint, unit tests, rasa data validate, train, rasa test (stories + held-out NLU), end-to-end tests"
	@echo "make setup | train | shell | bench | bench-pipelines | lock | clean"

# --- set-up ----------------------------------------------------------------------
$(VENV)/.installed: requirements/lock.txt requirements/base.in requirements/dev.in .python-version
	@echo "==> Python $(PYTHON_VERSION) virtualenv in $(VENV) (first time: about 3-5 minutes)"
	@PYBIN=$$(command -v pyenv >/dev/null && pyenv root >/dev/null 2>&1 && echo "$$(pyenv root)/versions/$(PYTHON_VERSION)/bin/python" || true); \
	 if [ -z "$$PYBIN" ] || [ ! -x "$$PYBIN" ]; then PYBIN=$$(command -v python3.10 || true); fi; \
	 if [ -z "$$PYBIN" ]; then echo "Python $(PYTHON_VERSION) not found: install it with 'pyenv install $(PYTHON_VERSION)'" >&2; exit 1; fi; \
	 [ -x $(PY) ] || "$$PYBIN" -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip<25"
	@echo "==> Installing pinned dependencies (requirements/lock.txt)"
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.in -c requirements/lock.txt
	@rm -f var/knowledge*.stamp && touch $@
	@echo "==> Python environment ready: $(VENV)"

$(SPACY_DIR)/meta.json: $(VENV)/.installed bot/nlp/build_spacy.py
	@$(ENV) $(PY) -m bot.nlp.build_spacy $(SPACY_DIR)

# Headless Chromium for the page tests, from Debian's packages (needs root, as on these machines).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "==> Installing Chromium (Debian package) for the page tests"; \
	  if [ "$$(id -u)" != 0 ]; then echo "Install the 'chromium' package (needs root), then rerun" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

setup: $(VENV)/.installed $(SPACY_DIR)/meta.json
	@echo "==> Set-up complete. Next: 'make run' (assistant) or 'make test' (tests)."

# The official regional data set (municipalities, woonplaatsen, postcodes, desks) is imported from
# outside the repository: $ROUTEADVIES_REGIONS_DIR, else ../shared/domain/regions when it is there.
# Without it the store has its baseline of municipalities and desks, but no postcodes.
ROUTEADVIES_REGIONS_DIR ?= $(abspath $(wildcard ../shared/domain/regions))
export ROUTEADVIES_REGIONS_DIR
REGIONS_SOURCES := $(wildcard $(ROUTEADVIES_REGIONS_DIR)/*)
# A separate stamp with and without the regional data, so that switching rebuilds the store.
KNOWLEDGE_DB_STAMP := var/knowledge$(if $(ROUTEADVIES_REGIONS_DIR),-regions).stamp

# `load` also imports the official regional data when ROUTEADVIES_REGIONS_DIR is set.
$(KNOWLEDGE_DB_STAMP): $(VENV)/.installed $(KNOWLEDGE_SOURCES) $(REGIONS_SOURCES)
	@$(ENV) $(PY) -m knowledge validate
	@$(ENV) $(PY) -m knowledge load
	@rm -f var/knowledge*.stamp && touch $@

knowledge: $(KNOWLEDGE_DB_STAMP)

# --- training (Rasa's own fingerprinting skips unchanged parts) -----------------------
$(MODEL): $(VENV)/.installed $(SPACY_DIR)/meta.json $(TRAINING_SOURCES)
	@echo "==> Training the Rasa model (first time: about 30 s; later only what changed)"
	@$(ENV) $(RASA) train --config config.yml --fixed-model-name routeadvies --out models
	@echo "==> Model: $(MODEL)"

train: $(MODEL)

# --- running ------------------------------------------------------------------------
run: setup knowledge train
	@$(ENV) $(PY) -m bot.launcher --model $(MODEL)

# The production profile on this machine: 2 Rasa servers, 2 action servers, 2 web apps behind HAProxy, on the
# machine's PostgreSQL, Redis and RabbitMQ (see bot/cluster.py; the same processes as deploy/).
haproxy:
	@command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || { \
	  echo "==> Installing HAProxy (Debian package) for the local cluster"; \
	  if [ "$$(id -u)" != 0 ]; then echo "Install the 'haproxy' package (needs root), then rerun" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; }

run-cluster: setup train haproxy
	@$(PY) -m bot.cluster --model $(MODEL)

shell: setup knowledge train
	@$(ENV) $(PY) -m bot.launcher --model $(MODEL) --shell

# --- tests ----------------------------------------------------------------------------
lint: $(VENV)/.installed
	@echo "==> ruff"
	@$(VENV)/bin/ruff check bot actions knowledge tests bench

unit: setup
	@echo "==> Unit tests"
	$(call run_pytest,tests/unit)

validate: setup
	@echo "==> rasa data validate"
	@$(ENV) $(RASA) data validate --config config.yml --domain domain.yml --data data 2>&1 | grep -Ev "^\s*$$" | tail -n 15

rasa-test: $(MODEL)
	@echo "==> rasa test core (test stories in tests/stories, fail on prediction errors)"
	@mkdir -p var/log
	@$(ENV) $(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out results \
	    > var/log/rasa-test.log 2>&1 || { tail -n 40 var/log/rasa-test.log; \
	    echo "rasa test failed: see var/log/rasa-test.log and results/failed_test_stories.yml"; exit 1; }
	@grep -E "Correct:" var/log/rasa-test.log | tail -n 2

e2e: $(MODEL) browser haproxy
	@echo "==> End-to-end tests (real action server, Rasa server and web app; loading the model takes about 20 s)"
	$(call run_pytest,tests/e2e,ROUTEADVIES_MODEL=$(MODEL))

# Held-out NLU set (tests/nlu): `make test` fails when intent macro-F1, or the entity F1 of what
# the whole pipeline gives the bot (CRF + lookup tables, after the intent filter), drops below
# these scores. Each extractor's own F1 is printed too; `make bench` prints all of them.
# Intent gate 0.87 since the 12 FAQ intents and vraag_evenementen (F1 0.83-1.00, easy to tell apart,
# so they lifted the macro average) became one intent `vraag` (F1 0.96) answered from the store at run
# time. Measured on 2026-11-29: macro-F1 over all intents 0.92 -> 0.88; over the 17 intents both
# versions have 0.89 -> 0.875. The realistic set (tests/realistic) is the measure of understanding.
MIN_INTENT_F1 := 0.87
MIN_ENTITY_F1 := 0.85

nlu-test: $(MODEL)
	@echo "==> Held-out NLU test (tests/nlu; intent macro-F1 >= $(MIN_INTENT_F1), entity F1 of the pipeline >= $(MIN_ENTITY_F1))"
	@mkdir -p var/log
	@$(ENV) $(RASA) test nlu --model $(MODEL) --nlu tests/nlu --out results/nlu > var/log/nlu-test.log 2>&1 || \
	    { tail -n 40 var/log/nlu-test.log; exit 1; }
	@$(ENV) $(PY) -m bench.nlu_scores results/nlu --min-intent-f1 $(MIN_INTENT_F1)
	@$(ENV) $(PY) -m bench.entity_scores $(MODEL) --min-f1 $(MIN_ENTITY_F1) 2>>var/log/nlu-test.log

test: lint unit validate rasa-test nlu-test e2e
	@echo "==> All tests passed. Reports: results/ (rasa test), logs of the test servers: pytest's temp dir."

bench: setup knowledge $(MODEL) haproxy
	@$(ENV) $(PY) -m bench.knowledge_bench
	@$(ENV) $(PY) -m bench.widget_size
	@$(ENV) $(PY) -m bench.run --model $(MODEL)
	@$(ENV) $(PY) -m bench.profile_turn --model $(MODEL)
	@$(ENV) $(PY) -m bench.single_load --model $(MODEL) --with-cluster
	@echo "==> Held-out NLU scores"
	@$(ENV) $(RASA) test nlu --model $(MODEL) --nlu tests/nlu --out results/nlu > var/log/nlu-test.log 2>&1
	@$(ENV) $(PY) -m bench.nlu_scores results/nlu
	@$(ENV) $(PY) -m bench.entity_scores $(MODEL) 2>>var/log/nlu-test.log

# Every candidate pipeline in bench/configs/ next to config.yml: NLU scores, stories, start-up, latency, memory.
bench-pipelines: setup knowledge
	@$(ENV) $(PY) -m bench.pipelines
	@echo "==> Figures: var/bench/pipelines.json"

# --- maintenance -------------------------------------------------------------------------
lock: $(VENV)/.installed
	@$(PY) -m pip freeze --exclude-editable > requirements/lock.txt
	@echo "==> requirements/lock.txt updated"

clean:
	rm -rf var models results .pytest_cache
