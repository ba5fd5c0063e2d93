"""Load and faults against the production set-up: PostgreSQL, Redis, N Rasa workers behind nginx.

``python -m bench.prod_faults`` (or ``make bench-prod``) starts the production set-up on
spare ports with its own PostgreSQL database and Redis db, then runs three scenarios of
``--users`` concurrent conversations × ``--messages`` messages over the REST channel:

- steady: no faults;
- worker killed: one Rasa worker is killed (SIGKILL) during the load and started again;
- database dropped: every PostgreSQL connection of the workers is terminated during the load.

Per scenario it prints throughput and p50/p95/p99, what the client was told failed, and
what the tracker store holds: every answered message must be there as a user event, once,
in order ("lost", "duplicated", "out of order" must be 0). Recovery time is measured from the
fault to the first answered message that was sent after it (and, for the worker, until the
restarted worker answers). Writes reports/prod_faults.json and .md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import string
import subprocess
import time
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import redis
from sqlalchemy import create_engine, text

from bench.load import SCRIPT
from bot.ops import prod
from bot.privacy.redaction import redact

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
REPORTS = ROOT / "reports"
ADMIN_DB = os.environ.get("BENCH_ADMIN_DB", "postgresql://postgres@127.0.0.1:5432/test")
BENCH_DB_NAME = "leerloket_bench"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
PUBLIC_PORT, ACTION_PORT = 5205, 5255


@dataclass
class Sent:
    sender: str
    index: int
    text: str
    started: float
    seconds: float
    ok: bool
    status: str


@dataclass
class Scenario:
    name: str
    sent: list[Sent] = field(default_factory=list)
    seconds: float = 0.0
    fault_at: float | None = None
    worker_back_s: float | None = None
    notes: list[str] = field(default_factory=list)


def bench_db_url() -> str:
    return ADMIN_DB.rsplit("/", 1)[0] + "/" + BENCH_DB_NAME


def fresh_database() -> None:
    admin = create_engine(ADMIN_DB, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"drop database if exists {BENCH_DB_NAME} with (force)"))
        conn.execute(text(f"create database {BENCH_DB_NAME}"))
    admin.dispose()
    redis.Redis.from_url(REDIS_URL).flushdb()


class Stack:
    """The production processes, started and stopped one by one so faults can be injected."""

    def __init__(self, workers: int, workdir: Path) -> None:
        self.workdir = workdir
        self.plan = prod.plan(workdir, workers, public_port=PUBLIC_PORT, action_port=ACTION_PORT)
        self.env = {
            **os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "DATABASE_URL": bench_db_url(),
            "REDIS_URL": REDIS_URL, "RASA_TOKEN": uuid.uuid4().hex,
            "ACTION_SERVER_URL": f"http://127.0.0.1:{ACTION_PORT}/webhook",
            "SANIC_HOST": "127.0.0.1",  # the action server on loopback, as bot/ops/prod.py runs it
            # Each conversation sends --messages quickly; the limit is not what is measured.
            "MESSAGES_PER_MINUTE": "1000",
            # Security settings of production (docs/security.md): the shared action secret,
            # the pseudonym key (required with PostgreSQL), and the REST channel the load uses.
            "ACTION_SERVER_TOKEN": uuid.uuid4().hex, "PSEUDONYM_KEY": uuid.uuid4().hex,
            "REST_CHANNEL": "on",
            # As scripts/run_prod.sh sets it (env var wins, to compare).
            "TICKET_LOCK_LIFETIME": os.environ.get("TICKET_LOCK_LIFETIME", "20"),
        }  # fmt: skip
        self.processes: dict[str, subprocess.Popen] = {}
        self.model = max((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)

    def _start(self, name: str, command: list[str]) -> None:
        log = open(self.workdir / f"{name}.log", "a")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log,
                                                stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip

    def start_worker(self, i: int) -> None:
        port = self.plan.worker_ports[i]
        self._start(f"rasa{i + 1}", [str(VENV / "python"), "-m", "bot.runtime", "run", "--enable-api",
                                     f"--auth-token={self.env['RASA_TOKEN']}", "--credentials", "credentials.yml",
                                     "--endpoints", str(self.workdir / "endpoints.yml"),
                                     "--model", str(self.model), "--port", str(port)])  # fmt: skip

    def start(self) -> float:
        started = time.monotonic()
        subprocess.run([str(VENV / "python"), "-m", "bot.runtime.endpoints", str(self.workdir / "endpoints.yml")],
                       cwd=ROOT, env=self.env, check=True)  # fmt: skip
        subprocess.run([str(VENV / "python"), "-m", "bot.kb", "load"], cwd=ROOT, env=self.env,
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        (self.workdir / "nginx.conf").write_text(prod.nginx_conf(self.plan))
        self._start("actions", [str(VENV / "python"), "-m", "bot.runtime", "run", "actions", "--actions", "actions",
                                "--port", str(ACTION_PORT)])  # fmt: skip
        for i in range(len(self.plan.worker_ports)):
            self.start_worker(i)
        self._start("nginx", ["nginx", "-c", str(self.workdir / "nginx.conf")])
        for port in self.plan.worker_ports:
            wait_until_up(f"http://127.0.0.1:{port}/health/ready", self)
        wait_until_up(f"http://127.0.0.1:{PUBLIC_PORT}/webhooks/rest/", self)
        return time.monotonic() - started

    def kill(self, name: str) -> None:
        os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait()

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def wait_until_up(url: str, stack: Stack, timeout: float = 180) -> float:
    started = time.monotonic()
    while not up(url):
        dead = [n for n, p in stack.processes.items() if p.poll() is not None]
        if dead or time.monotonic() - started > timeout:
            raise SystemExit(
                f"{url} did not come up ({dead or 'timeout'}); logs in {stack.workdir}"
            )
        time.sleep(0.5)
    return time.monotonic() - started


async def conversation(session: aiohttp.ClientSession, url: str, messages: int, scenario: Scenario,
                       t0: float) -> None:  # fmt: skip
    # Letters only: a REST id with a run of 9 digits is stored under a pseudonym.
    sender = f"prod-{scenario.name}-" + "".join(random.choices(string.ascii_lowercase, k=12))
    for index in range(messages):
        message = SCRIPT[index % len(SCRIPT)]
        started = time.monotonic()
        ok, status = False, "error"
        try:
            async with session.post(url, json={"sender": sender, "message": message}) as response:
                body = await response.read()
                status = str(response.status)
                ok = response.status == 200 and isinstance(json.loads(body), list)
        except (TimeoutError, aiohttp.ClientError, json.JSONDecodeError) as error:
            status = type(error).__name__
        scenario.sent.append(
            Sent(sender, index, message, started - t0, time.monotonic() - started, ok, status)
        )


async def run_scenario(stack: Stack, name: str, users: int, messages: int) -> Scenario:
    scenario = Scenario(name)
    url = f"http://127.0.0.1:{PUBLIC_PORT}/webhooks/rest/webhook"
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=users * 2), timeout=timeout
    ) as session:
        t0 = time.monotonic()
        load = asyncio.gather(
            *(conversation(session, url, messages, scenario, t0) for _ in range(users))
        )
        if name != "steady":
            await asyncio.sleep(3)
            scenario.fault_at = time.monotonic() - t0
            if name == "worker_killed":
                stack.kill("rasa1")
                scenario.notes.append("rasa1 killed with SIGKILL; restarted at once")
                stack.start_worker(0)
                back = await asyncio.to_thread(
                    wait_until_up,
                    f"http://127.0.0.1:{stack.plan.worker_ports[0]}/health/ready",
                    stack,
                )
                scenario.worker_back_s = round(back, 1)
            else:
                killed = await asyncio.to_thread(drop_connections)
                scenario.notes.append(f"{killed} PostgreSQL connections terminated")
        await load
        scenario.seconds = time.monotonic() - t0
    return scenario


def scrape(port: int) -> dict[str, float]:
    """A process's own /metrics (bot/ops/metrics.py), summed over labels."""
    from prometheus_client.parser import text_string_to_metric_families

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        text_ = response.read().decode()
    values: dict[str, float] = defaultdict(float)
    for family in text_string_to_metric_families(text_):
        for sample in family.samples:
            values[sample.name] += sample.value
    return values


