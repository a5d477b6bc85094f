"""Test support: the emulator started through scripts/emulator.sh, boto3 clients whose raw
responses are recorded, and a TestCase that checks every recorded EFS response against
botocore's EFS model when each test ends."""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request
from typing import Any, Callable

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

import modelcheck

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(os.path.dirname(HERE), "emulator.sh")
# The venv running these tests has moto; the script is pointed at it unless told otherwise.
VENV = os.environ.get("EFSCTL_VENV") or sys.prefix
ACCOUNT = "123456789012"  # moto's default account

MODEL = modelcheck.load_model()
VALIDATOR = modelcheck.ShapeValidator(MODEL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers_http(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/moto-api/", timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # an HTTP answer, whatever its status
    except OSError:
        return False


class Emulator:
    """scripts/emulator.sh on a free loopback port, ready once GET /moto-api/ answers HTTP
    (the readiness check the Rust tests use)."""

    def __init__(self, env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = dict(os.environ, EFSCTL_VENV=VENV, PYTHONDONTWRITEBYTECODE="1")
        full_env.update(env or {})
        self.log = open(os.devnull, "wb")
        self.proc = subprocess.Popen(
            [SCRIPT, "--port", str(self.port)],
            env=full_env,
            stdout=self.log,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while not answers_http(self.url):
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"emulator.sh exited with {self.proc.returncode}: {err}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("emulator.sh did not answer within 30s")
            time.sleep(0.05)

    def reset(self) -> None:
        urllib.request.urlopen(
            urllib.request.Request(f"{self.url}/moto-api/reset", method="POST"), timeout=5
        ).close()

    def stop(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stderr:
            self.proc.stderr.close()
        self.log.close()
        return self.proc.returncode


_shared: Emulator | None = None


def shared_emulator() -> Emulator:
    """One emulator for the whole test run (reset before each test)."""
    global _shared
    if _shared is None:
        _shared = Emulator()
        atexit.register(_shared.stop)
    return _shared


def client(
    url: str,
    service: str,
    region: str = "us-east-1",
    recorder: modelcheck.Recorder | None = None,
    validate_params: bool = True,
    account: str | None = None,
) -> Any:
    c = boto3.client(
        service,
        region_name=region,
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(
            retries={"total_max_attempts": 1},
            parameter_validation=validate_params,
        ),
    )
    if account:
        # moto's way of choosing the account a request acts in.
        def add_header(request: Any, **_: Any) -> None:
            request.headers["x-moto-account-id"] = account

        c.meta.events.register("before-sign", add_header)
    if recorder is not None:
        recorder.attach(c)
    return c


class EmulatorTestCase(unittest.TestCase):
    """Each test gets `self.efs` (us-east-1) and `self.efs_client(...)`; every EFS response
    they receive is checked against the model when the test ends."""

    emulator: Emulator

    @classmethod
    def setUpClass(cls) -> None:
        cls.emulator = shared_emulator()

    def setUp(self) -> None:
        self.emulator.reset()
        self.recorder = modelcheck.Recorder()
        self.efs = self.efs_client()
        self.addCleanup(self.check_recorded_responses)

    def efs_client(self, region: str = "us-east-1", **kw: Any) -> Any:
        return client(self.emulator.url, "efs", region, recorder=self.recorder, **kw)

    def aws_client(self, service: str, region: str = "us-east-1") -> Any:
        return client(self.emulator.url, service, region)

    def check_recorded_responses(self) -> None:
        problems = []
        for op, status, headers, body in self.recorder.records:
            problems.extend(
                modelcheck.check_response(MODEL, VALIDATOR, op.name, status, headers, body)
            )
        self.assertEqual(problems, [], "responses that depart from the EFS model")

    def assertError(
        self, code: str, call: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        """The call fails with this error code; returns the parsed error response."""
        with self.assertRaises(ClientError) as cm:
            call(*args, **kwargs)
        response = cm.exception.response
        self.assertEqual(response["Error"]["Code"], code, response["Error"].get("Message"))
        return response

    def last_status(self) -> int:
        return self.recorder.records[-1][1]

    # Common fixtures

    def new_file_system(self, client: Any = None, **kw: Any) -> str:
        kw.setdefault("CreationToken", f"tok-{time.monotonic_ns()}")
        return (client or self.efs).create_file_system(**kw)["FileSystemId"]

    def describe(self, fs_id: str, client: Any = None) -> dict[str, Any]:
        return (client or self.efs).describe_file_systems(FileSystemId=fs_id)["FileSystems"][0]
