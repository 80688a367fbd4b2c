"""The view in the address bar: what is selected and shown, as a query string and back.

Copying the address to another browser restores the view; an unknown or malformed value is
ignored and the rest still applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from dashboard.graph import DEFAULT_LAYOUT, LAYOUTS, NetworkModel

FOCUS = {"all": "Everything", "1": "1 step out", "2": "2 steps out"}
SIZE_BY = {"quotes": "Quotes", "degree": "Counterparts", "betweenness": "Betweenness"}
ISOLATED = ("fade", "hide")
TABS = {"graph": "Network", "article": "Article", "table": "Table"}


@dataclass(frozen=True)
class ViewState:
    """Everything the reader chose; the defaults are the page as first served."""

    relations: tuple[str, ...] | None = None  # None: every type
    articles: tuple[str, ...] | None = None  # None: every article
    layout: str = DEFAULT_LAYOUT
    focus: str = "all"
    size: str = "quotes"
    isolated: str = "fade"
    actor: str | None = None
    edge: str | None = None
    tab: str = "graph"


def to_query(model: NetworkModel, state: ViewState, tab_always: bool = False) -> str:
    """Return the query string (with its "?", or "" for the defaults) that stands for a view.

    ``tab_always`` writes the tab even when it is the default: with a sentence in the address's
    fragment, a missing tab means the article.

    >>> to_query(None, ViewState(actor="iran", focus="1"))
    '?focus=1&actor=iran'
    """
    pairs = []
    if state.relations is not None:
        every = model is not None and list(state.relations) == list(model.dataset.relations.index)
        if not every:
            pairs.append(("relations", ",".join(state.relations)))
    if state.articles is not None:
        every = model is not None and list(state.articles) == list(model.dataset.datasets)
        if not every:
            pairs.append(("articles", ",".join(state.articles)))
    for key in ("layout", "focus", "size", "isolated", "tab"):
        value = getattr(state, key)
        if value != getattr(ViewState, key) or (key == "tab" and tab_always):
            pairs.append((key, value))
    if state.actor:
        pairs.append(("actor", state.actor))
    elif state.edge:
        pairs.append(("edge", state.edge))
    return "?" + urlencode(pairs, safe=",/") if pairs else ""


def from_query(model: NetworkModel, query: str | None) -> ViewState:
    """Read a view from a query string, keeping only the values this dataset knows."""
    if not isinstance(query, str):  # the address as a callback input: any JSON may arrive
        return ViewState()
    try:
        fields = parse_qs((query or "").lstrip("?"), keep_blank_values=True, max_num_fields=20)
    except ValueError:
        return ViewState()

    def first(key: str) -> str | None:
        values = fields.get(key)
        return values[0] if values else None

    relations = None
    if first("relations") is not None:
        asked = set(first("relations").split(","))
        relations = tuple(r for r in model.dataset.relations.index if r in asked)
    articles = None
    if first("articles") is not None:
        asked = set(first("articles").split(","))
        articles = tuple(a for a in model.dataset.datasets if a in asked)
    actor, edge = first("actor"), first("edge")
    return ViewState(
        relations=relations,
        articles=articles,
        layout=_known(first("layout"), LAYOUTS, DEFAULT_LAYOUT),
        focus=_known(first("focus"), FOCUS, "all"),
        size=_known(first("size"), SIZE_BY, "quotes"),
        isolated=_known(first("isolated"), ISOLATED, "fade"),
        actor=actor if actor in model.dataset.actors.index else None,
        edge=edge if edge in model.edges.index and actor is None else None,
        tab=_known(first("tab"), TABS, "graph"),
    )


def _known(value, allowed, default: str) -> str:
    return value if isinstance(value, str) and value in allowed else default
