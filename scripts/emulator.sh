#!/usr/bin/env bash
# The local AWS emulator: moto's server with the EFS operations efsctl needs added
# (scripts/emulator/README.md). Runs in the foreground on 127.0.0.1:PORT until killed.
#
#   scripts/emulator.sh --port PORT [--host ADDR]
#
# -p/-H are accepted too, so EFSCTL_MOTO_SERVER can point here instead of at moto_server.
# The Python comes from the venv $EFSCTL_VENV (default: <repo>/.venv), which needs
# moto[server] (tested with 5.2.5).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${EFSCTL_VENV:-$(dirname "$here")/.venv}"
python="$venv/bin/python"

if [[ ! -x "$python" ]]; then
  echo "emulator.sh: no Python venv at $venv (run \`make moto\` or set EFSCTL_VENV)" >&2
  exit 1
fi

# exec: SIGTERM/SIGINT reach the server itself, which exits on either.
exec "$python" "$here/emulator/serve.py" "$@"
