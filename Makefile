# SpadeStudio — build, run, test.  `make run` and `make test` install missing Debian packages first
# (as root, or through sudo).

SWIFT        ?= swift
PYTHON       ?= /usr/bin/python3
MODEL        ?= Assets/landscape.safetensors
FIXTURES     := Tests/Fixtures/generated
APT_PACKAGES := libncursesw5-dev libopenblas-dev libpng-dev python3-torch python3-numpy python3-pil \
                python3-scipy python3-matplotlib python3-pytest tmux
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN          := .build/release/spade-studio

.PHONY: all deps build run test fixtures swift-test py-test train-smoke e2e bench clean

all: build

## Install the Debian packages that are missing (nothing is downloaded at run time).
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product spade-studio

## Build and open the studio on the default model.
run: build
	$(BIN) studio --model $(MODEL)

## Every test: Python (converter, training pipeline), Swift (engine parity, CLI, studio), end to end.
test: deps fixtures py-test swift-test e2e train-smoke

fixtures:
	$(PYTHON) Training/make_fixtures.py --out $(FIXTURES)

py-test:
	$(PYTHON) -m pytest -q Training/tests

swift-test:
	$(SWIFT) test

## The studio end to end in tmux: keys, mouse, files, signals (needs the fixtures).
e2e: build
	bash Tests/e2e/studio_e2e.sh

## The whole training pipeline at 32×32 in seconds: data, train, checkpoint, resume, export,
## Swift render of the export against PyTorch, evaluation.
SMOKE := /tmp/spade-train-smoke
SMOKE_TRAIN := $(PYTHON) Training/train.py --name smoke --size 32 --batch 4 --train-pairs 32 --threads 2 \
               --log-every 1 --data-dir $(SMOKE)/data --ckpt-dir $(SMOKE)/run --export $(SMOKE)/landscape.safetensors
train-smoke: build
	rm -rf $(SMOKE)
	$(SMOKE_TRAIN) --steps 2
	$(SMOKE_TRAIN) --steps 4 | tee $(SMOKE)/resume.log
	grep -q "resuming at step 2" $(SMOKE)/resume.log
	$(PYTHON) Training/check_export.py --model $(SMOKE)/landscape.safetensors --bin $(BIN)
	$(PYTHON) Training/evaluate.py --model $(SMOKE)/landscape.safetensors --count 16 --diversity-maps 2 --latents 3 \
	  --segnet-steps 20 --segnet-cache $(SMOKE)/segnet --data-dir $(SMOKE)/data --threads 2
	test -s $(SMOKE)/landscape.card.json

bench: build
	$(PYTHON) bench/compare.py --bin $(BIN)

clean:
	rm -rf .build $(FIXTURES)
