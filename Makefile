# Enterprise service hotline. Two commands for a newcomer: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.10 for the Rasa engine and 3.12 (or 3.11) for the app, both from pyenv.
PYENV_ROOT ?= $(or $(shell pyenv root 2>/dev/null),$(HOME)/.pyenv)
PY310 := $(lastword $(sort $(wildcard $(PYENV_ROOT)/versions/3.10.*/bin/python3.10)))
PYAPP := $(or $(lastword $(sort $(wildcard $(PYENV_ROOT)/versions/3.12.*/bin/python3.12))),$(lastword $(sort $(wildcard $(PYENV_ROOT)/versions/3.11.*/bin/python3.11))))

# Built environments and models are cached outside the checkout, keyed by what made them.
CACHE ?= $(HOME)/.cache/hotline
RASA_HASH := $(shell cat requirements/rasa.lock.txt | sha256sum | cut -c1-16)
RASA_ENV := $(CACHE)/rasa-env-$(RASA_HASH)
TRAIN_FILES := config.yml domain.yml $(sort $(wildcard nlu/*.yml rules/*.yml knowledge/jieba_dict/*.txt))
MODEL_HASH = $(shell cat $(TRAIN_FILES) requirements/rasa.lock.txt | sha256sum | cut -c1-16)
MODEL := models/hotline.tar.gz
RASA := .venv-rasa/bin/rasa
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help envs run test bench validate browser clean-model
help:
	@echo "make run    build what is missing, train if the data changed, start on SQLite"
	@echo "make test   build what is missing and run the whole suite (needs PostgreSQL, Redis)"
	@echo "make bench  measure and rewrite docs/benchmarks.md"

envs: .venv/.installed .venv-rasa/.installed

.venv/.installed: requirements/app.lock.txt pyproject.toml
	@test -n "$(PYAPP)" || { echo "error: no Python 3.12 or 3.11 under $(PYENV_ROOT)/versions (pyenv install 3.12)"; exit 1; }
	test -x .venv/bin/python || $(PYAPP) -m venv .venv
	.venv/bin/pip install -q -r requirements/app.lock.txt
	.venv/bin/pip install -q --no-deps -e .
	touch $@

$(RASA_ENV)/.installed: requirements/rasa.lock.txt
	@test -n "$(PY310)" || { echo "error: Rasa 3.6 needs Python 3.10, and none was found under $(PYENV_ROOT)/versions/3.10.* (run: pyenv install 3.10)"; exit 1; }
	rm -rf $(RASA_ENV) && mkdir -p $(CACHE)
	$(PY310) -m venv $(RASA_ENV)
	$(RASA_ENV)/bin/pip install -q --upgrade pip==24.3.1
	$(RASA_ENV)/bin/pip install -q -r requirements/rasa.lock.txt
	touch $@

.venv-rasa/.installed: $(RASA_ENV)/.installed
	ln -sfn $(RASA_ENV) .venv-rasa
	@touch -h .venv-rasa

# Train only when the training data or config changed; reuse a cached model otherwise.
$(MODEL): $(TRAIN_FILES) .venv-rasa/.installed
	@mkdir -p models $(CACHE)/models
	@if [ -f $(CACHE)/models/$(MODEL_HASH).tar.gz ]; then \
	  echo "reusing the model trained on this data ($(MODEL_HASH))"; \
	  cp $(CACHE)/models/$(MODEL_HASH).tar.gz $(MODEL); \
	else \
	  $(RASA) train --config config.yml --domain domain.yml --data nlu rules \
	    --out models --fixed-model-name hotline && \
	  cp $(MODEL) $(CACHE)/models/$(MODEL_HASH).tar.gz; \
	fi
	@touch $(MODEL)

run: envs $(MODEL)
	.venv/bin/hotline run

validate: .venv-rasa/.installed $(MODEL)
	$(RASA) data validate --domain domain.yml --data nlu rules --fail-on-warnings
	$(RASA) test core --model $(MODEL) --stories tests/test_stories.yml \
	  --fail-on-prediction-errors --out var/results/core

browser:
	@test -x /usr/bin/chromium -a -d /usr/share/fonts/truetype/wqy || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-wqy-zenhei; }

# The third-party Telegram emulator (npm), for the gateway's tests.
EMULATOR := tests/telegram/emulator
$(EMULATOR)/node_modules/.installed: $(EMULATOR)/package-lock.json
	cd $(EMULATOR) && npm ci --no-audit --no-fund
	touch $@

test: envs $(MODEL) browser validate $(EMULATOR)/node_modules/.installed
	.venv/bin/python -m pytest -q -p no:cacheprovider

bench: envs $(MODEL) browser
	.venv/bin/python -m bench.run

clean-model:
	rm -rf models
