# efsctl: two commands on a fresh machine.
#   make demo   run up -> status -> teardown against a local AWS emulator (moto)
#   make test   everything CI runs: fmt, clippy, unit and integration tests
# Both install what they need (a Python venv with moto) on first use.

SHELL := /bin/bash
VENV  := $(CURDIR)/.venv
# The venv's tools, pinned: the emulator (moto) and the validators of efsctl's outputs
# (cfn-lint for CloudFormation, kubernetes-validate for the k8s manifests). A new pin here
# re-installs, since the stamp file's name changes with the list.
PY_TOOLS := moto[server]==5.2.5 cfn-lint==1.58.0 kubernetes-validate==1.37.0
PY_STAMP := $(VENV)/.tools-$(shell echo '$(PY_TOOLS)' | cksum | cut -d' ' -f1)
# The emulator (scripts/emulator.sh: moto plus efsctl's EFS extension) runs from this venv.
EFSCTL_VENV ?= $(VENV)
export EFSCTL_VENV
export AWS_EC2_METADATA_DISABLED := true

.PHONY: demo test bench build moto clean validate-compose validate-ray validate-k8s prices

moto: $(PY_STAMP)
$(PY_STAMP):
	@command -v python3 >/dev/null || (apt-get update && apt-get install -y python3 python3-venv)
	test -x $(VENV)/bin/python || python3 -m venv $(VENV) || (apt-get update && apt-get install -y python3-venv && python3 -m venv $(VENV))
	$(VENV)/bin/pip install --quiet --disable-pip-version-check $(foreach t,$(PY_TOOLS),'$(t)')
	touch $@

build:
	cargo build --release

test: moto
	$(VENV)/bin/python -m unittest discover -s scripts/emulator
	cargo fmt --check
	cargo test --all-targets
	cargo clippy --all-targets -- -D warnings
	EFSCTL=$${CARGO_TARGET_DIR:-target}/debug/efsctl scripts/validate-compose.sh
	EFSCTL=$${CARGO_TARGET_DIR:-target}/debug/efsctl scripts/validate-ray.sh
	EFSCTL=$${CARGO_TARGET_DIR:-target}/debug/efsctl scripts/validate-k8s.sh

# Two real validators (ajv + the Compose schema, docker-compose config) on compose-gen's output.
# The binary `cargo test` built: a plain `cargo build` would resolve tokio without the test-only
# features and recompile the AWS SDK crates.
validate-compose:
	EFSCTL=$${CARGO_TARGET_DIR:-target}/debug/efsctl scripts/validate-compose.sh

# Ray's own schema and AWS defaults (from the ray wheel) on the Ray fragments.
validate-ray: moto
	EFSCTL=$${CARGO_TARGET_DIR:-target}/debug/efsctl scripts/validate-ray.sh

# kubernetes-validate (strict) and the EFS CSI driver's needs on the k8s manifests.
validate-k8s: moto
	EFSCTL=$${CARGO_TARGET_DIR:-target}/debug/efsctl scripts/validate-k8s.sh

bench:
	scripts/bench.sh

# Maintainers: refresh the built-in price table for every region from AWS's public bulk price
# list file for AmazonEFS (no AWS account or credentials; needs pricing.us-east-1.amazonaws.com).
# All or nothing: a region that cannot be read leaves the table as it was.
PRICE_LIST := https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEFS/current/index.json
prices:
	mkdir -p .tools
	curl --fail --silent --show-error --location --output .tools/AmazonEFS.json $(PRICE_LIST)
	cargo run --release --quiet -- prices --offer-file .tools/AmazonEFS.json --out prices/efs-prices.yaml --force

demo: moto build
	@scripts/demo.sh

clean:
	cargo clean
	rm -rf $(VENV) .venv-bench .tools
