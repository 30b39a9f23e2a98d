# ipcoord — two commands: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# The newest Python 3.12+ on this machine: pyenv's, then PATH's.
PYTHON ?= $(shell for p in $$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V -r) \
            $$(command -v python3.14 python3.13 python3.12 python3 2>/dev/null); do \
            "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$p"; break; }; done)

.PHONY: demo test install browser lint messages clean

$(STAMP): pyproject.toml requirements/build-constraints.txt
	@if [ -z "$(PYTHON)" ]; then \
	  echo "ipcoord needs Python 3.12 or newer (Django 6.1). Install one, e.g. 'pyenv install 3.13' or 'apt-get install python3.13', then run make again."; \
	  exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --build-constraint requirements/build-constraints.txt -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

# Debian's Chromium (never a downloaded browser) and CJK fonts for the page tests.
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

test: install browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# After changing user-facing strings: refresh the English catalogue, translate the new
# entries in ipcoord/locale/en/LC_MESSAGES/django.po, then compile (needs gettext).
messages: install
	$(VENV)/bin/ipcoord makemessages -l en --ignore=.venv --ignore=var -v 0
	$(VENV)/bin/ipcoord compilemessages --ignore=.venv -v 0

DEMO_SIZE ?= small
demo: install
	@mkdir -p var
	$(VENV)/bin/ipcoord migrate --no-input -v 0
	@if [ ! -f var/.demo-built ]; then $(VENV)/bin/ipcoord demo --size $(DEMO_SIZE) && touch var/.demo-built; fi
	$(VENV)/bin/ipcoord demo-logins
	$(VENV)/bin/ipcoord sweep
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(VENV)/bin/ipcoord worker & worker=$$!; \
	  $(VENV)/bin/ipcoord runserver 127.0.0.1:8000

clean:
	rm -rf var/ .pytest_cache
