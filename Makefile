# Two commands do everything on a fresh machine:
#   make book   set up .venv (pinned), vendor the site's JavaScript, build _build/html
#   make test   unit tests, every notebook under nbval, the book with warnings as errors,
#               and the built site in a real browser (Debian's Chromium)
# Other targets: make lab, make student, make instructor, make bench, make wheel, make vendor,
# make env, make clean.  The site includes JupyterLite (lite/, the labs in the browser): it is
# built with the book (about 5 s), so `make book` and `make test` always build and test it.
# For instructors: make grade SUBMISSIONS=<folder> runs every submitted lab notebook there (each in
# its own process, with time limits and no network), checks every answer again outside the notebook,
# and writes _build/grades/grades.csv and grades.png (LAB=<labNN_topic> names the lab of them all;
# GRADE_FLAGS passes more options: python -m scaling_lab.authoring.grade --help). make otter exports each
# lab's checks as an Otter-Grader autograder for Gradescope (OTTER=<otter command of its own venv>).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := book

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
ENV_STAMP := $(VENV)/.installed

VENDOR := _vendor
VENDOR_STAMP := $(VENDOR)/.complete
NPM ?= npm
NPM_PACKAGES := mathjax@3.2.2 requirejs@2.3.8 @jupyter-widgets/html-manager@1.0.6

# For the browser tests only, never copied into the site: axe-core (contrast and other
# accessibility rules) and the package list of the Pyodide that JupyterLite loads.
TEST_VENDOR := _vendor_test
TEST_VENDOR_STAMP := $(TEST_VENDOR)/.complete
AXE_VERSION := 4.14.1
# The Pyodide that jupyterlite-pyodide-kernel (constraints.txt) loads from its CDN;
# tests/site/test_lite.py fails if the two drift apart.
PYODIDE_VERSION := 314.0.6
TEST_NPM_PACKAGES := axe-core@$(AXE_VERSION) pyodide@$(PYODIDE_VERSION)

HTML := _build/html
STUDENT_DIR := _build/student
NBTEST_DIR := _build/nbtest
# What nbval executed, recorded for the build's execution cache (scaling_lab/authoring/nbval_record.py).
NBRECORD_DIR := _build/nbrecord
# The scaling_lab wheel, where JupyterLite's build picks it up (the lite folder's pypi/).
WHEEL_DIR := _build/lite_dir/pypi
WHEEL_STAMP := _build/.wheel-stamp
INSTRUCTOR_ZIP := _build/instructor/scaling_lab_instructor.zip

