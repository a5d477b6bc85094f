"""Run moto's own server (as `moto_server` does) with the EFS extension installed.

Started by scripts/emulator.sh; the arguments are those of that script.
"""

import argparse
import sys
import warnings

TESTED_MOTO = "5.2.5"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="emulator.sh",
        description="moto server on HOST:PORT, with the EFS operations efsctl needs added.",
    )
    parser.add_argument("-p", "--port", type=int, required=True, help="port to listen on")
    parser.add_argument(
        "-H", "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)"
    )
    args = parser.parse_args(argv)

    try:
        with warnings.catch_warnings():
            # moto warns (several lines) before raising when Flask is missing.
            warnings.simplefilter("ignore")
            import moto
            from moto import server as moto_server
    except ImportError as e:
        print(
            f"emulator.sh: moto[server] is not installed in {sys.prefix} ({e}); "
            f"install moto[server]=={TESTED_MOTO} there or set EFSCTL_VENV",
            file=sys.stderr,
        )
        return 1
    version = getattr(moto, "__version__", "unknown")
    if version != TESTED_MOTO:
        print(
            f"emulator.sh: warning: the EFS extension was written for moto {TESTED_MOTO}, "
            f"this is moto {version}",
            file=sys.stderr,
        )

    import efs_extension

    efs_extension.install()
    # moto's own entry point: the same DomainDispatcherApplication, request handler and
    # SIGINT/SIGTERM handling as `moto_server`, serving until it is killed.
    moto_server.main(["-H", args.host, "-p", str(args.port)])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
