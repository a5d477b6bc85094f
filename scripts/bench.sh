#!/usr/bin/env bash
# `make bench`: install what the benchmarks need, measure a clean release build, then run the
# end-to-end benchmark (benches/e2e), which prints a table and writes docs/benchmarks.md.
# BENCH_SKIP_BUILD=1 skips the clean build (several minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

make --no-print-directory moto
if [ ! -x .venv-bench/bin/aws ]; then
  # The AWS CLI pins its own botocore, so it gets a venv of its own, apart from moto's.
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install --quiet --disable-pip-version-check awscli
fi

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  echo "bench: clean release build into $scratch ..."
  start=$(date +%s)
  cargo build --release --quiet --target-dir "$scratch"
  export BENCH_BUILD_SECONDS=$(( $(date +%s) - start ))
  export BENCH_BINARY_BYTES=$(stat -c %s "$scratch/release/efsctl")
fi

cargo bench --bench e2e