def sizes(stack: Stack) -> dict:
    """What each process holds and what the workers counted, from their /metrics."""
    workers = [scrape(port) for port in stack.plan.worker_ports]
    actions = scrape(ACTION_PORT)
    mb = 1024 * 1024
    return {
        "rasa_rss_mb": [round(w["process_resident_memory_bytes"] / mb) for w in workers],
        "rasa_cpu_s": [round(w["process_cpu_seconds_total"], 1) for w in workers],
        "actions_rss_mb": round(actions["process_resident_memory_bytes"] / mb),
        "actions_cpu_s": round(actions["process_cpu_seconds_total"], 1),
        "messages_counted": int(sum(w["leerloket_messages_total"] for w in workers)),
        "db_retries_counted": int(sum(w["leerloket_db_retries_total"] for w in workers)),
        "turn_errors_counted": int(sum(w["leerloket_turn_errors_total"] for w in workers)),
    }


def drop_connections() -> int:
    admin = create_engine(ADMIN_DB, future=True)
    with admin.connect() as conn:
        killed = conn.execute(text(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity "
            "where datname = :db and pid <> pg_backend_pid()"), {"db": BENCH_DB_NAME}).scalar_one()  # fmt: skip
    admin.dispose()
    return int(killed)


def stored_user_texts(senders: set[str]) -> dict[str, list[str]]:
    engine = create_engine(bench_db_url(), future=True)
    stored: dict[str, list[str]] = defaultdict(list)
    with engine.connect() as conn:
        rows = conn.execute(text("select sender_id, data from events where type_name = 'user' "
                                 "and sender_id like 'prod-%' order by id")).all()  # fmt: skip
    engine.dispose()
    for sender, data in rows:
        if sender in senders:
            stored[sender].append(json.loads(data).get("text") or "")
    return stored


