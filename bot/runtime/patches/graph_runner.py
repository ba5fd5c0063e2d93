"""Rasa's prediction graphs, run one node after another without dask.

Rasa runs its NLU and policy graphs through `dask.get` on every message (twice or more a
turn): it builds the minimal schema for the targets, a dask task graph and a scheduler's
bookkeeping each time, about a seventh of the server's time under load (py-spy). Inference
graphs are small and run on one thread anyway, so this runner keeps, per set of targets, the
nodes in dependency order and calls them in that order with the same arguments dask would
pass. Same nodes, same inputs, same outputs; training keeps Rasa's runner.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner


class SequentialGraphRunner(DaskGraphRunner):
    """A `GraphRunner` that executes the needed nodes in dependency order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._orders: dict[tuple[str, ...], list[str]] = {}

    def run(
        self, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
    ) -> dict[str, Any]:
        run_targets = targets if targets else self._graph_schema.target_names
        results: dict[str, Any] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and value in self._graph_schema.nodes:
                raise GraphRunError(
                    f"Input value '{value}' clashes with a node name. Make sure that none of "
                    f"the input names passed to the `run` method are the same as node names in "
                    f"the graph schema."
                )
            # Dask hands a node an input as this tuple; GraphNode expects it so.
            results[name] = (name, value)
        nodes = self._graph_schema.nodes
        try:
            for name in self._order(tuple(run_targets)):
                needs = nodes[name].needs.values()
                results[name] = self._instantiated_nodes[name](*(results[n] for n in needs))
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e
        return dict(results[target] for target in run_targets)

    def _order(self, targets: tuple[str, ...]) -> list[str]:
        """The nodes the targets depend on (and the targets), each after what it needs."""
        if targets not in self._orders:
            nodes = self._graph_schema.nodes
            order: list[str] = []
            placed: set[str] = set()

            def place(name: str) -> None:
                if name in placed or name not in nodes:  # not a node: an input
                    return
                placed.add(name)
                for need in nodes[name].needs.values():
                    place(need)
                order.append(name)

            for target in targets:
                place(target)
            self._orders[targets] = order
        return self._orders[targets]
