"""The view: what the reader chose, checked and built in one place, and its address.

``ViewState`` is the one home of the view. Its defaults are the page as first served. It is
built from the page's controls (``from_controls``, which checks every raw value against what
the model knows) or from the address (``from_query``), and turned back into either
(``to_controls``, ``to_query``). The callbacks, the figure, the panel, the table and the article
view take a ViewState and clean nothing themselves.

``CONTROLS`` names each control that holds a part of the view, with the component property
that holds it: the callbacks use it to declare their inputs and outputs by name.

A sentence selected in the article is not in the ViewState: the address keeps it in its
fragment (``#sentence-K-N``), see ``sentence_fragment``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from dashboard import ids, limits
from dashboard.article_view import parse_anchor
from dashboard.comparison_view import SIDES, union_of_model
from dashboard.graph import DEFAULT_LAYOUT, LAYOUTS, NetworkModel

# The choices of each radio control, by the value the control sends.
FOCUS = {"all": "Everything", "1": "1 step out", "2": "2 steps out"}
SIZE_BY = {"quotes": "Quotes", "degree": "Counterparts", "betweenness": "Betweenness"}
ISOLATED = {"fade": "Fade", "hide": "Hide"}
TABS = {"graph": "Network", "article": "Article", "table": "Table"}

# The controls that hold the view, by name: (component id, property). The order is the order
# in which a callback lists them (the browser posts their values in it).
CONTROLS: dict[str, tuple[str, str]] = {
    "relations": (ids.RELATION_FILTER, "value"),
    "layout": (ids.LAYOUT_PICKER, "value"),
    "focus": (ids.FOCUS_PICKER, "value"),
    "size": (ids.SIZE_PICKER, "value"),
    "isolated": (ids.ISOLATED_MODE, "value"),
    "selection": (ids.SELECTION, "data"),
    "articles": (ids.ARTICLE_FILTER, "value"),
    "tab": (ids.VIEW_TAB, "value"),
    # Comparing two curations: which relations to show, by side (on every page, hidden when
    # not comparing, so that every callback can name it).
    "sides": (ids.SIDE_FILTER, "value"),
}

Selection = dict[str, str] | None


@dataclass(frozen=True)
class ViewState:
    """Everything the reader chose; the defaults are the page as first served."""

    relations: tuple[str, ...] | None = None  # None: every type
    articles: tuple[str, ...] | None = None  # None: every article
    layout: str = DEFAULT_LAYOUT
    focus: int | None = None  # with an actor selected: only actors this many steps away
    size: str = "quotes"  # the measure that sizes the actors
    isolated: str = "fade"  # actors with no visible relation: "fade" or "hide"
    actor: str | None = None
    edge: str | None = None
    tab: str = "graph"
    sides: tuple[str, ...] | None = None  # comparing: the sides shown ("both", "a", "b"); None: all

    @property
    def hide_isolated(self) -> bool:
        return self.isolated == "hide"


_DEFAULT = ViewState()


# From and to the controls


def clean_relations(model: NetworkModel, value) -> list[str]:
    """Keep only known relation ids from a checklist value, in the taxonomy's order."""
    chosen = {item for item in value if isinstance(item, str)} if isinstance(value, list) else set()
    return [r for r in model.dataset.relations.index if r in chosen]


def clean_articles(model: NetworkModel, value) -> list[str]:
    """Keep only known article names from a checklist value, in the corpus's order."""
    chosen = {item for item in value if isinstance(item, str)} if isinstance(value, list) else set()
    return [a for a in model.dataset.datasets if a in chosen]


def clean_selection(model: NetworkModel, selection) -> Selection:
    """Return the selection if it names a known actor, edge or sentence, else None."""
    if not isinstance(selection, dict):
        return None
    kind, key = selection.get("kind"), selection.get("id")
    if kind == "actor" and isinstance(key, str) and key in model.dataset.actors.index:
        return {"kind": "actor", "id": key}
    if kind == "edge" and isinstance(key, str) and key in model.edges.index:
        return {"kind": "edge", "id": key}
    if kind == "sentence" and parse_anchor(model, key) is not None:
        return {"kind": "sentence", "id": key.lstrip("#")}
    return None


def clean_sides(model: NetworkModel, value) -> list[str]:
    """Keep only known sides from the comparison filter's value, in the order of ``SIDES``;
    none for a model that compares nothing."""
    if union_of_model(model) is None:
        return []
    chosen = {item for item in value if isinstance(item, str)} if isinstance(value, list) else set()
    return [side for side in SIDES if side in chosen]


