"""Smoke runs of the benchmarks: they work end to end; the real runs are `python bench/...`."""

from __future__ import annotations

import json

import pytest

from dashboard import ids
from dashboard.app import CALLBACK_PATH, create_app
from tests.conftest import SEED, load_bench


def test_bench001_load_smoke_serves_every_request():
    figures = load_bench("load").run(SEED, seconds=2.0, users=2, workers=2)
    assert figures["requests"] > 20
    assert figures["errors"] == {}  # every answer read, none empty or wrong
    assert set(figures["by_kind"]) == {"page", "filter", "actor click", "edge click"}
    assert figures["memory_kb_before"] > 0 and figures["memory_kb_after"] > 0


@pytest.fixture(scope="module")
def answers(seed_dataset):
    """Real answers of the seed's app to the load test's requests, by the test client."""
    load = load_bench("load")
    client = create_app(seed_dataset).server.test_client()
    panel = [(ids.PANEL, "children")]
    articles = (ids.ARTICLE_FILTER, "value", ["iran-russia-treaty"])

    def post(selection):
        inputs = [
            (ids.SELECTION, "data", selection),
            (ids.RELATION_FILTER, "value", ["meets"]),
            articles,
        ]
        return client.post(CALLBACK_PATH, json=load.callback(panel, inputs)).data

    return {
        "iran": post({"kind": "actor", "id": "iran"}),
        "nothing": post(None),
        "edge": post({"kind": "edge", "id": "iran/supplies_weapons/russia/stated"}),
    }


def test_bench002_load_counts_empty_and_wrong_answers_as_errors(answers):
    load = load_bench("load")

    def iran(body):
        return load._panel(body)[0]["props"]["children"] == "Iran"

    assert load.answer_problem((0.1, 200, answers["iran"]), iran) is None
    assert load.answer_problem((0.1, 200, b""), iran) == "empty answer"
    no_update = json.dumps({"multi": True, "response": {}}).encode()
    assert load.answer_problem((0.1, 200, no_update), iran) == "wrong answer"
    assert load.answer_problem((0.1, 200, answers["nothing"]), iran) == "wrong answer"
    assert load.answer_problem((0.1, 200, b"<html>oops"), iran) == "wrong answer"
    assert load.answer_problem((0.1, 500, answers["iran"]), iran) == "500"
    edge = "iran/supplies_weapons/russia/stated"
    assert edge in load._link_edges(load._panel(answers["edge"]))
    assert edge not in load._link_edges(load._panel(answers["iran"]))
