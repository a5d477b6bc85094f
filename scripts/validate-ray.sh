#!/usr/bin/env bash
# Checks `efsctl compose-gen --format ray` the way Ray would: each fragment merged into the AWS
# cluster config that ships inside the `ray` wheel (ray/autoscaler/aws/defaults.yaml) must pass
# Ray's own validation (ray.autoscaler._private.util.validate_config: jsonschema against
# ray/autoscaler/ray-schema.json from the same wheel, and a head node type among the node types),
# and must mount where Ray's containers see it: on the host, before Docker starts
# (initialization_commands), bound into the container (docker.run_options).
#
# Negative controls, which must be REJECTED: a fragment with docker.run_options as a string, one
# with a misspelled top-level key (Ray's schema refuses both), and the fragment from Ray's old EFS
# instructions that mounts in setup_commands inside the container (mount.nfs4: Operation not
# permitted, ray-project/ray#28057), which the placement check must refuse.
#
# The wheel is downloaded without dependencies into .tools/ray (pip download; never committed)
# and only the two files are read from it. Env: EFSCTL=path/to/efsctl (default: cargo build),
# RAY_VERSION (default below), EFSCTL_VENV (default: .venv; needs jsonschema and PyYAML, which
# moto[server] brings). Exit: 0 all passed, 1 a check failed, 2 the tools could not be set up.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RAY_VERSION="${RAY_VERSION:-2.60.0}"
TOOLS="$ROOT/.tools/ray/$RAY_VERSION"
VENV="${EFSCTL_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"

NAME=validate-ray
# shellcheck source=scripts/validate-lib.sh
. "$ROOT/scripts/validate-lib.sh"

# --- tools ---------------------------------------------------------------------------------
[ -x "$PY" ] || die "no Python venv at $VENV (run \`make moto\`, or set EFSCTL_VENV)"
"$PY" -c 'import jsonschema, yaml' 2>/dev/null || die "$VENV lacks jsonschema or PyYAML"
SCHEMA="$TOOLS/ray-schema.json"
DEFAULTS="$TOOLS/defaults.yaml"
if [ ! -s "$SCHEMA" ] || [ ! -s "$DEFAULTS" ]; then
    echo "validate-ray: downloading the ray $RAY_VERSION wheel (no dependencies) into $TOOLS" >&2
    mkdir -p "$TOOLS"
    "$PY" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
        --python-version 3.11 --platform manylinux2014_x86_64 --dest "$WORK/wheel" \
        "ray==$RAY_VERSION" >&2 || die "pip download ray==$RAY_VERSION failed"
    "$PY" - "$WORK"/wheel/ray-*.whl "$TOOLS" <<'EOF' || die "cannot read the wheel"
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for member, name in [("ray/autoscaler/ray-schema.json", "ray-schema.json"),
                         ("ray/autoscaler/aws/defaults.yaml", "defaults.yaml")]:
        with open(f"{out}/{name}", "wb") as f:
            f.write(z.read(member))
EOF
fi
echo "validate-ray: ray $RAY_VERSION schema and AWS defaults from the wheel" >&2

efsctl_binary

# --- the check: merge, validate as Ray does, then where the mount happens ------------------
cat >"$WORK/check.py" <<'EOF'
"""check.py SCHEMA DEFAULTS FRAGMENT TARGET DOCKER(yes|no): exit 0 valid, 1 with the reason."""
import copy, json, sys
import jsonschema, yaml

schema_path, defaults_path, fragment_path, target, docker = sys.argv[1:6]
schema = json.load(open(schema_path))
config = yaml.safe_load(open(defaults_path))
fragment = yaml.safe_load(open(fragment_path))
if not isinstance(fragment, dict):
    sys.exit(f"the fragment is not a mapping: {fragment!r}")

