"""Checks raw EFS HTTP responses against botocore's EFS service model.

- `ShapeValidator.errors(shape, value)`: every way `value` (decoded JSON) departs from a
  model shape. Structures: required members present, no member the model does not define,
  no nulls; strings: enum, min/max length, pattern (when Python's `re` can compile it);
  integers/longs/floats/doubles: type and min/max; booleans; timestamps (rest-json sends
  epoch seconds); lists (min/max) and maps, recursively.
- `check_response(operation, status, headers, body)`: a success must have the operation's
  HTTP status and a body that is its output shape (or no body when there is no output);
  an error's code must be one of the operation's documented errors (or a common one), its
  status the error shape's `httpStatusCode`, and its body the error shape with `ErrorCode`
  equal to the code and a `Message`.
- `Recorder`: captures, through botocore's `before-parse` event, the raw response of every
  call a boto3 client makes, before botocore parses it.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from typing import Any

import botocore
from botocore.model import OperationModel, ServiceModel, Shape

MODEL_PATH = os.path.join(
    os.path.dirname(botocore.__file__), "data", "efs", "2015-02-01", "service-2.json.gz"
)
# Errors any AWS operation may answer even when its model does not list them.
COMMON_ERRORS = frozenset({"ValidationException", "ThrottlingException", "InternalServerError"})


def load_model(path: str = MODEL_PATH) -> ServiceModel:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return ServiceModel(json.load(f), service_name="efs")


class ShapeValidator:
    def __init__(self, model: ServiceModel):
        self.model = model
        self._patterns: dict[str, re.Pattern[str] | None] = {}
        # Patterns Python's re cannot compile (e.g. \p{L} in TagKey), so not checked.
        self.skipped_patterns: set[str] = set()

    def _pattern(self, shape: Shape) -> re.Pattern[str] | None:
        if shape.name not in self._patterns:
            try:
                self._patterns[shape.name] = re.compile(shape.metadata["pattern"])
            except re.error:
                self._patterns[shape.name] = None
                self.skipped_patterns.add(shape.name)
        return self._patterns[shape.name]

    def errors(self, shape: Shape, value: Any, path: str = "$") -> list[str]:
        if value is None:
            return [f"{path}: null where the model has a {shape.type_name} ({shape.name})"]
        check = getattr(self, f"_{shape.type_name}", None)
        if check is None:
            return [f"{path}: no check for shape type {shape.type_name} ({shape.name})"]
        return check(shape, value, path)

    # Each _<type> returns the problems of one value of that model type.

    def _structure(self, shape: Any, value: Any, path: str) -> list[str]:
        if not isinstance(value, dict):
            return [f"{path}: expected an object ({shape.name}), got {type(value).__name__}"]
        out = []
        for name in value:
            if name not in shape.members:
                out.append(f"{path}: member {name!r} is not in {shape.name}")
        for name in shape.required_members:
            if name not in value:
                out.append(f"{path}: required member {name!r} of {shape.name} is missing")
        for name, member in shape.members.items():
            if name in value:
                out.extend(self.errors(member, value[name], f"{path}.{name}"))
        return out

    def _list(self, shape: Any, value: Any, path: str) -> list[str]:
        if not isinstance(value, list):
            return [f"{path}: expected a list ({shape.name}), got {type(value).__name__}"]
        out = self._range(shape, len(value), path, "length")
        for i, item in enumerate(value):
            out.extend(self.errors(shape.member, item, f"{path}[{i}]"))
        return out

    def _map(self, shape: Any, value: Any, path: str) -> list[str]:
        if not isinstance(value, dict):
            return [f"{path}: expected an object ({shape.name}), got {type(value).__name__}"]
        out = self._range(shape, len(value), path, "size")
        for k, v in value.items():
            out.extend(self.errors(shape.key, k, f"{path}<key {k!r}>"))
            out.extend(self.errors(shape.value, v, f"{path}[{k!r}]"))
        return out

    def _string(self, shape: Any, value: Any, path: str) -> list[str]:
        if not isinstance(value, str):
            return [f"{path}: expected a string ({shape.name}), got {type(value).__name__}"]
        out = []
        if shape.enum and value not in shape.enum:
            out.append(f"{path}: {value!r} is not one of {shape.name} {list(shape.enum)}")
        out.extend(self._range(shape, len(value), path, "length"))
        if "pattern" in shape.metadata:
            pattern = self._pattern(shape)
            if pattern is not None and not pattern.search(value):
                out.append(f"{path}: {value!r} does not match the {shape.name} pattern {pattern.pattern}")
        return out

    def _number(self, shape: Any, value: Any, path: str, types: tuple[type, ...]) -> list[str]:
        if isinstance(value, bool) or not isinstance(value, types):
            return [f"{path}: expected a {shape.type_name} ({shape.name}), got {value!r}"]
        return self._range(shape, value, path, "value")

    def _integer(self, shape: Any, value: Any, path: str) -> list[str]:
        return self._number(shape, value, path, (int,))

    _long = _integer

    def _double(self, shape: Any, value: Any, path: str) -> list[str]:
        return self._number(shape, value, path, (int, float))

    _float = _double

    def _boolean(self, shape: Any, value: Any, path: str) -> list[str]:
        if not isinstance(value, bool):
            return [f"{path}: expected a boolean ({shape.name}), got {value!r}"]
        return []

    def _timestamp(self, shape: Any, value: Any, path: str) -> list[str]:
        fmt = shape.serialization.get("timestampFormat", "unixTimestamp")
        if fmt == "unixTimestamp":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                return [f"{path}: expected epoch seconds ({shape.name}), got {value!r}"]
            return []
        if not isinstance(value, str):
            return [f"{path}: expected a {fmt} timestamp string ({shape.name}), got {value!r}"]
        return []

    def _blob(self, shape: Any, value: Any, path: str) -> list[str]:
        if not isinstance(value, str):
            return [f"{path}: expected base64 text ({shape.name}), got {type(value).__name__}"]
        return []

    @staticmethod
    def _range(shape: Any, n: float, path: str, what: str) -> list[str]:
        out = []
        lo, hi = shape.metadata.get("min"), shape.metadata.get("max")
        if lo is not None and n < lo:
            out.append(f"{path}: {what} {n} is below the {shape.name} minimum {lo}")
        if hi is not None and n > hi:
            out.append(f"{path}: {what} {n} is above the {shape.name} maximum {hi}")
        return out


def _body_shape_errors(validator: ShapeValidator, shape: Any, body: Any) -> list[str]:
    """Like ShapeValidator.errors, for a body: members bound to headers, the status code or
    the URI are not expected in it."""
    if not isinstance(body, dict):
        return [f"$: expected a JSON object ({shape.name}), got {type(body).__name__}"]
    located = {n for n, m in shape.members.items() if m.serialization.get("location")}
    return validator.errors(shape, {k: v for k, v in body.items() if k not in located})


def error_code(headers: dict[str, str], body: Any) -> str | None:
    """The error code as botocore's rest-json parser reads it: x-amzn-ErrorType first."""
    lower = {k.lower(): v for k, v in headers.items()}
    code = lower.get("x-amzn-errortype")
    if code is None and isinstance(body, dict):
        code = body.get("code", body.get("Code"))
    if code is None:
        return None
    return code.split(":", 1)[0].rsplit("#", 1)[-1]


