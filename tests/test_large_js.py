"""assets/large.js, run by Node.js in a stand-in page: which redraws of the network graph wait
for the evidence panel (a large figure's new selection, while the panel's callback is under
way), which go at once, and that a waiting one a later figure overtook is never drawn.

The oracle is the order of what a stand-in Plotly.react was asked to draw and of the panel's
change, for each case written out by hand."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from dashboard import ids
from dashboard.settings import ASSETS_DIR as ASSETS

NODE = shutil.which("node") or shutil.which("nodejs")

# large.js in a stand-in page: a network graph (gd) whose figure has a veil, a panel that is
# loading or not, a MutationObserver the test fires by hand. Each step of the case named on the
# command line is run in turn; the log (what was drawn, when the panel changed) is printed.
HARNESS = """
const fs = require("fs");
const [file, caseJson] = process.argv.slice(1);
const { panelLoading, steps } = JSON.parse(caseJson);
const log = [];
const observers = [];
const panel = {
  closest: sel => (sel === "[data-dash-is-loading]" && panel.loading ? panel : null),
  loading: panelLoading,
};
global.window = {
  Plotly: { react: (gd, figure) => { gd.data = figure.data; gd.layout = figure.layout;
                                     log.push("drew " + figure.name); return Promise.resolve(); } },
  requestAnimationFrame: f => setTimeout(f, 1),
  MutationObserver: function (callback) {
    this.observe = () => observers.push(callback);
    this.disconnect = () => {};
  },
};
global.MessageChannel = MessageChannel;
global.document = {
  getElementById: id => (id === "PANEL_ID" ? panel : null),
  addEventListener: () => {},
};
eval(fs.readFileSync(file, "utf8"));
const shapes = (veil, ring) => [{ name: "veil", opacity: veil },
  ...(ring ? [{ type: "circle", name: ring }] : [])];
const data = [{ name: "actors" }];
const gd = { closest: sel => (sel === "#GRAPH_ID" ? {} : null), data: data,
             layout: { shapes: shapes(0, null) } };
const sleep = ms => new Promise(r => setTimeout(r, ms));
(async () => {
  const pending = [];
  for (const step of steps) {
    if (step.panel_changes) {
      panel.loading = false;
      log.push("panel");
      observers.splice(0).forEach(f => f());
    } else if (step.wait) {
      await sleep(step.wait);
    } else {
      const figure = { name: step.draw, data: step.new_data ? [{ name: "actors" }] : data,
                       layout: { shapes: shapes(step.veil, step.ring) } };
      pending.push(window.Plotly.react(gd, figure));
      await sleep(0);
    }
  }
  await Promise.all(pending);
  console.log(JSON.stringify(log));
  process.exit(0);
})();
""".replace("PANEL_ID", ids.PANEL).replace("GRAPH_ID", ids.GRAPH)

SELECT_IRAN = {"draw": "iran", "veil": 0.7, "ring": "iran"}
PANEL_SHOWN = {"panel_changes": True}


def drawn(case: dict) -> list[str]:
    if NODE is None:
        pytest.fail("Node.js is needed to test assets/large.js (apt-get install nodejs)")
    done = subprocess.run(
        [NODE, "-e", HARNESS, "--", str(ASSETS / "large.js"), json.dumps(case)],
        capture_output=True, text=True, timeout=20, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        # a new selection while the panel loads: drawn once the panel has changed
        ({"panelLoading": True, "steps": [SELECT_IRAN, {"wait": 30}, PANEL_SHOWN]},
         ["panel", "drew iran"]),
        # the panel came first (not loading): at once
        ({"panelLoading": False, "steps": [SELECT_IRAN, {"wait": 30}, PANEL_SHOWN]},
         ["drew iran", "panel"]),
        # the same selection (a filter's change) while the panel loads: at once
        ({"panelLoading": True,
          "steps": [{"draw": "filter", "veil": 0, "ring": None}, {"wait": 30}, PANEL_SHOWN]},
         ["drew filter", "panel"]),
        # new traces (another size, the layout): at once
        ({"panelLoading": True, "steps": [{**SELECT_IRAN, "new_data": True}, {"wait": 30},
                                          PANEL_SHOWN]},
         ["drew iran", "panel"]),
        # a waiting selection overtaken by a later figure: only the later one is drawn
        ({"panelLoading": True,
          "steps": [SELECT_IRAN, {"draw": "resized", "veil": 0.7, "ring": "iran",
                                  "new_data": True}, {"wait": 30}, PANEL_SHOWN]},
         ["drew resized", "panel"]),
    ],
)  # fmt: skip
def test_largejs001_a_new_selection_waits_for_its_panel_and_nothing_else_does(case, expected):
    assert drawn(case) == expected


def test_largejs002_a_panel_that_never_comes_holds_the_figure_at_most_so_long():
    case = {"panelLoading": True, "steps": [SELECT_IRAN, {"wait": 700}]}
    assert drawn(case) == ["drew iran"]
