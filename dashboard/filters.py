"""What passes the filters: one reading for the figure, the table, the panel, the article view
and the exports, so that none can disagree with another.

A view's filters are its relation types, its articles (``None``: every type, every article; an
empty tuple: none) and, with an actor selected, its focus: only actors at most that many
relations away, counted through the relations that pass the other two filters.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dashboard.comparison_view import edge_sides
from dashboard.graph import NetworkModel, neighbourhood

if TYPE_CHECKING:
    from dashboard.state import ViewState


def shows_relation(state: ViewState, relation: str) -> bool:
    """Whether the view shows a relation type."""
    return state.relations is None or relation in state.relations


def shows_article(state: ViewState, article: str) -> bool:
    """Whether the view shows an article's quotes."""
    return state.articles is None or article in state.articles


def shown_articles(model: NetworkModel, state: ViewState) -> list[str]:
    """The names of the articles the view shows, in the corpus's order."""
    return [a for a in model.dataset.datasets if shows_article(state, a)]


def shown_relations(model: NetworkModel, state: ViewState) -> list[str]:
    """The relation types the view shows, in the taxonomy's order."""
    return [r for r in model.dataset.relations.index if shows_relation(state, r)]


def article_rows(model: NetworkModel, state: ViewState, rows: Collection) -> list:
    """The triples among ``rows`` (index labels) that come from an article the view shows."""
    if state.articles is None:
        return list(rows)
    article = model.dataset.triples["article"]
    return [r for r in rows if article[r] in state.articles]


def passing_edges(model: NetworkModel, state: ViewState, focus: bool = True) -> np.ndarray:
    """Per edge of the model, in its order: whether it passes the view's filters (its focus
    too, unless ``focus`` is False)."""
    keep = np.ones(len(model.edges), dtype=bool)
    if state.relations is not None:
        keep &= model.edges["relation"].isin(list(state.relations)).to_numpy()
    if state.articles is not None:
        chosen = [i for i, a in enumerate(model.dataset.datasets) if a in state.articles]
        keep &= model.edge_articles[:, chosen].any(axis=1)
    if state.sides is not None:  # comparing two curations: only the relations of these sides
        keep &= np.isin(edge_sides(model), list(state.sides))
    if focus:
        near = focus_actors(model, state, keep)
        if near is not None:
            keep &= near[model.edge_source] & near[model.edge_target]
    return keep


def focus_actors(model: NetworkModel, state: ViewState, passing: np.ndarray) -> np.ndarray | None:
    """Per actor: whether it is within the view's focus of the selected actor, through the
    edges ``passing``; None when the view has no focus (or no actor selected)."""
    if not state.focus or state.actor not in model.actor_position:
        return None
    ids = np.array(model.dataset.actors.index, dtype=object)
    ends = pd.DataFrame(
        {"source": ids[model.edge_source[passing]], "target": ids[model.edge_target[passing]]}
    )
    inside = np.zeros(len(ids), dtype=bool)
    inside[[model.actor_position[a] for a in neighbourhood(ends, state.actor, state.focus)]] = True
    return inside


def passing_triples(model: NetworkModel, state: ViewState, focus: bool = True) -> np.ndarray:
    """Per triple of the dataset, in its order: whether its quote passes the view's filters:
    its edge passes (relation type, side, focus unless ``focus`` is False, and a quote of a
    shown article backs it) and its own article is shown."""
    keep = passing_edges(model, state, focus=focus)[model.triple_edge]
    if state.articles is not None:
        keep &= model.dataset.triples["article"].isin(list(state.articles)).to_numpy()
    return keep


def visible_edges(model: NetworkModel, state: ViewState) -> pd.DataFrame:
    """The edges that pass the view's relation and article filters (not its focus)."""
    return model.edges[passing_edges(model, state, focus=False)]
