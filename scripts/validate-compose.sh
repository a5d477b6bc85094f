#!/usr/bin/env bash
# Checks `efsctl compose-gen` output with two independent, real validators:
#   1. ajv (JSON Schema) against the official Compose Specification schema, tests/data/compose-spec.json
#   2. docker-compose `config`, which loads and merges base + override the way `up` does
#      (no Docker engine needed), then the merged result is checked for the NFS volume.
# Negative controls: a hand-written override with the invalid service-level `type: nfs` +
# `nfs_opts` form must be REJECTED by both, so a validator that accepts anything fails this script.
#
# Installs what it needs on first use, idempotently: ajv-cli into .tools/validate-compose (npm),
# docker-compose with apt-get (Debian's package; v1 on bookworm, v2 on trixie; both work).
# Env: EFSCTL=path/to/efsctl (default: cargo build), DOCKER_COMPOSE=command (default: docker-compose).
# Exit: 0 all passed, 1 a check failed, 2 the tools could not be set up.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools/validate-compose"
SCHEMA="$ROOT/tests/data/compose-spec.json"

NAME=validate-compose
# shellcheck source=scripts/validate-lib.sh
. "$ROOT/scripts/validate-lib.sh"

apt_install() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "validate-compose: installing $* with apt-get" >&2
    { $sudo apt-get update -qq &&
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"; } \
        >"$WORK/apt.log" 2>&1 || { tail -n 20 "$WORK/apt.log" >&2; return 1; }
}

# --- tools -------------------------------------------------------------------------------
command -v npm >/dev/null 2>&1 || apt_install nodejs npm || die "cannot install node and npm"
AJV="$TOOLS/node_modules/.bin/ajv"
if [ ! -x "$AJV" ] || [ ! -d "$TOOLS/node_modules/ajv-formats" ] || [ ! -d "$TOOLS/node_modules/js-yaml" ]; then
    echo "validate-compose: installing ajv-cli into $TOOLS" >&2
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error \
        ajv-cli@5.0.0 ajv-formats@3.0.1 js-yaml@4.1.0 >&2 || die "npm install failed"
fi
# The Compose schema names its meta-schema https://json-schema.org/draft-07/schema; ajv knows
# draft-07 as http://...#. Register the same meta-schema under the https id.
META="$TOOLS/draft-07-https.json"
if [ ! -s "$META" ]; then
    # shellcheck disable=SC2016 # JavaScript, not shell
    node -e 'const m = require(process.argv[1]); m["$id"] = "https://json-schema.org/draft-07/schema";
             require("fs").writeFileSync(process.argv[2], JSON.stringify(m));' \
        "$TOOLS/node_modules/ajv/dist/refs/json-schema-draft-07.json" "$META" || die "cannot write $META"
fi

DC="${DOCKER_COMPOSE:-docker-compose}"
if ! command -v "${DC%% *}" >/dev/null 2>&1; then
    apt_install docker-compose || die "cannot install docker-compose"
fi
echo "validate-compose: $($DC version 2>/dev/null | head -n1), ajv $(node -p "require('$TOOLS/node_modules/ajv/package.json').version")" >&2

efsctl_binary
"$EFSCTL" compose-gen --help >/dev/null 2>&1 || die "$EFSCTL has no compose-gen command (a stale build? set EFSCTL=...)"

# --- checks --------------------------------------------------------------------------------
schema_valid() { "$AJV" validate --spec=draft7 --strict=false -c ajv-formats -m "$META" -s "$SCHEMA" -d "$1" --errors=text 2>&1; }
compose_config() { (cd "$WORK" && $DC -f base.yml -f "$1" config 2>&1); }

