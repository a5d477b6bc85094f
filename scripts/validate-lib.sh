# Shared by scripts/validate-*.sh (sourced, not run): the counters and the three outcomes of a
# check, the efsctl binary to check, the sample ids every output is generated for, and a scratch
# directory removed on exit. Set NAME (the script's name for messages) and ROOT before sourcing.
# shellcheck shell=bash

# shellcheck disable=SC2034 # used by the scripts that source this file
FS_ID="fs-0123456789abcdef0"
# shellcheck disable=SC2034
AP_ID="fsap-0123456789abcdef0"
# shellcheck disable=SC2034
REGION="us-east-1"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok    $*"; }
fail() { failed=$((failed + 1)); echo "FAIL  $*"; }
die() { echo "$NAME: $*" >&2; exit 2; }

# EFSCTL=path/to/efsctl, else a debug build (a plain `cargo build` may resolve features
# differently from `cargo test`'s and rebuild the SDK: make test passes the binary it built).
efsctl_binary() {
    if [ -z "${EFSCTL:-}" ]; then
        (cd "$ROOT" && cargo build --quiet --bin efsctl) || die "cargo build failed"
        EFSCTL="${CARGO_TARGET_DIR:-$ROOT/target}/debug/efsctl"
    fi
    [ -x "$EFSCTL" ] || die "no efsctl binary at $EFSCTL"
}

# The last line, and the exit status: 0 when every check passed.
finish() {
    echo "$NAME: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
