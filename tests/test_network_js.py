"""The small figure that assets/network.js draws in the browser (``smallFigure``, behind the
clientside ``follow_view``), run by Node.js: for every view it draws, it must be the very figure
the server draws for that view (``figure_dict``), from a figure of the same key.

The oracle is the server's figure; the cases cover what the browser follows (the relation
filter, an actor or a relation selected, the focus) over bases of other layouts, sizes and
article filters.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess

import pytest

from dashboard.figure import figure_dict, nodes_key
from dashboard.graph import NetworkModel
from dashboard.settings import ASSETS_DIR as ASSETS
from dashboard.state import ViewState, to_controls
from tests.conftest import state_of

NODE = shutil.which("node") or shutil.which("nodejs")

# network.js in a stand-in window, then smallFigure on each case of the JSON file named on the
# command line: [{base, relations, selection, focus}], each answer printed as JSON.
HARNESS = """
const fs = require("fs");
const [file, casesFile] = process.argv.slice(1);
global.window = { dash_clientside: {} };
global.document = { addEventListener: () => {} };
eval(fs.readFileSync(file, "utf8"));
const { bases, cases } = JSON.parse(fs.readFileSync(casesFile, "utf8"));
console.log(JSON.stringify(cases.map(c => {
  const base = bases[c.base];
  return smallFigure(base, base.layout.meta.small, c.relations, c.selection, c.focus);
})));
"""

IRAN_RUSSIA = "iran/cooperates/russia/stated"
ALLEGED = "united-states/accuses/iran/alleged"


def drawn_by_browser(tmp_path, bases: list[dict], cases: list[dict]) -> list[dict]:
    if NODE is None:
        pytest.fail("Node.js is needed to test assets/network.js (apt-get install nodejs)")
    data = tmp_path / "cases.json"
    data.write_text(json.dumps({"bases": bases, "cases": cases}))
    done = subprocess.run(
        [NODE, "-e", HARNESS, "--", str(ASSETS / "network.js"), str(data)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def as_sent(figure: dict) -> dict:
    """A figure as the browser gets it: through JSON."""
    return json.loads(json.dumps(figure))


def views(model: NetworkModel, base: ViewState) -> list[ViewState]:
    """The views the browser draws from a figure of ``base``'s key: filters, selections, focus."""
    relations = list(model.dataset.relations.index)
    filters = [None, (), ("cooperates",), ("accuses", "tension", "meets"), tuple(relations[3:])]
    selections = [
        {},
        {"actor": "iran"},
        {"actor": "russia"},
        {"actor": "ukraine"},  # one relation
        {"actor": "asean"},
        {"edge": IRAN_RUSSIA},
        {"edge": ALLEGED},
    ]
    chosen = []
    for relation_filter in filters:
        for selection in selections:
            for focus in (None, 1, 2):
                chosen.append(
                    dataclasses.replace(
                        base, relations=relation_filter, focus=focus,
                        **{"actor": None, "edge": None, **selection},
                    )
                )  # fmt: skip
    return chosen


@pytest.mark.parametrize(
    "base",
    [
        state_of(None),
        state_of(None, layout="kamada-kawai", size="degree"),
        state_of(("meets",), actor="iran", focus=2),  # drawn from a figure with a selection
        state_of(None, layout="circular", size="betweenness"),
    ],
    ids=["default", "kamada-kawai-degree", "from-a-selection", "circular-betweenness"],
)
def test_netjs001_the_browser_draws_what_the_server_would(tmp_path, seed_model, base):
    """For every relation filter, selection and focus, the browser's figure, built from a
    figure of the same key, equals the server's to the last bit."""
    wanted_views = views(seed_model, base)
    cases = []
    for state in wanted_views:
        controls = to_controls(seed_model, state)
        assert nodes_key(seed_model, state) == nodes_key(seed_model, base)
        cases.append(
            {"base": 0, "relations": controls["relations"], "selection": controls["selection"],
             "focus": controls["focus"]}
        )  # fmt: skip
    drawn = drawn_by_browser(tmp_path, [as_sent(figure_dict(seed_model, base))], cases)
    for state, figure in zip(wanted_views, drawn, strict=True):
        wanted = as_sent(figure_dict(seed_model, state))
        assert figure["data"] == wanted["data"], state
        assert figure["layout"] == wanted["layout"], state


def test_netjs002_a_sentence_or_an_unknown_id_selects_nothing(tmp_path, seed_model):
    """What the server's cleaning drops (a sentence, unknown ids, odd values) the browser drops
    too: the figure without a selection."""
    base = as_sent(figure_dict(seed_model, state_of(None)))
    odd = [
        {"kind": "sentence", "id": "sentence-1-9"},
        {"kind": "actor", "id": "atlantis"},
        {"kind": "edge", "id": "iran/invents/russia/stated"},
        {"kind": "actor"},
        "iran",
        None,
    ]
    cases = [{"base": 0, "relations": list(seed_model.dataset.relations.index),
              "selection": selection, "focus": "1"} for selection in odd]  # fmt: skip
    drawn = drawn_by_browser(tmp_path, [base], cases)
    for figure in drawn:
        assert figure["data"] == base["data"]
        assert figure["layout"] == base["layout"]


def test_netjs003_an_article_filter_is_in_the_key(tmp_path, corpus_model):
    """With one article shown, the browser's data holds only that article's relations: a
    selected relation of the other article is not drawn, as on the server."""
    caspian = ("caspian-gas-talks",)
    base = state_of(None, articles=caspian)
    assert nodes_key(corpus_model, base) != nodes_key(corpus_model, state_of(None))
    edges = corpus_model.edges
    wanted_views = [dataclasses.replace(base, edge=edge) for edge in edges.index[:6]]
    wanted_views += [dataclasses.replace(base, actor=a, focus=1) for a in ("iran", "russia")]
    cases = []
    for state in wanted_views:
        controls = to_controls(corpus_model, state)
        cases.append({"base": 0, "relations": controls["relations"],
                      "selection": controls["selection"], "focus": controls["focus"]})  # fmt: skip
    drawn = drawn_by_browser(tmp_path, [as_sent(figure_dict(corpus_model, base))], cases)
    for state, figure in zip(wanted_views, drawn, strict=True):
        wanted = as_sent(figure_dict(corpus_model, state))
        assert figure["data"] == wanted["data"], state
        assert figure["layout"] == wanted["layout"], state


@pytest.fixture(scope="module")
def corpus_model(tmp_path_factory):
    from dashboard.corpus import load_corpus
    from tests.test_corpus import two_articles

    return NetworkModel.from_dataset(load_corpus(two_articles(tmp_path_factory.mktemp("c"))))


def test_netjs004_follow_view_knows_a_selection_by_the_store_s_own_id():
    """follow_view holds a new selection's figure until its panel is drawn, telling a selection
    by the id of the input that fired, written out in the script: renamed in ids.py alone, the
    selection would be drawn before its quotes again, with nothing else failing."""
    from dashboard import ids

    script = (ASSETS / "network.js").read_text(encoding="utf-8")
    assert f'fired.indexOf("{ids.SELECTION}.data")' in script