# What the merged project must contain: every service mounts the file system at the target,
# and in nfs mode the named volume uses the local driver with efsctl's NFS options.
check_merged() { # file mode volume target services...
    # shellcheck disable=SC2016 # JavaScript, not shell
    node -e '
const [file, mode, volume, target, ...services] = process.argv.slice(1);
const doc = require(process.env.TOOLS + "/node_modules/js-yaml").load(require("fs").readFileSync(file, "utf8"));
const fail = (m) => { console.log(m); process.exit(1); };
for (const s of services) {
  const mounts = ((doc.services || {})[s] || {}).volumes || [];
  const m = mounts.find((v) => typeof v === "object" && v.target === target);
  if (!m) fail(`service ${s} has no mount at ${target}`);
  if (mode === "nfs" && (m.type !== "volume" || m.source !== volume)) fail(`service ${s}: ${JSON.stringify(m)}`);
  if (mode === "tls" && (m.type !== "bind" || m.source !== "/mnt/efs/" + process.env.FS_ID)) fail(`service ${s}: ${JSON.stringify(m)}`);
}
if (mode === "nfs") {
  const v = (doc.volumes || {})[volume] || {};
  const o = (v.driver_opts || {});
  if (v.driver !== "local" || o.type !== "nfs") fail(`volume ${volume}: ${JSON.stringify(v)}`);
  if (!String(o.o).startsWith(`addr=${process.env.FS_ID}.efs.${process.env.REGION}.amazonaws.com,`)) fail(`o: ${o.o}`);
  if (!String(o.device).startsWith(":/")) fail(`device: ${o.device}`);
}' "$@"
}

cat >"$WORK/base.yml" <<'EOF'
services:
  ray-head:
    image: rayproject/ray:2.9.0
    command: ray start --head --block
  ray-worker:
    image: rayproject/ray:2.9.0
    command: ray start --address=ray-head:6379 --block
EOF

# name | mode | volume | target | services | efsctl flags
VARIANTS=(
    "nfs-default|nfs|efs-data|/mnt/efs|ray-worker|"
    "nfs-custom|nfs|shared.efs|/data|ray-head ray-worker|--service ray-head --service ray-worker --target /data --path /ray/shared --volume-name shared.efs"
    "nfs-options|nfs|efs-data|/mnt/efs|ray-worker|--nfs-options nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=300,retrans=3,noresvport"
    "tls-default|tls|efs-data|/mnt/efs|ray-worker|--mount-mode tls"
    "tls-custom|tls|efs-data|/data|ray-head ray-worker|--mount-mode tls --service ray-head --service ray-worker --target /data --path /ray"
)

export TOOLS FS_ID REGION
for v in "${VARIANTS[@]}"; do
    IFS='|' read -r name mode volume target services flags <<<"$v"
    file="$WORK/$name.yml"
    # A dead endpoint and no credentials: --file-system-id must not call AWS at all.
    # shellcheck disable=SC2086
    if ! out=$(env -u AWS_PROFILE AWS_ACCESS_KEY_ID= AWS_SECRET_ACCESS_KEY= AWS_ENDPOINT_URL=http://127.0.0.1:9 \
        "$EFSCTL" compose-gen --file-system-id "$FS_ID" --region "$REGION" $flags --out "$file" 2>&1); then
        fail "$name: efsctl compose-gen failed: $out"
        continue
    fi
    if msg=$(schema_valid "$file"); then ok "$name: valid against the Compose schema (ajv)"; else fail "$name: ajv: $msg"; fi
    if merged=$(compose_config "$file"); then
        ok "$name: $DC config accepts base + override"
        printf '%s\n' "$merged" >"$WORK/$name.merged.yml"
        # shellcheck disable=SC2086
        if msg=$(check_merged "$WORK/$name.merged.yml" "$mode" "$volume" "$target" $services); then
            ok "$name: merged config mounts the file system ($mode)"
        else
            fail "$name: merged config: $msg"
        fi
    else
        fail "$name: $DC config: $merged"
    fi
done

# Negative controls: what a careless generator might write. Not Compose; both must refuse.
cat >"$WORK/bad-nfs-opts.yml" <<EOF
services:
  ray-worker:
    volumes:
      - type: nfs
        source: $FS_ID.efs.$REGION.amazonaws.com:/
        target: /mnt/efs
        nfs_opts: "nfsvers=4.1,hard,noresvport"
EOF
if msg=$(schema_valid "$WORK/bad-nfs-opts.yml"); then fail "negative control accepted by ajv: $msg"; else ok "negative control (type: nfs + nfs_opts) rejected by ajv"; fi
if msg=$(compose_config bad-nfs-opts.yml); then fail "negative control accepted by $DC"; else ok "negative control (type: nfs + nfs_opts) rejected by $DC"; fi
# docker-compose v1 does not check the mount type, so this one is for the schema alone.
sed '/nfs_opts/d' "$WORK/bad-nfs-opts.yml" >"$WORK/bad-nfs-type.yml"
if msg=$(schema_valid "$WORK/bad-nfs-type.yml"); then fail "negative control accepted by ajv: $msg"; else ok "negative control (type: nfs) rejected by ajv"; fi

finish
