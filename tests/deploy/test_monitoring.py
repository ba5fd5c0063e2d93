"""deploy/monitoring: the alert rules and the Grafana dashboard ask only for metrics that the
processes export (bot/ops/metrics.py), and the three alerts an operator needs first exist."""

from __future__ import annotations

import json
import re

import yaml
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine

from bot.ops import metrics
from tests.conftest import ROOT

MONITORING = ROOT / "deploy" / "monitoring"
NAME = re.compile(r"\b((?:leerloket|process)_[a-z_]+)\b")
SUFFIXES = ("_bucket", "_count", "_sum", "_total")


def exported(tmp_path) -> set[str]:
    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}", future=True)
    metrics.register_handoff_metrics(lambda: engine)
    body, _ = metrics.render()
    names = set()
    for family in text_string_to_metric_families(body.decode()):
        names.update(sample.name for sample in family.samples)
        names.add(family.name)
    return names


def base(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def test_rules_and_dashboard_use_exported_metrics(tmp_path) -> None:
    names = exported(tmp_path)
    assert {"leerloket_handoffs_waiting", "leerloket_handoff_oldest_wait_seconds"} <= names
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text())["groups"][0]["rules"]
    dashboard = json.loads((MONITORING / "grafana-dashboard.json").read_text())
    queries = [rule["expr"] for rule in rules] + [
        target["expr"] for panel in dashboard["panels"] for target in panel["targets"]
    ]
    for query in queries:
        for name in NAME.findall(query):
            assert name in names or base(name) in {base(n) for n in names}, (name, query)


def test_the_first_alerts_an_operator_needs() -> None:
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text())["groups"][0]["rules"]
    by_name = {rule["alert"]: rule for rule in rules}
    assert "leerloket_turn_errors_total" in by_name["LeerloketErrorRate"]["expr"]
    assert "histogram_quantile(0.95" in by_name["LeerloketSlowTurns"]["expr"]
    assert (
        "leerloket_handoff_oldest_wait_seconds" in by_name["LeerloketHandoffWaitingTooLong"]["expr"]
    )
    for rule in rules:
        assert rule["for"] and rule["labels"]["severity"] and rule["annotations"]["summary"]
