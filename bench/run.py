"""`make bench`: Leerloket against stock Rasa 3.6, same data, same machine, runs interleaved.

For each config: training time, start-up time until the REST channel answers, resident
memory of the Rasa process, sequential p50/p95, throughput and p95 with 20 concurrent
senders that send the next message as soon as the answer is in (the server's capacity), p50
and p95 with the same 20 senders pausing 1-3 s between an answer and their next message (a
burst of people chatting), and intent macro-F1 on the held-out split. Medians over --rounds runs.
Writes reports/bench.json, reports/bench.md and reports/bench.png.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.load import run_load

ROOT = Path(__file__).resolve().parent.parent
STOCK_RASA = [str(ROOT / ".venv" / "bin" / "rasa")]
# Leerloket runs through its launcher, which installs the Rasa patches (bot.runtime.patches).
LEERLOKET_RASA = [str(ROOT / ".venv" / "bin" / "python"), "-m", "bot.runtime"]


def rasa(name: str) -> list[str]:
    return STOCK_RASA if name == "stock" else LEERLOKET_RASA


PYTHON = str(ROOT / ".venv" / "bin" / "python")
REPORTS = ROOT / "reports"
CONFIGS = {"leerloket": ROOT / "config.yml", "stock": ROOT / "bench" / "configs" / "stock.yml"}
# Stock Rasa runs with Rasa's own REST channel only: none of our code in its server.
CREDENTIALS = {"leerloket": ROOT / "credentials.yml",
               "stock": ROOT / "bench" / "configs" / "stock_credentials.yml"}  # fmt: skip
RASA_PORT, ACTION_PORT = 5095, 5096
# The 20 senders again, each reading and typing 1-3 s after an answer (all start at once).
THINK = (1.0, 3.0)


def env(workdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{ACTION_PORT}/webhook",
        # Rasa caches trained components between runs; a benchmark must train from scratch.
        "RASA_MAX_CACHE_SIZE": "0",
        # The per-sender limit (20 a minute) is not what is measured.
        "MESSAGES_PER_MINUTE": "100000",
        # The action server refuses calls without the shared secret (actions/__init__.py).
        "ACTION_SERVER_TOKEN": os.environ.get("ACTION_SERVER_TOKEN") or "bench-action-token",
    }


def train(name: str, workdir: Path) -> tuple[Path, float]:
    started = time.monotonic()
    subprocess.run(
        [*rasa(name), "train", "--config", str(CONFIGS[name]), "--domain", "domain", "--data", "data",
         "--out", str(workdir), "--fixed-model-name", name, "--quiet"],
        cwd=ROOT, env=env(workdir), check=True, capture_output=True,
    )  # fmt: skip
    return workdir / f"{name}.tar.gz", time.monotonic() - started


def intent_f1(model: Path, workdir: Path) -> float:
    out = workdir / f"nlu-{model.stem}"
    subprocess.run(
        [*rasa(model.stem), "test", "nlu", "--nlu", "tests/nlu/heldout.yml", "--model", str(model),
         "--out", str(out), "--no-plot"],
        cwd=ROOT, env=env(workdir), check=True, capture_output=True,
    )  # fmt: skip
    report = json.loads((out / "intent_report.json").read_text())
    return report["macro avg"]["f1-score"]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (Rasa may fork helpers)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        status = Path(f"/proc/{p}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def wait_for(url: str, timeout: float = 400) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            body = json.dumps({"sender": "bench-ping", "message": "hallo"}).encode()
            request = urllib.request.Request(
                url, data=body, headers={"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200 and json.loads(response.read()):
                    return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


def write_endpoints(name: str, workdir: Path) -> Path:
    """Leerloket's endpoints; stock Rasa gets Rasa's own SQL tracker store on the same file."""
    endpoints = workdir / f"endpoints-{name}.yml"
    subprocess.run(
        [PYTHON, "-m", "bot.runtime.endpoints", str(endpoints)],
        cwd=ROOT,
        env=env(workdir),
        check=True,
    )
    if name == "stock":
        text = endpoints.read_text().replace(
            "bot.runtime.stores.tracker_store.RedactingSQLTrackerStore", "SQL"
        )
        endpoints.write_text(text)
    return endpoints


def measure_server(name: str, model: Path, workdir: Path, users: int, messages: int) -> dict:
    endpoints = write_endpoints(name, workdir)
    log = open(workdir / f"rasa-{model.stem}.log", "w")  # noqa: SIM115
    started = time.monotonic()
    server = subprocess.Popen(
        [*rasa(name), "run", "--port", str(RASA_PORT), "--model", str(model), "--endpoints", str(endpoints),
         "--credentials", str(CREDENTIALS[name])],
        cwd=ROOT, env=env(workdir), stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{RASA_PORT}"
    try:
        wait_for(f"{url}/webhooks/rest/webhook")
        startup = time.monotonic() - started
        seq = asyncio.run(run_load(url, users=1, messages=40)).summary()
        conc = asyncio.run(run_load(url, users=users, messages=messages)).summary()
        paced = asyncio.run(run_load(url, users=users, messages=messages, think=THINK)).summary()
        memory = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return {
        "startup_s": round(startup, 1),
        "rss_mb": round(memory),
        "seq_p50_ms": seq["p50_ms"],
        "seq_p95_ms": seq["p95_ms"],
        "conc_throughput_msg_s": conc["throughput_msg_s"],
        "conc_p95_ms": conc["p95_ms"],
        "conc_failures": conc["failures"],
        "paced_p50_ms": paced["p50_ms"],
        "paced_p95_ms": paced["p95_ms"],
        "paced_failures": paced["failures"],
    }


def median_of(runs: list[dict]) -> dict:
    return {key: round(statistics.median(r[key] for r in runs), 1) for key in runs[0]}


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metrics = [("train_s", "training (s)"), ("startup_s", "start-up (s)"), ("rss_mb", "memory (MB)"),
               ("conc_throughput_msg_s", "msg/s at 20 senders"), ("conc_p95_ms", "p95 at 20 senders (ms)"),
               ("paced_p95_ms", "p95, 20 people typing (ms)"),
               ("macro_f1", "intent macro-F1")]  # fmt: skip
    fig, axes = plt.subplots(1, len(metrics), figsize=(3 * len(metrics), 3))
    for ax, (key, label) in zip(axes, metrics, strict=True):
        names = list(results)
        ax.bar(names, [results[n][key] for n in names], color=["#00689e", "#999999"])
        ax.set_title(label, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--messages", type=int, default=10)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="leerloket-bench-"))
    actions = subprocess.Popen(
        [*LEERLOKET_RASA, "run", "actions", "--actions", "actions", "--port", str(ACTION_PORT)],
        cwd=ROOT, env=env(workdir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    subprocess.run([PYTHON, "-m", "bot.kb", "load"], cwd=ROOT, env=env(workdir), check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    try:
        models, results = {}, {}
        for name in CONFIGS:
            model, seconds = train(name, workdir)
            models[name] = model
            results[name] = {
                "train_s": round(seconds, 1),
                "macro_f1": round(intent_f1(model, workdir), 4),
            }
            print(name, results[name], flush=True)
        runs: dict[str, list[dict]] = {name: [] for name in CONFIGS}
        for round_number in range(args.rounds):
            for name in CONFIGS:  # interleaved: leerloket, stock, leerloket, stock, ...
                run = measure_server(name, models[name], workdir, args.users, args.messages)
                print(f"round {round_number + 1} {name}: {run}", flush=True)
                runs[name].append(run)
        for name in CONFIGS:
            results[name].update(median_of(runs[name]))
    finally:
        actions.terminate()
        shutil.rmtree(workdir, ignore_errors=True)
    ours, stock = results["leerloket"], results["stock"]
    ratios = {
        "throughput_x": round(ours["conc_throughput_msg_s"] / stock["conc_throughput_msg_s"], 1),
        "startup_x": round(stock["startup_s"] / ours["startup_s"], 1),
        "train_x": round(stock["train_s"] / ours["train_s"], 1),
        "memory_x": round(stock["rss_mb"] / ours["rss_mb"], 1),
    }
    REPORTS.mkdir(exist_ok=True)
    report = {"rounds": args.rounds, "results": results, "ratios": ratios}
    (REPORTS / "bench.json").write_text(json.dumps(report, indent=2))
    plot(results, REPORTS / "bench.png")
    keys = list(ours)
    lines = ["| metric | leerloket | stock Rasa 3.6 |", "|---|---|---|"]
    lines += [f"| {k} | {ours[k]} | {stock[k]} |" for k in keys]
    lines += ["", "Ratios: " + ", ".join(f"{k} {v}" for k, v in ratios.items())]
    (REPORTS / "bench.md").write_text("# Benchmark (make bench)\n\n" + "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