def merge(base, extra):
    """A user's paste: mappings merged key by key, lists extended, the rest replaced."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        elif isinstance(value, list) and isinstance(base.get(key), list):
            base[key] = base[key] + value
        else:
            base[key] = copy.deepcopy(value)
    return base

config = merge(config, fragment)
if docker == "yes" and not config.get("docker", {}).get("image"):
    # Ray's AWS defaults have `docker: {}`; a cluster that runs in Docker names an image.
    config["docker"]["image"] = "rayproject/ray:latest-cpu"
    config["docker"].setdefault("container_name", "ray_container")
# ray.autoscaler._private.util.validate_config, minus its Ray-version check:
try:
    jsonschema.validate(config, schema)
except jsonschema.ValidationError as e:
    sys.exit(f"Ray's schema: {e.message} (at {'/'.join(map(str, e.absolute_path))})")
if "available_node_types" in config:
    if config.get("head_node_type") not in config["available_node_types"]:
        sys.exit("head_node_type is not one of available_node_types")

# Where the mount happens: inside Ray's container (docker) a mount is not permitted.
def mounts(commands):
    return [c for c in commands or [] if " mount -t " in c and target in c]
init = config.get("initialization_commands", [])
setup = config.get("setup_commands", [])
if docker == "yes":
    if not mounts(init):
        sys.exit(f"no mount of {target} in initialization_commands (on the host)")
    if mounts(setup):
        sys.exit("mounts in setup_commands, inside the container: mount.nfs4: Operation not permitted")
    bind = f"-v {target}:{target}"
    if bind not in config["docker"].get("run_options", []):
        sys.exit(f"docker.run_options lacks {bind!r}")
else:
    if not mounts(setup):
        sys.exit(f"no mount of {target} in setup_commands")
for c in mounts(init) + mounts(setup):
    if not c.startswith(f"mountpoint -q {target} || "):
        sys.exit(f"mount is not idempotent (re-run by `ray up`): {c}")
EOF
check() { "$PY" "$WORK/check.py" "$SCHEMA" "$DEFAULTS" "$@" 2>&1; }

# name | target | docker | efsctl flags
VARIANTS=(
    "nfs-default|/mnt/cluster_storage|yes|"
    "tls|/mnt/cluster_storage|yes|--mount-mode tls"
    "tls-access-point|/mnt/cluster_storage|yes|--mount-mode tls --access-point $AP_ID"
    "custom-target|/data/shared|yes|--target /data/shared --path /ray"
    "no-docker|/mnt/cluster_storage|no|--ray-docker no"
    "no-docker-tls|/mnt/cluster_storage|no|--ray-docker no --mount-mode tls"
)
for v in "${VARIANTS[@]}"; do
    IFS='|' read -r name target docker flags <<<"$v"
    file="$WORK/$name.yaml"
    # A dead endpoint and no credentials: --file-system-id makes no AWS call.
    # shellcheck disable=SC2086
    if ! out=$(env -u AWS_PROFILE AWS_ACCESS_KEY_ID= AWS_SECRET_ACCESS_KEY= AWS_ENDPOINT_URL=http://127.0.0.1:9 \
        "$EFSCTL" compose-gen --format ray --file-system-id "$FS_ID" --region "$REGION" $flags --out "$file" 2>&1); then
        fail "$name: efsctl compose-gen failed: $out"
        continue
    fi
    if msg=$(check "$file" "$target" "$docker"); then
        ok "$name: merged into Ray's AWS defaults, valid for Ray and mounted where Ray sees it"
    else
        fail "$name: $msg"
    fi
done

# The committed goldens (`cargo test` holds them equal to the renderer's output).
for golden in "$ROOT"/tests/golden/ray-*.yaml; do
    docker=yes
    case "$golden" in *no-docker*) docker=no ;; esac
    target=$(sed -n 's/.*mkdir -p \([^"]*\)".*/\1/p' "$golden" | head -n1)
    if msg=$(check "$golden" "$target" "$docker"); then ok "golden $(basename "$golden"): valid, mounted at $target"; else fail "golden $(basename "$golden"): $msg"; fi
done

# --- negative controls ---------------------------------------------------------------------
T=/mnt/cluster_storage
MOUNT="mountpoint -q $T || sudo mount -t nfs4 -o nfsvers=4.1 $FS_ID.efs.$REGION.amazonaws.com:/ $T"
cat >"$WORK/bad-run-options.yaml" <<EOF
initialization_commands: ["$MOUNT"]
docker:
  run_options: "-v $T:$T"
EOF
cat >"$WORK/bad-key.yaml" <<EOF
initialisation_commands: ["$MOUNT"]
docker:
  run_options: ["-v $T:$T"]
EOF
cat >"$WORK/bad-in-container.yaml" <<EOF
setup_commands: ["sudo mkdir -p $T", "$MOUNT"]
EOF
for bad in bad-run-options bad-key bad-in-container; do
    if msg=$(check "$WORK/$bad.yaml" "$T" yes); then
        fail "negative control $bad accepted"
    else
        ok "negative control $bad rejected: $msg"
    fi
done

finish
