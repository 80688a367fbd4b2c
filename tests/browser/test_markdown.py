"""Quotes are rendered by dcc.Markdown: escaped data must read back as exactly the text it is."""

from __future__ import annotations

import pytest
from dash import Dash, dcc, html

from dashboard.panel import markdown_escape

pytestmark = pytest.mark.browser

HOSTILE = [
    'Russia’s "deal", 1. Iran; 50% & AT&T &amp; &lt;b&gt; $5 @x ^y ~z~ a_b_c *d* `e` # j',
    "[link](javascript:alert(1)) ![img](x) <https://evil.example/x> https://bare.example/y",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "- a list\n1. a number\n> a quote\n| a | table |\n***\n___x___",
    "back\\slash \\\\ double and \\* escaped star",
]


def test_md001_escaped_markdown_reads_back_verbatim(dash_duo):
    app = Dash(__name__)
    app.layout = html.Div(
        [dcc.Markdown(markdown_escape(text), id=f"md-{i}") for i, text in enumerate(HOSTILE)]
    )
    dash_duo.start_server(app)
    dash_duo.wait_for_element(f"#md-{len(HOSTILE) - 1} p")
    for i, text in enumerate(HOSTILE):
        shown = dash_duo.driver.execute_script(
            f"return document.getElementById('md-{i}').textContent"
        )
        tags = dash_duo.driver.execute_script(
            f"return Array.from(document.querySelectorAll('#md-{i} *')).map(e => e.tagName)"
        )
        # Markdown folds a line break into a space; nothing else may change.
        assert shown.split() == text.split(), text
        assert set(tags) == {"P"}, (text, tags)
    assert (
        dash_duo.driver.execute_script(
            "return document.querySelectorAll('script[src=x], img').length"
        )
        == 0
    )
    assert dash_duo.get_logs() == []
