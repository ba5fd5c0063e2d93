"""Reading what clients send, within limits: body size, JSON depth, metadata, client address.

Every channel refuses what it cannot handle with a 4xx and a short reason, before parsing:
a body over its size limit, JSON nested deeper than `MAX_JSON_DEPTH` (Python's parser would
raise RecursionError on 50,000 levels, a 500 with a traceback), metadata over its limits.
Failures inside the assistant are logged by type and place only, never with the user's input.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import traceback
from typing import Any

MAX_BODY_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32
MAX_METADATA_BYTES = 2048
MAX_METADATA_DEPTH = 3
MAX_METADATA_KEYS = 20
# Metadata keys only the server sets; a client's value for them is dropped.
SERVER_METADATA = ("client",)
DEFAULT_TRUSTED_PROXIES = "127.0.0.1,::1"


class BadInput(ValueError):
    """A request the channel refuses; `status` is the 4xx to answer with."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.status = status


def json_depth_ok(raw: bytes | str, max_depth: int = MAX_JSON_DEPTH) -> bool:
    """Whether the brackets in `raw` nest at most `max_depth` deep (strings are skipped).

    A linear scan, so it is safe on any input; it runs before `json.loads`.
    """
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes | bytearray) else raw
    if text.count("[") + text.count("{") <= max_depth:  # most bodies: nothing to scan
        return True
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                return False
        elif char in "]}":
            depth -= 1
    return True


def parse_json(raw: bytes, max_bytes: int = MAX_BODY_BYTES, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """`raw` as JSON, or BadInput (413 too large, 400 not JSON or nested too deep)."""
    if len(raw) > max_bytes:
        raise BadInput(f"The body may have at most {max_bytes} bytes.", 413)
    if not json_depth_ok(raw, max_depth):
        raise BadInput(f"The JSON may nest at most {max_depth} levels deep.")
    try:
        return json.loads(raw or b"")
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
        raise BadInput("The body must be JSON.") from error


async def read_body(request: Any, max_bytes: int = MAX_BODY_BYTES) -> bytes:
    """The request body, read up to `max_bytes` (BadInput 413 beyond): for Sanic routes
    declared with stream=True, so a large body is never held in memory; else the read body."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise BadInput(f"The body may have at most {max_bytes} bytes.", 413)
    stream = getattr(request, "stream", None)
    if stream is None or not hasattr(stream, "read"):
        body = request.body or b""
        if len(body) > max_bytes:
            raise BadInput(f"The body may have at most {max_bytes} bytes.", 413)
        return body
    chunks, size = [], 0
    while True:
        chunk = await stream.read()
        if chunk is None:
            break
        size += len(chunk)
        if size > max_bytes:
            raise BadInput(f"The body may have at most {max_bytes} bytes.", 413)
        chunks.append(chunk)
    return b"".join(chunks)


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def clean_metadata(value: Any) -> dict[str, Any]:
    """Client metadata within the limits (size, depth, keys), without server-only keys."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadInput("'metadata' must be a JSON object.")
    if len(value) > MAX_METADATA_KEYS:
        raise BadInput(f"'metadata' may have at most {MAX_METADATA_KEYS} keys.")
    if _depth(value) > MAX_METADATA_DEPTH:
        raise BadInput(f"'metadata' may nest at most {MAX_METADATA_DEPTH} levels deep.")
    if len(json.dumps(value, ensure_ascii=False).encode()) > MAX_METADATA_BYTES:
        raise BadInput(f"'metadata' may have at most {MAX_METADATA_BYTES} bytes.")
    return {k: v for k, v in value.items() if k not in SERVER_METADATA}


def trusted_proxies() -> list[Any]:
    raw = os.environ.get("TRUSTED_PROXIES", DEFAULT_TRUSTED_PROXIES)
    networks = []
    for part in raw.split(","):
        part = part.strip()
        if part:
            try:
                networks.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                logging.getLogger(__name__).warning("TRUSTED_PROXIES: not an address: %r", part)
    return networks


def client_address(peer: str | None, forwarded_for: str | None) -> str:
    """The client's address: the peer's, or, when the peer is one of our own reverse proxies
    (TRUSTED_PROXIES, default loopback: nginx in `make run-prod`), the last address that proxy
    put in X-Forwarded-For. A client elsewhere cannot choose its address this way."""
    peer = (peer or "").strip() or "unknown"
    if not forwarded_for:
        return peer
    try:
        peer_ip = ipaddress.ip_address(peer)
    except ValueError:
        return peer
    if not any(peer_ip in network for network in trusted_proxies()):
        return peer
    last = forwarded_for.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return peer


def log_failure(logger: logging.Logger, what: str, error: BaseException) -> None:
    """Log a failure by its type and where it happened, without its message or arguments
    (they may hold what the user typed)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    logger.error("%s: %s at %s (details not logged: they may hold user input)", what,
                 type(error).__name__, where)  # fmt: skip
