#!/usr/bin/env bash
# The main job against the local AWS emulator (scripts/emulator.sh: moto with efsctl's EFS
# extension): start it on a free loopback port, then
# up -> status -> plan -> compose-gen -> audit -> export -> teardown with the release binary, then stop moto.
# Run through `make demo`, which installs moto and builds efsctl first.
set -euo pipefail
cd "$(dirname "$0")/.."

EMULATOR="${EFSCTL_EMULATOR:-scripts/emulator.sh}"
EFSCTL="${EFSCTL_BIN:-${CARGO_TARGET_DIR:-target}/release/efsctl}"
NAME="${DEMO_NAME:-ray-shared}"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$EMULATOR" --port "$port" >/tmp/efsctl-demo-emulator.log 2>&1 &
moto_pid=$!
trap 'kill $moto_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done

# A sandboxed AWS identity: nothing here can reach a real account.
export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
has() { "$EFSCTL" "$1" --help >/dev/null 2>&1; }

echo "emulator listening on $AWS_ENDPOINT_URL (default VPC: one subnet in each of six AZs)"
step "$EFSCTL" up --name "$NAME" --azs us-east-1a,us-east-1b,us-east-1c
step "$EFSCTL" up --name "$NAME" --azs us-east-1a,us-east-1b,us-east-1c   # converged: changes nothing
step "$EFSCTL" status --name "$NAME"
if has plan; then step "$EFSCTL" plan --name "$NAME" --azs us-east-1a,us-east-1b,us-east-1c; fi
if has compose-gen; then step "$EFSCTL" compose-gen --name "$NAME"; fi
if has audit; then step "$EFSCTL" audit --name "$NAME"; fi
if has export; then
  out=$(mktemp -d)
  step "$EFSCTL" export --name "$NAME" --azs us-east-1a,us-east-1b,us-east-1c --format terraform --adopt --out "$out/efs.tf"
  grep -c '^import {' "$out/efs.tf" | sed 's/$/ import blocks: terraform plan would adopt the deployment with no change/'
  rm -rf "$out"
fi
step "$EFSCTL" teardown --name "$NAME" --yes
step "$EFSCTL" status --name "$NAME" || echo "(exit $?: the deployment is gone, as expected)"
