"""assets/panel.js draws an EvidenceList's data (dashboard/panel.py) as the panel's relations and
quotes: every string reads back as exactly the text it is, and none is read as markup."""

from __future__ import annotations

import pytest
from dash import Dash, html

from dashboard.panel import EvidenceList
from dashboard.settings import ASSETS_DIR
from tests.test_panel import quote_text, sentence_text

pytestmark = pytest.mark.browser

HOSTILE = [
    'Russia’s "deal", 1. Iran; 50% & AT&T &amp; &lt;b&gt; $5 @x ^y ~z~ a_b_c *d* `e` # j',
    "[link](javascript:alert(1)) ![img](x) <https://evil.example/x> https://bare.example/y",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "- a list\n1. a number\n> a quote\n| a | table |\n***\n___x___",
    "back\\slash \\\\ double and \\* escaped star",
]
TAGS = {"DIV", "H3", "H4", "BUTTON", "SPAN", "UL", "LI", "STRONG", "CODE", "A"}


def hostile_groups() -> list:
    """Two types of relations, every string of them hostile."""
    link = {"id": {"type": "actor-link", "actor": "x", "edge": "e1"}, "name": HOSTILE[2]}
    quote = {
        "parts": [HOSTILE[0], HOSTILE[2], HOSTILE[1]],  # text, a mention, text
        "meta": ["sentence 1", {"chip": HOSTILE[4]}, HOSTILE[3]],
        "anchor": "sentence-1-1",
    }
    edge = {
        "key": "e1",
        "sentence": [link, " → ", HOSTILE[1], " → ", HOSTILE[0]],
        "badges": [{"text": "alleged", "className": "badge badge-alleged"}],
        "quotes": [quote, {**quote, "parts": [HOSTILE[4]], "meta": [HOSTILE[2]]}],
    }
    return [
        {"heading": HOSTILE[2], "colour": "#123456", "edges": [edge]},
        {"heading": HOSTILE[3], "colour": "#654321", "edges": [{**edge, "key": "e2"}]},
    ]


def test_pd001_an_evidence_list_reads_back_verbatim(dash_duo):
    groups = hostile_groups()
    app = Dash(__name__, assets_folder=str(ASSETS_DIR))
    app.layout = html.Div([EvidenceList(groups, id="evidence")])
    dash_duo.start_server(app)
    dash_duo.wait_for_element("#evidence li")
    drawn = dash_duo.driver.execute_script(
        """
        const box = document.getElementById('evidence');
        const text = e => e.textContent;
        return {
            headings: Array.from(box.querySelectorAll('h3.relation-heading')).map(text),
            colours: Array.from(box.querySelectorAll('h3')).map(h => h.style.borderLeftColor),
            sentences: Array.from(box.querySelectorAll('.edge-block h4.edge-sentence')).map(text),
            quotes: Array.from(box.querySelectorAll('ul.quotes > li')).map(text),
            mentions: Array.from(box.querySelectorAll('li > strong')).map(text),
            chips: Array.from(box.querySelectorAll('li .quote-meta code')).map(text),
            links: Array.from(box.querySelectorAll('button.actor-link')).map(
                b => [b.dataset.actor, b.textContent, b.type]),
            hrefs: Array.from(box.querySelectorAll('li .quote-meta a')).map(
                a => a.getAttribute('href')),
            tags: Array.from(box.querySelectorAll('*')).map(e => e.tagName),
        };
        """
    )
    edges = [edge for group in groups for edge in group["edges"]]
    quotes = [quote for edge in edges for quote in edge["quotes"]]
    # text as it is (the browser keeps line breaks in textContent)
    assert drawn["headings"] == [HOSTILE[2], HOSTILE[3]]
    assert drawn["colours"] == ["rgb(18, 52, 86)", "rgb(101, 67, 33)"]
    assert drawn["sentences"] == [sentence_text(edge) for edge in edges]
    assert drawn["quotes"] == [quote_text(quote) for quote in quotes]
    assert drawn["mentions"] == [HOSTILE[2], HOSTILE[2]]
    assert drawn["chips"] == [HOSTILE[4], HOSTILE[4]]
    assert drawn["links"] == [["x", HOSTILE[2], "button"]] * 2
    assert drawn["hrefs"] == ["#sentence-1-1"] * 4
    # nothing from the data became an element
    assert set(drawn["tags"]) <= TAGS, drawn["tags"]
    assert (
        dash_duo.driver.execute_script(
            "return document.querySelectorAll('script[src=x], img').length"
        )
        == 0
    )
    assert dash_duo.get_logs() == []