LABS := $(wildcard labs/*.md)
STUDENT_NOTEBOOKS := $(patsubst labs/%.md,$(STUDENT_DIR)/%.ipynb,$(LABS))

# One BLAS thread per process: the tests run two processes on two cores, and
# oversubscribed BLAS threads made the reference-mode Chinchilla fits 5x slower.
OMP_NUM_THREADS ?= 1
OPENBLAS_NUM_THREADS ?= 1
MKL_NUM_THREADS ?= 1
export OMP_NUM_THREADS OPENBLAS_NUM_THREADS MKL_NUM_THREADS

# Kernel-free widgets on the published site (scaling_lab.widgets reads this).
# make book SOLUTIONS=hide: the same site with the lab pages' solution dropdowns removed, for instructors who
# grade (book/_ext/lab_downloads.py); the instructor pack (make instructor) keeps them either way.
SOLUTIONS ?= show
BUILD_ENV := SCALING_LAB_WIDGETS=static SCALING_LAB_SOLUTIONS=$(SOLUTIONS)
# Slow, seeded experiments (training sweeps) store their results here, so the book build and the
# notebook tests run each one once (scaling_lab/_cache.py; keyed by arguments and source hash).
SCALING_LAB_CACHE ?= $(CURDIR)/_build/.scaling_lab_cache
export SCALING_LAB_CACHE
# Where two notebooks or two test workers already keep both cores busy, a sweep's own worker processes
# (scaling_lab/experiments/_parallel.py) only fight them for the cores: each sweep runs in its own process.
# Measured on a fresh clone, pytest ran the notebooks in 308 s with each sweep on two workers and in 238 s without.
ONE_SWEEP_WORKER := SCALING_LAB_JOBS=1
PYTEST := $(PY) -m pytest -p no:cacheprovider
# The notebook and browser sessions use no Hypothesis: not loading its plugin saves 0.8 s in each of their processes.
NO_HYPOTHESIS := -p no:hypothesispytest
# pytest exits 5 when it collects no tests: say so loudly, and fail.
NO_TESTS_IS_FAILURE := || { rc=$$?; if [ $$rc -eq 5 ]; then echo "ERROR: pytest collected no tests" >&2; fi; exit $$rc; }

.PHONY: book test bench env vendor require-vendor vendor-test student instructor wheel lab clean grade otter \
        test-unit test-notebooks test-book test-recorded-book test-site test-pages

# ---------------------------------------------------------------- environment
env: $(ENV_STAMP)

# uv installs the same pinned versions as pip (compared with pip freeze) in about 13 s where pip took 45-52 s on a
# fresh clone; it is pinned in constraints.txt, installed into the venv by pip, and pip does the whole install
# wherever uv cannot. Bytecode is compiled at install time, as pip does: the tests run with
# PYTHONDONTWRITEBYTECODE set on some machines, and every process would otherwise compile what it imports.
$(ENV_STAMP): requirements.txt constraints.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	if $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt uv \
	   && $(VENV)/bin/uv pip install --quiet --python $(PY) --compile-bytecode -c constraints.txt -r requirements.txt; then :; \
	else echo "NOTICE: installing with pip (uv was not available)"; \
	     $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -r requirements.txt; fi
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	# jsonschema checks the "iri" format with rfc3987-syntax wherever it is installed (jupyter-events pulls it in
	# with jsonschema[format-nongpl]), and importing it builds a grammar: 1.2 s in every process that imports
	# nbformat, a few dozen in `make test`. Nothing here validates IRIs; without it jsonschema skips that format.
	$(PY) -m pip uninstall --quiet --disable-pip-version-check -y rfc3987-syntax
	@touch $@

# ------------------------------------------------------ vendored JavaScript
# MathJax 3, require.js and the widget manager, from npm, so the built site
# works with no internet. Without npm the book still builds, but loads them
# from CDNs (book/_ext/offline_assets.py prints a notice).
vendor:
	@if [ -f $(VENDOR_STAMP) ]; then exit 0; fi; \
	if ! command -v $(NPM) >/dev/null 2>&1; then \
	  echo "NOTICE: npm not found; the site will load MathJax and the widget manager from CDNs and need the internet."; \
	  exit 0; \
	fi; \
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	(cd "$$tmp" && $(NPM) pack --silent $(NPM_PACKAGES) >/dev/null); \
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/mathjax $(VENDOR)/html-manager; \
	for tgz in "$$tmp"/*.tgz; do d="$${tgz%.tgz}"; mkdir -p "$$d"; tar xzf "$$tgz" -C "$$d"; done; \
	mj=$$(ls -d "$$tmp"/mathjax-*/package/es5); \
	cp "$$mj"/tex-mml-chtml.js "$$mj"/tex-chtml.js $(VENDOR)/mathjax/; \
	cp -r "$$mj"/input "$$mj"/a11y "$$mj"/ui "$$mj"/sre "$$mj"/adaptors $(VENDOR)/mathjax/; \
	mkdir -p $(VENDOR)/mathjax/output && cp -r "$$mj"/output/chtml "$$mj"/output/chtml.js $(VENDOR)/mathjax/output/; \
	cp "$$tmp"/requirejs-*/package/require.js $(VENDOR)/require.min.js; \
	hm=$$(ls -d "$$tmp"/jupyter-widgets-html-manager-*/package/dist); \
	cp "$$hm"/* $(VENDOR)/html-manager/; \
	rm -f $(VENDOR)/html-manager/embed.js $(VENDOR)/html-manager/libembed-amd.js; \
	find $(VENDOR) -name '*.map' -delete; \
	echo "$(NPM_PACKAGES)" > $(VENDOR_STAMP); \
	echo "vendored $$(du -sh $(VENDOR) | cut -f1) of JavaScript into $(VENDOR)/"

require-vendor: vendor
	@test -f $(VENDOR_STAMP) || { echo "ERROR: make test needs the vendored JavaScript (npm) so the site is checked offline." >&2; exit 1; }

# Test-only files from npm (never in the site, never committed): axe-core's axe.min.js and
# Pyodide's package list (pyodide-lock.json, which lists what the browser kernel has).
vendor-test: $(TEST_VENDOR_STAMP)

$(TEST_VENDOR_STAMP):
	@command -v $(NPM) >/dev/null 2>&1 || { echo "ERROR: make test needs npm for axe-core and Pyodide's package list." >&2; exit 1; }
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	(cd "$$tmp" && $(NPM) pack --silent $(TEST_NPM_PACKAGES) >/dev/null); \
	rm -rf $(TEST_VENDOR) && mkdir -p $(TEST_VENDOR); \
	tar xzf "$$tmp"/axe-core-*.tgz -C "$$tmp" package/axe.min.js && mv "$$tmp"/package/axe.min.js $(TEST_VENDOR)/; \
	tar xzf "$$tmp"/pyodide-*.tgz -C "$$tmp" package/pyodide-lock.json && mv "$$tmp"/package/pyodide-lock.json $(TEST_VENDOR)/; \
	echo "$(TEST_NPM_PACKAGES)" > $@

# ------------------------------------------------------------------- labs
student: $(STUDENT_NOTEBOOKS)

# Every lab in one process (grouped targets, GNU make >= 4.3): 2.6 s, where one process per lab took 17 s.
$(STUDENT_NOTEBOOKS) &: $(LABS) $(wildcard scaling_lab/authoring/*.py) book/references.bib _config.yml $(ENV_STAMP)
	$(PY) -m scaling_lab.authoring.student $(LABS) -o $(STUDENT_DIR)

# For instructors: solution and student notebooks, the checkers and the wheel, in one zip.
instructor: $(INSTRUCTOR_ZIP)

$(INSTRUCTOR_ZIP): $(STUDENT_NOTEBOOKS) $(WHEEL_STAMP) $(LABS) $(wildcard scaling_lab/checks/*.py) scaling_lab/authoring/instructor_pack.py
	$(PY) -m scaling_lab.authoring.instructor_pack --student $(STUDENT_DIR) --wheel-dir $(WHEEL_DIR) --out $@

# The pure-Python wheel of scaling_lab that JupyterLite serves to the labs' setup cell.
wheel: $(WHEEL_STAMP)

$(WHEEL_STAMP): $(ENV_STAMP) pyproject.toml $(shell find scaling_lab -type f -not -path '*/__pycache__/*')
	rm -rf $(WHEEL_DIR) build && mkdir -p $(WHEEL_DIR)
	$(PY) -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation -w $(WHEEL_DIR) .
	rm -rf build
	@touch $@

# Work on the labs in JupyterLab: student versions are copied to my_labs/
# once (your answers there are never overwritten), then JupyterLab opens.
lab: $(ENV_STAMP) student
	@mkdir -p my_labs
	@for nb in $(STUDENT_NOTEBOOKS); do t=my_labs/$$(basename $$nb); [ -e $$t ] || cp $$nb $$t; done
	$(VENV)/bin/jupyter lab my_labs

# For instructors: run and grade a folder of submitted student notebooks (scaling_lab/authoring/grade.py).
GRADES_DIR ?= _build/grades
LAB ?=
GRADE_FLAGS ?=
grade: $(ENV_STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=<folder of .ipynb> [LAB=lab01_zipf]" >&2; exit 2; }
	$(PY) -m scaling_lab.authoring.grade "$(SUBMISSIONS)" --out $(GRADES_DIR) $(if $(LAB),--lab $(LAB)) $(GRADE_FLAGS)

# For a class graded on Gradescope: each lab's checks as an Otter-Grader autograder, _build/otter/<lab>-autograder.zip,
# with the scaling_lab wheel (scaling_lab/authoring/otter_export.py). otter-grader is not in the course's
# environment: install it in a venv of its own and pass OTTER=<that venv>/bin/otter.
OTTER ?= otter
otter: $(ENV_STAMP) wheel
	$(PY) -m scaling_lab.authoring.otter_export --out _build/otter --wheel-dir $(WHEEL_DIR) --otter "$(OTTER)" \
	  $(if $(LAB),--lab $(LAB))

# ------------------------------------------------------------------- book
# Jupyter Book's execution cache keys on each notebook's own code only; when
# scaling_lab changes, the cached outputs may be stale, so drop them.
PACKAGE_STAMP := _build/.scaling_lab-stamp
$(PACKAGE_STAMP): $(shell find scaling_lab -name '*.py')
	rm -rf _build/.jupyter_cache $(SCALING_LAB_CACHE)
	@mkdir -p _build && touch $@

# Jupyter Book executes notebooks one at a time; scaling_lab.authoring.preexecute first runs the outdated ones in
# parallel into the same execution cache (a notebook that fails there is executed again by the
# build, which then reports the error).
PREEXECUTE := $(ONE_SWEEP_WORKER) $(PY) -m scaling_lab.authoring.preexecute --toc _toc.yml --cache _build/.jupyter_cache

book: $(ENV_STAMP) vendor student wheel $(PACKAGE_STAMP)
	-$(BUILD_ENV) $(PREEXECUTE)
	$(BUILD_ENV) $(JB) build .
	@echo "Built $(HTML). View it: $(PY) -m http.server -d $(HTML)"

# ------------------------------------------------------------------- tests
# Set-up first, two jobs at a time: npm fetches the site's and the tests' JavaScript while pip installs. Then the
# notebooks (two at a time), then the unit tests beside the book's build (Sphinx is one process, and the unit
# tests' two workers leave room), then the site in the browser on its own. Chromium beside the unit tests took far
# more CPU for the same visits: measured on a fresh clone of this 2-core machine, unit tests beside book and site
# 343 s, against 104 s for unit tests beside the book and then 186 s for the site. --output-sync prints each
# stage's output whole, when it ends.
test:
	$(MAKE) --no-print-directory -j2 $(ENV_STAMP) require-vendor vendor-test
	$(MAKE) --no-print-directory -j2 student wheel $(PACKAGE_STAMP)
	$(MAKE) --no-print-directory test-notebooks
	$(MAKE) --no-print-directory -j2 --output-sync=recurse test-unit test-recorded-book
	$(MAKE) --no-print-directory test-site
	@echo "make test: all stages passed"

# The built book with warnings as errors, from the pages nbval executed, then the site in the browser.
test-pages: test-recorded-book
	$(MAKE) --no-print-directory test-site

# The book with warnings as errors, built from what nbval recorded (fails if a page would execute again).
test-recorded-book: $(ENV_STAMP) require-vendor vendor-test student wheel $(PACKAGE_STAMP)
	$(MAKE) --no-print-directory test-book PREEXECUTE_FLAGS="--recorded $(NBRECORD_DIR) --expect-cached"

# Two pytest workers on two cores: each gets one BLAS thread. With OpenBLAS's default (a thread per core
# in each worker) the threads fought over the cores, and the fitting tests ran 1.7 times slower.
ONE_BLAS_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

# Unit tests of scaling_lab and of the repository (fast).
test-unit: $(ENV_STAMP)
	MPLBACKEND=Agg $(ONE_BLAS_THREAD) $(ONE_SWEEP_WORKER) $(PYTEST) -n 2 tests --ignore=tests/site -q $(NO_TESTS_IS_FAILURE)

# The slowest pages, slowest first, started before all others so that the two workers end together (nbval's seconds
# per page on a fresh clone, measured with sweeps on two workers: schedules 104, joint laws 73, model scaling 71,
# Lab 4 51, emergence 38, nonparametric 34). A page named here that nbval does not collect is an error.
NBVAL_FIRST := book/schedules.ipynb,book/joint_laws.ipynb,book/model_scaling.ipynb,labs/lab04_tune_small.ipynb,book/emergence.ipynb,book/nonparametric.ipynb

# Every chapter and lab (solution and student versions) executed under nbval, in the build's environment.
# nbval collects .ipynb only, so MyST notebooks are converted first (with myst-nb's reader, as the build
# reads them); each student copy ends with a cell asserting that every check said "not answered yet".
# Every notebook that passes is recorded with its outputs and widget state (nbval_record), and
# `make test` hands those to the build's execution cache: each page executes once.
test-notebooks: $(ENV_STAMP) student $(PACKAGE_STAMP)
	rm -rf $(NBTEST_DIR) $(NBRECORD_DIR) && mkdir -p $(NBTEST_DIR)
	$(PY) -m scaling_lab.authoring.nbtest --toc _toc.yml --out $(NBTEST_DIR) --student $(STUDENT_DIR)
	cd $(NBTEST_DIR) && $(BUILD_ENV) $(ONE_BLAS_THREAD) $(ONE_SWEEP_WORKER) ../../$(PYTEST) $(NO_HYPOTHESIS) -p scaling_lab.authoring.nbval_record \
	  --nbval-record $(CURDIR)/$(NBRECORD_DIR) --nbval-first $(NBVAL_FIRST) --no-loadscope-reorder \
	  --nbval-lax --nbval-current-env -n 2 --dist loadfile -q . \
	  $(NO_TESTS_IS_FAILURE)

# The book, from scratch in Sphinx terms (executed notebooks come from the cache), with every warning
# an error. Under `make test`, PREEXECUTE_FLAGS stages what nbval recorded and fails if any page would
# execute again; alone, pages missing from the cache are executed (and their errors reported by the build).
PREEXECUTE_FLAGS ?=
test-book: $(ENV_STAMP) require-vendor student wheel $(PACKAGE_STAMP)
	$(BUILD_ENV) $(PREEXECUTE) $(PREEXECUTE_FLAGS) || [ -z "$(PREEXECUTE_FLAGS)" ]
	$(BUILD_ENV) $(JB) build --all -W -n --keep-going .

# The built site in headless Chromium, served on 127.0.0.1 (and, without a browser, its HTML
# scanned for alt text, heading order and page weight; JupyterLite's build and links checked).
# Two pytest workers, each with its own server and Chromium; every test of one page runs in the same worker
# (tests/site/conftest.py), so each page is loaded once. A page's visit mostly waits (on loads, MathJax,
# the widget manager, axe-core), so two workers take about 60% of the time of one (measured alone: 345 s -> 209 s).
# make test-site SCREENSHOTS=1 also saves a full-page screenshot of every page in _build/screenshots, to look at.
SCREENSHOTS ?=
test-site: $(ENV_STAMP) vendor-test
	SCALING_LAB_SCREENSHOTS=$(SCREENSHOTS) $(PYTEST) $(NO_HYPOTHESIS) -n 2 tests/site -q $(NO_TESTS_IS_FAILURE)

# ------------------------------------------------------------------ bench
# Every benchmark in tests/benchmarks (timings, not timed tests), one after the other.
# Benchmarks time the computation, never the on-disk cache of the book build: SCALING_LAB_CACHE is emptied.
bench: $(ENV_STAMP)
	@for script in tests/benchmarks/bench_*.py; do echo "== $$script"; SCALING_LAB_CACHE= $(PY) $$script; done

clean:
	rm -rf _build
