"""Load generator for the REST channel: concurrent conversations, latency and throughput.

``python -m bench.load --url http://127.0.0.1:5005 --users 20 --messages 20`` prints the
figures; used by bench/run.py (Leerloket vs stock Rasa) and bench/prod_faults.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
import uuid
from dataclasses import dataclass, field

import aiohttp

# A mixed Dutch conversation: small talk, knowledge answers, a form, follow-ups.
SCRIPT = (
    "hallo",
    "wat is evc",
    "en is dat gratis",
    "wie betaalt mijn opleiding",
    "45",
    "ik werk in loondienst",
    "ander werk",
    "mbo 2",
    "wat is het levenlanglerenkrediet",
    "waar kan ik in zwolle leren lezen",
    "ben jij een robot",
    "wat kun je allemaal",
    "ik zoek loopbaanadvies",
    "8011",
    "wat is een learning city",
    "hoe meld ik me aan",
    "dank je wel",
    "ik wil beter leren rekenen",
    "laat maar",
    "doei",
)


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    empty_replies: int = 0
    sent: int = 0
    senders: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict:
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            if not ordered:
                return float("nan")
            return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000

        return {
            "messages": self.sent,
            "answered": len(self.latencies),
            "failures": self.failures,
            "empty_replies": self.empty_replies,
            "seconds": round(self.seconds, 2),
            "throughput_msg_s": round(len(self.latencies) / self.seconds, 1) if self.seconds else 0,
            "p50_ms": round(pct(50), 1),
            "p95_ms": round(pct(95), 1),
            "p99_ms": round(pct(99), 1),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else float("nan"),
        }


async def conversation(
    session: aiohttp.ClientSession,
    url: str,
    messages: int,
    result: Result,
    script: tuple[str, ...] = SCRIPT,
    retries: int = 0,
    think: tuple[float, float] | None = None,
    seed: int = 0,
) -> None:
    """One sender's conversation; with `think` = (shortest, longest) seconds, the sender
    waits that long (uniformly drawn) after each answer before the next message, as a person
    reading and typing does; without it the next message goes at once."""
    pace = random.Random(seed)
    sender = f"load-{uuid.uuid4().hex[:12]}"
    result.senders.append(sender)
    for i in range(messages):
        if think and i:
            await asyncio.sleep(pace.uniform(*think))
        text = script[i % len(script)]
        body = {"sender": sender, "message": text}
        result.sent += 1
        for attempt in range(retries + 1):
            started = time.perf_counter()
            try:
                async with session.post(f"{url}/webhooks/rest/webhook", json=body) as response:
                    payload = await response.read()
                    if response.status != 200:
                        raise aiohttp.ClientResponseError(
                            response.request_info, (), status=response.status
                        )
                replies = json.loads(payload)
                result.latencies.append(time.perf_counter() - started)
                if not replies:
                    result.empty_replies += 1
                break
            except (TimeoutError, aiohttp.ClientError, json.JSONDecodeError):
                if attempt == retries:
                    result.failures += 1
                else:
                    await asyncio.sleep(0.5)


async def run_load(
    url: str,
    users: int,
    messages: int,
    timeout: float = 30.0,
    retries: int = 0,
    think: tuple[float, float] | None = None,
) -> Result:
    result = Result()
    connector = aiohttp.TCPConnector(limit=users * 2)
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=client_timeout) as session:
        started = time.perf_counter()
        await asyncio.gather(
            *(
                conversation(session, url, messages, result, retries=retries, think=think, seed=n)
                for n in range(users)
            )
        )
        result.seconds = time.perf_counter() - started
    return result


async def sequential(url: str, messages: int) -> Result:
    return await run_load(url, users=1, messages=messages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--think", type=float, nargs=2, metavar=("MIN_S", "MAX_S"),
                        help="seconds a sender waits after an answer (default: none)")  # fmt: skip
    args = parser.parse_args()
    think = tuple(args.think) if args.think else None
    result = asyncio.run(run_load(args.url, args.users, args.messages, think=think))
    print(json.dumps(result.summary(), indent=2))


if __name__ == "__main__":
    main()
