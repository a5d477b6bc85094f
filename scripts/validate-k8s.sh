#!/usr/bin/env bash
# Checks `efsctl compose-gen --format k8s` with kubernetes-validate (PyPI: the Kubernetes OpenAPI
# schemas of each release), strict (unknown fields refused), for a current Kubernetes version:
# every variant efsctl can print without AWS (static PersistentVolume + claim in nfs and tls mode,
# through an access point, another namespace and claim name; dynamic StorageClass + claim), and the
# committed goldens (tests/golden/k8s-*.yaml, which `cargo test` holds equal to the renderer's
# output, and which cover the IAM variant that needs a live deployment).
#
# Then what the EFS CSI driver needs, which no schema says: driver efs.csi.aws.com, ReadWriteMany,
# storageClassName "" on both sides of a static binding, a volumeHandle of fs-id[:path][:fsap-id],
# efs-ap mode with a fileSystemId for dynamic provisioning.
#
# Negative controls, which must be REJECTED: accessModes as a string and a misspelled field
# (kubernetes-validate), and a claim that names a storage class (would not bind to the static PV).
#
# Env: EFSCTL=path/to/efsctl (default: cargo build), K8S_VERSION (default below),
# EFSCTL_VENV (default: .venv, with kubernetes-validate; `make moto` installs it).
# Exit: 0 all passed, 1 a check failed, 2 the tools could not be set up.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
K8S_VERSION="${K8S_VERSION:-1.34.0}"
VENV="${EFSCTL_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
KV="$VENV/bin/kubernetes-validate"

NAME=validate-k8s
# shellcheck source=scripts/validate-lib.sh
. "$ROOT/scripts/validate-lib.sh"

[ -x "$KV" ] || die "no kubernetes-validate in $VENV (run \`make moto\`, or set EFSCTL_VENV)"
"$PY" -c 'import yaml' 2>/dev/null || die "$VENV lacks PyYAML"
echo "validate-k8s: kubernetes-validate $("$KV" --version 2>&1 | tr -d '\n'), Kubernetes $K8S_VERSION" >&2

efsctl_binary

cat >"$WORK/csi.py" <<'EOF'
"""csi.py FILE: what the EFS CSI driver needs; exit 0, or 1 with the reason."""
import re, sys
import yaml

docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
kinds = {d["kind"]: d for d in docs}
claim = kinds.get("PersistentVolumeClaim")
if claim is None:
    sys.exit("no PersistentVolumeClaim")
if claim["spec"].get("accessModes") != ["ReadWriteMany"]:
    sys.exit("the claim is not ReadWriteMany")
if "PersistentVolume" in kinds:
    pv = kinds["PersistentVolume"]["spec"]
    csi = pv.get("csi", {})
    if csi.get("driver") != "efs.csi.aws.com":
        sys.exit(f"driver {csi.get('driver')!r}")
    if pv.get("accessModes") != ["ReadWriteMany"]:
        sys.exit("the volume is not ReadWriteMany")
    if pv.get("storageClassName") != "" or claim["spec"].get("storageClassName") != "":
        sys.exit('a static binding needs storageClassName "" on the volume and the claim')
    if claim["spec"].get("volumeName") != kinds["PersistentVolume"]["metadata"]["name"]:
        sys.exit("the claim does not name the volume")
    if not re.fullmatch(r"fs-[0-9a-f]{8,40}(:[^:]*)?(:fsap-[0-9a-f]{8,40})?", csi.get("volumeHandle", "")):
        sys.exit(f"volumeHandle {csi.get('volumeHandle')!r}")
elif "StorageClass" in kinds:
    sc = kinds["StorageClass"]
    if sc.get("provisioner") != "efs.csi.aws.com":
        sys.exit(f"provisioner {sc.get('provisioner')!r}")
    p = sc.get("parameters", {})
    if p.get("provisioningMode") != "efs-ap" or not p.get("fileSystemId", "").startswith("fs-"):
        sys.exit(f"parameters {p}")
    if claim["spec"].get("storageClassName") != sc["metadata"]["name"]:
        sys.exit("the claim does not name the storage class")
else:
    sys.exit("neither a PersistentVolume nor a StorageClass")
EOF
check() {
    local out
    out=$("$KV" --strict --quiet -k "$K8S_VERSION" "$1" 2>&1) || { echo "kubernetes-validate: $out"; return 1; }
    "$PY" "$WORK/csi.py" "$1" 2>&1
}

# name | efsctl flags
VARIANTS=(
    "static-nfs|"
    "static-tls|--mount-mode tls"
    "static-access-point|--mount-mode tls --access-point $AP_ID"
    "static-named|--namespace ray --claim-name shared --target /data"
    "dynamic|--k8s-provisioning dynamic"
    "dynamic-tls|--k8s-provisioning dynamic --mount-mode tls --namespace ray"
)
for v in "${VARIANTS[@]}"; do
    IFS='|' read -r name flags <<<"$v"
    file="$WORK/$name.yaml"
    # shellcheck disable=SC2086
    if ! out=$(env -u AWS_PROFILE AWS_ACCESS_KEY_ID= AWS_SECRET_ACCESS_KEY= AWS_ENDPOINT_URL=http://127.0.0.1:9 \
        "$EFSCTL" compose-gen --format k8s --file-system-id "$FS_ID" --region "$REGION" $flags --out "$file" 2>&1); then
        fail "$name: efsctl compose-gen failed: $out"
        continue
    fi
    if msg=$(check "$file"); then ok "$name: valid for Kubernetes $K8S_VERSION and the EFS CSI driver"; else fail "$name: $msg"; fi
done
for golden in "$ROOT"/tests/golden/k8s-*.yaml; do
    if msg=$(check "$golden"); then ok "golden $(basename "$golden"): valid"; else fail "golden $(basename "$golden"): $msg"; fi
done

# --- negative controls ---------------------------------------------------------------------
"$EFSCTL" compose-gen --format k8s --file-system-id "$FS_ID" --region "$REGION" --out "$WORK/good.yaml" >/dev/null 2>&1 ||
    die "cannot write the negative controls' base"
sed 's/^    - ReadWriteMany$/    ReadWriteMany/' "$WORK/good.yaml" >"$WORK/bad-access-modes.yaml"
sed 's/^  volumeMode:/  volumeMod:/' "$WORK/good.yaml" >"$WORK/bad-field.yaml"
"$PY" - "$WORK/good.yaml" "$WORK/bad-class.yaml" <<'EOF' || die "cannot write bad-class.yaml"
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
for d in docs:
    if d["kind"] == "PersistentVolumeClaim":
        d["spec"]["storageClassName"] = "gp2"
yaml.safe_dump_all(docs, open(sys.argv[2], "w"))
EOF
for bad in bad-access-modes bad-field bad-class; do
    if cmp -s "$WORK/good.yaml" "$WORK/$bad.yaml"; then fail "negative control $bad: nothing was changed"; continue; fi
    if msg=$(check "$WORK/$bad.yaml"); then fail "negative control $bad accepted"; else ok "negative control $bad rejected: $(echo "$msg" | head -n1)"; fi
done

finish