def check_response(
    model: ServiceModel,
    validator: ShapeValidator,
    operation: str | OperationModel,
    status: int,
    headers: dict[str, str],
    body: bytes,
) -> list[str]:
    op = operation if isinstance(operation, OperationModel) else model.operation_model(operation)
    where = f"{op.name} {status}"
    text = body.decode("utf-8") if body else ""
    if 200 <= status < 300:
        expected = op.http.get("responseCode", 200)
        out = []
        if status != expected:
            out.append(f"{where}: HTTP status {status}, the model says {expected}")
        if op.output_shape is None:
            if text.strip():
                out.append(f"{where}: the operation has no output but the body is {text[:200]!r}")
            return out
        try:
            parsed = json.loads(text)
        except ValueError:
            return out + [f"{where}: the body is not JSON: {text[:200]!r}"]
        return out + [f"{where}: {e}" for e in _body_shape_errors(validator, op.output_shape, parsed)]

    try:
        parsed = json.loads(text) if text.strip() else None
    except ValueError:
        parsed = None
    code = error_code(headers, parsed)
    if code is None:
        return [f"{where}: an error response without an error code: {text[:200]!r}"]
    where = f"{op.name} {status} {code}"
    out = []
    documented = {s.name for s in op.error_shapes}
    if code not in documented | COMMON_ERRORS:
        out.append(f"{where}: {code} is not among the operation's errors {sorted(documented)}")
    try:
        shape = model.shape_for(code)
    except Exception:
        return out + [f"{where}: the model has no shape {code}"]
    expected = shape.metadata.get("error", {}).get("httpStatusCode")
    if expected != status:
        out.append(f"{where}: HTTP status {status}, the model gives {code} {expected}")
    if not isinstance(parsed, dict):
        return out + [f"{where}: the error body is not a JSON object: {text[:200]!r}"]
    out.extend(f"{where}: {e}" for e in validator.errors(shape, parsed))
    if parsed.get("ErrorCode") != code:
        out.append(f"{where}: the body's ErrorCode is {parsed.get('ErrorCode')!r}")
    if not isinstance(parsed.get("Message"), str) or not parsed.get("Message"):
        out.append(f"{where}: the body has no Message")
    return out


class Recorder:
    """Raw responses of the clients attached, in call order."""

    def __init__(self) -> None:
        self.records: list[tuple[OperationModel, int, dict[str, str], bytes]] = []

    def attach(self, client: Any) -> Any:
        service_id = client.meta.service_model.service_id.hyphenize()
        client.meta.events.register(f"before-parse.{service_id}.*", self._record)
        return client

    def _record(self, operation_model: OperationModel, response_dict: dict[str, Any], **_: Any) -> None:
        self.records.append(
            (
                operation_model,
                response_dict["status_code"],
                dict(response_dict["headers"]),
                response_dict["body"] or b"",
            )
        )