def from_controls(model: NetworkModel, values: Mapping[str, object]) -> ViewState:
    """Build a checked ViewState from the controls' values, keyed as in ``CONTROLS``.

    A control left out, or holding an unknown value, gives the default.
    """
    selection = clean_selection(model, values.get("selection")) or {}
    every_relation = list(model.dataset.relations.index)
    every_article = list(model.dataset.datasets)
    relations = values.get("relations", every_relation)
    articles = values.get("articles", every_article)
    chosen = clean_relations(model, relations)
    kept = every_article if articles is None else clean_articles(model, articles)
    sides = clean_sides(model, values.get("sides", list(SIDES)))
    comparing = union_of_model(model) is not None
    return ViewState(
        relations=None if chosen == every_relation else tuple(chosen),
        articles=None if kept == every_article else tuple(kept),
        layout=_known(values.get("layout"), LAYOUTS, _DEFAULT.layout),
        focus=_steps(values.get("focus")),
        size=_known(values.get("size"), SIZE_BY, _DEFAULT.size),
        isolated=_known(values.get("isolated"), ISOLATED, _DEFAULT.isolated),
        actor=selection.get("id") if selection.get("kind") == "actor" else None,
        edge=selection.get("id") if selection.get("kind") == "edge" else None,
        tab=_known(values.get("tab"), TABS, _DEFAULT.tab),
        sides=tuple(sides) if comparing and sides != list(SIDES) else None,
    )


def to_controls(model: NetworkModel, state: ViewState, sentence: str | None = None) -> dict:
    """The controls' values for a ViewState, keyed as in ``CONTROLS``. A sentence anchor (from
    the address's fragment) wins over an actor or an edge as the selection."""
    relations = model.dataset.relations.index if state.relations is None else state.relations
    articles = model.dataset.datasets if state.articles is None else state.articles
    selection = None
    if sentence and parse_anchor(model, sentence) is not None:
        selection = {"kind": "sentence", "id": sentence.lstrip("#")}
    elif state.actor:
        selection = {"kind": "actor", "id": state.actor}
    elif state.edge:
        selection = {"kind": "edge", "id": state.edge}
    return {
        "relations": list(relations),
        "layout": state.layout,
        "focus": "all" if state.focus is None else str(state.focus),
        "size": state.size,
        "isolated": state.isolated,
        "selection": selection,
        "articles": list(articles),
        "tab": state.tab,
        "sides": list(SIDES if state.sides is None else state.sides),
    }


def searched_actor(selection: Selection) -> str | None:
    """What the actor search box shows for a selection: the selected actor, if one is."""
    return selection["id"] if selection and selection["kind"] == "actor" else None


def sentence_fragment(model: NetworkModel, selection) -> str:
    """The address's fragment for a selection: "#sentence-K-N" for a sentence, else ""."""
    selection = clean_selection(model, selection)
    if selection and selection["kind"] == "sentence":
        return f"#{selection['id']}"
    return ""


# From and to the address


def to_query(model: NetworkModel | None, state: ViewState, tab_always: bool = False) -> str:
    """Return the query string (with its "?", or "" for the defaults) that stands for a view.

    ``tab_always`` writes the tab even when it is the default: with a sentence in the address's
    fragment, a missing tab means the article.

    >>> to_query(None, ViewState(actor="iran", focus=1))
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
        if value != getattr(_DEFAULT, key) or (key == "tab" and tab_always):
            pairs.append((key, str(value)))
    if state.sides is not None:
        pairs.append(("sides", ",".join(state.sides)))
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
        fields = parse_qs(
            (query or "").lstrip("?"), keep_blank_values=True, max_num_fields=limits.QUERY_FIELDS
        )
    except ValueError:
        return ViewState()

    def first(key: str) -> str | None:
        values = fields.get(key)
        return values[0] if values else None

    values: dict[str, object] = {
        key: first(key) for key in ("layout", "focus", "size", "isolated", "tab")
    }
    actor, edge = first("actor"), first("edge")
    if actor is not None:
        values["selection"] = {"kind": "actor", "id": actor}
    elif edge is not None:
        values["selection"] = {"kind": "edge", "id": edge}
    state = from_controls(model, values)
    # A list in the address is kept as it was asked (cleaned, in the model's order), even when
    # it names every type or article: to_query writes such a list as no list at all.
    listed = {}
    if first("relations") is not None:
        listed["relations"] = tuple(clean_relations(model, first("relations").split(",")))
    if first("articles") is not None:
        listed["articles"] = tuple(clean_articles(model, first("articles").split(",")))
    if first("sides") is not None and union_of_model(model) is not None:
        listed["sides"] = tuple(clean_sides(model, first("sides").split(",")))
    return dataclasses.replace(state, **listed)


def address_controls(
    model: NetworkModel, search, fragment, followed_link: bool = False
) -> tuple[dict, str | None]:
    """The controls' values for an address (keyed as in ``CONTROLS``) and the search box's.

    A sentence in the fragment opens the article when a link to it was followed, or when the
    query names no tab.
    """
    state = from_query(model, search)
    sentence = fragment if parse_anchor(model, fragment) is not None else None
    query = search if isinstance(search, str) else ""  # any JSON may arrive from the browser
    if sentence and (followed_link or "tab=" not in query):
        state = dataclasses.replace(state, tab="article")
    values = to_controls(model, state, sentence)
    return values, searched_actor(values["selection"])


def _known(value, allowed, default: str) -> str:
    return value if isinstance(value, str) and value in allowed else default


def _steps(value) -> int | None:
    """The focus control's value as a number of steps; "all" or anything unknown: None."""
    return int(value) if isinstance(value, str) and value in FOCUS and value != "all" else None
