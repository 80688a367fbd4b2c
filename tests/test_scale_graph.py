"""dashboard.graph at scale: the edge index and the graph build."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dashboard.dataset import load_dataset
from dashboard.graph import NetworkModel

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> NetworkModel:
    """A generated dataset of 700 actors."""
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    folder = tmp_path_factory.mktemp("generated") / "n700"
    generate.generate(folder, 700, seed=2)
    return NetworkModel.from_dataset(load_dataset(folder))


# The edge index and the graph build


def test_scale109_edges_of_matches_a_scan_for_every_actor(large):
    edges = large.edges
    for actor in [*large.dataset.actors.index, "atlantis"]:
        scanned = edges[(edges["source"] == actor) | (edges["target"] == actor)]
        assert large.edges_of(actor).equals(scanned), actor
    assert large.edges_of("atlantis").empty
    assert list(large.edges_of("atlantis").columns) == list(edges.columns)


def test_scale110_graph_attributes_are_plain_python_values(large):
    for _, data in large.graph.nodes(data=True):
        assert {type(value) for value in data.values()} == {str}
    for _, _, key, data in large.graph.edges(keys=True, data=True):
        assert type(key) is str
        assert [type(data[name]) for name in ("relation", "certainty", "directed", "weight")] == [
            str,
            str,
            bool,
            int,
        ]