def check(scenario: Scenario) -> dict:
    by_sender: dict[str, list[Sent]] = defaultdict(list)
    for item in scenario.sent:
        by_sender[item.sender].append(item)
    stored = stored_user_texts(set(by_sender))
    lost = duplicated = out_of_order = failed_but_stored = 0
    for sender, items in by_sender.items():
        items.sort(key=lambda s: s.index)
        texts = stored.get(sender, [])
        duplicated += len(texts) - len(set(texts))
        answered = [redact(s.text) for s in items if s.ok]
        lost += sum(1 for t in answered if t not in texts)
        failed_but_stored += sum(1 for s in items if not s.ok and redact(s.text) in texts)
        in_store = [t for t in texts if t in answered]
        out_of_order += int(in_store != [t for t in answered if t in texts])
    latencies = sorted(s.seconds for s in scenario.sent if s.ok)

    def pct(p: float) -> float:
        return (
            round(
                latencies[min(len(latencies) - 1, round(p / 100 * (len(latencies) - 1)))] * 1000, 1
            )
            if latencies
            else float("nan")
        )

    failures = [s for s in scenario.sent if not s.ok]
    recovery = None
    if scenario.fault_at is not None:
        after = [s for s in scenario.sent if s.started >= scenario.fault_at]
        first_ok = min((s.started + s.seconds for s in after if s.ok), default=None)
        last_failure = max((s.started + s.seconds for s in failures), default=scenario.fault_at)
        recovery = round(max(first_ok or 0, last_failure) - scenario.fault_at, 2) if after else None
    return {
        "scenario": scenario.name, "messages": len(scenario.sent),
        "answered": len(latencies), "told_failed": len(failures),
        "failure_kinds": sorted({s.status for s in failures}),
        "lost": lost, "duplicated": duplicated, "conversations_out_of_order": out_of_order,
        "failed_but_stored": failed_but_stored,
        "seconds": round(scenario.seconds, 1),
        "throughput_msg_s": round(len(latencies) / scenario.seconds, 1) if scenario.seconds else 0,
        "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
        "recovery_s": recovery, "restarted_worker_up_s": scenario.worker_back_s,
        "notes": scenario.notes,
    }  # fmt: skip


def write_report(results: list[dict], meta: dict) -> None:
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "prod_faults.json").write_text(
        json.dumps({"meta": meta, "results": results}, indent=2)
    )
    columns = ["scenario", "messages", "answered", "told_failed", "lost", "duplicated",
               "conversations_out_of_order", "failed_but_stored", "throughput_msg_s", "p50_ms",
               "p95_ms", "p99_ms", "recovery_s", "restarted_worker_up_s"]  # fmt: skip
    lines = ["# Production set-up under load and faults", "",
             f"`python -m bench.prod_faults` — {meta['users']} conversations × {meta['messages']} "
             f"messages over REST, {meta['workers']} Rasa workers behind nginx, PostgreSQL "
             f"tracker store, Redis lock store (lock lifetime {meta['lock_lifetime_s']} s); "
             f"{meta['machine']}. Start-up of the whole set-up: {meta['startup_s']} s.", "",
             "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]  # fmt: skip
    lines += ["| " + " | ".join(str(r[c]) for c in columns) + " |" for r in results]
    lines += ["", "lost: answered (200) but not in the tracker store; duplicated: a user event "
              "stored twice; failed_but_stored: the client was told it failed, but the message "
              "was processed (the reply was lost with the worker).", ""]  # fmt: skip
    lines += [f"- {r['scenario']}: {'; '.join(r['notes'])}" for r in results if r["notes"]]
    size = meta["sizes"]
    lines += ["", "Sizes and counters at the end, from each process's /metrics (the restarted "
              f"worker counts from its restart): Rasa workers {size['rasa_rss_mb']} MB RSS, "
              f"{size['rasa_cpu_s']} s CPU; action server {size['actions_rss_mb']} MB RSS, "
              f"{size['actions_cpu_s']} s CPU; messages counted {size['messages_counted']}, "
              f"database retries {size['db_retries_counted']}, failed turns "
              f"{size['turn_errors_counted']}."]  # fmt: skip
    (REPORTS / "prod_faults.md").write_text("\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    workdir = ROOT / "var" / "bench-prod"
    workdir.mkdir(parents=True, exist_ok=True)
    for log in workdir.glob("*.log"):
        log.unlink()
    fresh_database()
    stack = Stack(args.workers, workdir)
    try:
        startup = stack.start()
        print(f"production set-up up in {startup:.1f} s ({args.workers} workers)")
        results = []
        for name in ("steady", "worker_killed", "database_dropped"):
            result = check(asyncio.run(run_scenario(stack, name, args.users, args.messages)))
            results.append(result)
            print(json.dumps(result))
        measured = sizes(stack)
    finally:
        stack.stop()
    meta = {"users": args.users, "messages": args.messages, "workers": args.workers,
            "startup_s": round(startup, 1), "machine": f"{os.cpu_count()} cores",
            "lock_lifetime_s": int(stack.env["TICKET_LOCK_LIFETIME"]), "sizes": measured}  # fmt: skip
    write_report(results, meta)
    print((REPORTS / "prod_faults.md").read_text())


if __name__ == "__main__":
    main()
