"""What an operator needs from inside Rasa's and the action server's own Sanic apps.

Rasa 3.6 has no hook to add routes to its server, to time a turn or to see a failed action
call, so these wrap the functions that do it (each calls Rasa's original unchanged):

- ``rasa.core.run.configure_app``: the server also answers ``/health/live``,
  ``/health/ready`` (model loaded, database, Redis, KB; `bot.ops.health`) and ``/metrics``;
- ``Agent.handle_message``: messages per channel, turn latency (lock wait included) and
  failed turns; the turn id (the message id) for the log lines of the turn;
- ``RemoteAction.run``: custom action calls that failed (server unreachable, bad status,
  invalid response); a form's rejection is a normal answer and is not counted;
- ``rasa_sdk.endpoint.create_app``: the action server also answers ``/health/live``,
  ``/health/ready`` (database, KB) and ``/metrics``;
- ``ActionExecutor.run``: actions run, actions that raised, fallbacks; the turn id from the
  tracker Rasa sent;
- ``coloredlogs.install`` (how Rasa and the SDK set up logging): JSON lines instead when
  ``LOG_FORMAT=json`` (`bot.ops.logs`).

On SIGTERM Sanic stops accepting connections and lets requests in flight finish for
``SANIC_GRACEFUL_SHUTDOWN_TIMEOUT`` seconds (15 by default), so the turn in flight is
answered and saved before the process exits; nothing here changes that.
"""

from __future__ import annotations

import os
import time
from typing import Any

import aiohttp
import coloredlogs
import rasa.core.run
import rasa_sdk.endpoint
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.agent import Agent
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection as SdkRejection

from bot.ops import logs, metrics
from bot.runtime.patches._patch import Patch

_configure_app = rasa.core.run.configure_app
_handle_message = Agent.handle_message
_remote_run = RemoteAction.run
_sdk_create_app = rasa_sdk.endpoint.create_app
_executor_run = ActionExecutor.run
_coloredlogs_install = coloredlogs.install


def _add_ops_routes(app: Any, readiness: Any) -> None:
    from sanic import response

    async def live(_request: Any) -> Any:
        return response.json({"status": "ok"})

    async def ready(_request: Any) -> Any:
        verdict = await readiness.evaluate()
        return response.json(verdict.body(), status=verdict.status)

    async def metrics_text(_request: Any) -> Any:
        body, content_type = metrics.render()
        return response.raw(body, content_type=content_type)

    app.add_route(live, "/health/live", methods=["GET"], name="leerloket_live")
    app.add_route(ready, "/health/ready", methods=["GET"], name="leerloket_ready")
    app.add_route(metrics_text, "/metrics", methods=["GET"], name="leerloket_metrics")
    if logs.json_wanted():
        logs.adopt_handlers()  # Sanic's own loggers, set up with the app
    metrics.serve_metrics_port_from_env()


def configure_app(*args: Any, **kwargs: Any) -> Any:
    """Rasa's `configure_app`, with the health and metrics routes added."""
    app = _configure_app(*args, **kwargs)
    from bot.ops.health import Readiness

    logs.install("rasa")

    def model_ready() -> bool:
        agent = getattr(app.ctx, "agent", None)
        return bool(agent is not None and agent.is_ready())

    _add_ops_routes(app, Readiness.for_process("rasa", model_ready))
    return app


async def handle_message(self: Agent, message: Any) -> Any:
    """Rasa's `Agent.handle_message`, counted and timed per channel, with the turn id set."""
    channel = metrics.channel_label(getattr(message, "input_channel", None))
    metrics.MESSAGES.labels(channel).inc()
    token = logs.TURN_ID.set(getattr(message, "message_id", None))
    started = time.perf_counter()
    try:
        return await _handle_message(self, message)
    except Exception:
        metrics.TURN_ERRORS.labels(channel).inc()
        raise
    finally:
        metrics.TURN_SECONDS.labels(channel).observe(time.perf_counter() - started)
        logs.TURN_ID.reset(token)


def _call_error_kind(error: BaseException) -> str:
    cause = error.__cause__ or error.__context__
    if isinstance(cause, aiohttp.ClientConnectionError):
        return "unreachable"
    if isinstance(cause, aiohttp.ClientError):
        return "status"
    if type(error).__name__ == "ValidationError":
        return "invalid_response"
    return "other"


async def remote_run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
    """Rasa's `RemoteAction.run`; a failed call is counted by kind."""
    try:
        return await _remote_run(self, *args, **kwargs)
    except ActionExecutionRejection:
        raise
    except Exception as error:
        metrics.ACTION_SERVER_ERRORS.labels(_call_error_kind(error)).inc()
        raise


def sdk_create_app(*args: Any, **kwargs: Any) -> Any:
    """The SDK's `create_app`, with the health and metrics routes added."""
    app = _sdk_create_app(*args, **kwargs)
    from bot.ops.health import Readiness

    logs.install("actions")
    _add_ops_routes(app, Readiness.for_process("actions"))
    return app


async def executor_run(self: ActionExecutor, action_call: dict[str, Any]) -> Any:
    """The SDK's `ActionExecutor.run`, counted per action, with Rasa's turn id set."""
    name = action_call.get("next_action")
    label = name if name in self.actions else "unknown"
    latest = (action_call.get("tracker") or {}).get("latest_message") or {}
    token = logs.TURN_ID.set(latest.get("message_id"))
    try:
        result = await _executor_run(self, action_call)
    except SdkRejection:  # a form asking again: a normal answer
        metrics.ACTIONS.labels(label).inc()
        raise
    except Exception:
        metrics.ACTION_ERRORS.labels(label).inc()
        raise
    finally:
        logs.TURN_ID.reset(token)
    metrics.ACTIONS.labels(label).inc()
    if name in metrics.FALLBACK_ACTIONS:
        metrics.record_fallback()
    return result


def install_logging(*args: Any, **kwargs: Any) -> Any:
    """`coloredlogs.install`, or JSON lines when LOG_FORMAT=json."""
    if logs.json_wanted() and kwargs.get("logger") is None:
        level = kwargs.get("level") or (args[0] if args else None)
        logs.use_json(level or os.environ.get("LOG_LEVEL") or "INFO")  # coloredlogs' default
        return None
    return _coloredlogs_install(*args, **kwargs)


PATCHES = (
    Patch("ops_server_routes", rasa.core.run, "configure_app", configure_app),
    Patch("ops_turn_metrics", Agent, "handle_message", handle_message),
    Patch("ops_action_call_errors", RemoteAction, "run", remote_run),
    Patch("ops_action_server_routes", rasa_sdk.endpoint, "create_app", sdk_create_app),
    Patch("ops_action_metrics", ActionExecutor, "run", executor_run),
    Patch("ops_json_logs", coloredlogs, "install", install_logging),
)
