"""Makes Sanic 21.12's websockets work on Python 3.11.

Sanic 21.12 passes a bare coroutine to `asyncio.wait`, which Python 3.11 refuses
("Passing coroutines is forbidden"), so every websocket `recv` fails and socket.io
clients on the websocket transport never get a message through. The fix gives Sanic's
websocket module an `asyncio` whose `wait` wraps coroutines in tasks first, as 3.10 did.
"""

from __future__ import annotations

import asyncio
import types
from collections.abc import Iterable
from typing import Any

from sanic.server.websockets import impl


def _wait(aws: Iterable[Any], *args: Any, **kwargs: Any) -> Any:
    return asyncio.wait([asyncio.ensure_future(aw) for aw in aws], *args, **kwargs)


def install() -> None:
    if getattr(impl.asyncio, "leerloket_compat", False):
        return
    shim = types.SimpleNamespace(
        **{n: getattr(asyncio, n) for n in dir(asyncio) if not n.startswith("__")}
    )
    shim.wait = _wait
    shim.leerloket_compat = True
    impl.asyncio = shim
