# sanctions-toolkit: a thin Makefile. Only Python 3.11+ and make are assumed.
# Every target creates .venv if missing, installs the project with its test extras
# (again only when pyproject.toml changes) and the project's Jupyter kernel.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-sanctions-toolkit
KERNEL_NAME := sanctions-toolkit
KERNEL := $(VENV)/share/jupyter/kernels/$(KERNEL_NAME)/kernel.json
NOTEBOOKS := $(wildcard notebooks/*.ipynb)
# As root (containers, CI), JupyterLab refuses to start without --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help env report test lint lab bench readme clean distclean e2e dashboard bench-widgets bench-scale

help:
	@echo "make report   run every notebook's default profile into reports/latest/ (index.html)"
	@echo "make test     ruff, pytest over tests/, nbval over notebooks/"
	@echo "make lab      JupyterLab on the project environment"
	@echo "make dashboard  the theme notebooks as Voila dashboards (code hidden, widgets live)"
	@echo "make e2e      only the browser end-to-end tests (JupyterLab + Voila in headless Chromium)"
	@echo "make bench    batch-report benchmark (prints ratios)"
	@echo "make bench-widgets  widget latency per notebook: kernel callback and browser repaint"
	@echo "make bench-scale    sweeps with --jobs 2 and on a Dask LocalCluster; DuckDB vs pandas on 10 M rows"
	@echo "make readme   regenerate the README dataset table from the registry"
	@echo "make clean    remove reports and caches (distclean also removes $(VENV))"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "sanctions-toolkit needs Python 3.11+, $(PYTHON) is " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

# The kernel papermill, nbval and Lab use: this venv's interpreter, never another python3.
$(KERNEL): $(STAMP)
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL_NAME) --display-name "Python (sanctions-toolkit)"

env: $(KERNEL)

report: env
	$(BIN)/sanctions-toolkit report

lint: env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check --exclude "*.ipynb" .
	$(BIN)/ruff format --check notebooks

test: lint
	$(BIN)/python -m pytest tests
ifneq ($(NOTEBOOKS),)
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env $(NOTEBOOKS)
endif

lab: env
	@echo "JupyterLab on $(VENV), kernel \"Python (sanctions-toolkit)\": open the http://127.0.0.1:<port>/lab?token=... URL it prints below."
	$(BIN)/jupyter lab $(ALLOW_ROOT) --ServerApp.root_dir="$(CURDIR)" --ServerApp.ip=127.0.0.1

bench: env
	$(BIN)/python benchmarks/bench_report.py

# The browser tests alone (marker `browser`); they skip, saying how to install it, without Chromium.
e2e: env
	$(BIN)/python -m pytest -m browser tests

# Voila serves notebooks/ as dashboards: pick a notebook in the list; code is hidden, widgets live.
# toolkit.report.dashboard is voila's own command line with the kernel waits bounded (toolkit/report/kernel_waits.py).
dashboard: env
	@echo "Voila dashboards of notebooks/: open the http://127.0.0.1:<port>/?token=... URL it prints below."
	$(BIN)/python -m toolkit.report.dashboard notebooks --no-browser --Voila.ip=127.0.0.1 --token

bench-widgets: env
	$(BIN)/python benchmarks/bench_widgets.py

bench-scale: env
	$(BIN)/python benchmarks/bench_scale.py

readme: env
	$(BIN)/sanctions-toolkit datasets --update-readme README.md

clean:
	rm -rf reports .pytest_cache .ruff_cache build
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) *.egg-info
