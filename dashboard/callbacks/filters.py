"""The relation filter's buttons, and the search box's suggestions in a large network."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx

from dashboard import ids, limits
from dashboard.graph import ModelSource, NetworkModel
from dashboard.page import actor_options, searched_by_server
from dashboard.state import clean_relations


def register_filter_callbacks(app: Dash, models: ModelSource) -> None:
    # Whether the search box asks the server is fixed when the page is built; a model replaced
    # later (curate mode edits an article-sized dataset) keeps the first model's answer.
    if searched_by_server(models.current):

        @app.callback(
            Output(ids.ACTOR_SEARCH, "options"),
            inputs=dict(
                typed=Input(ids.ACTOR_SEARCH, "search_value"),
                value=Input(ids.ACTOR_SEARCH, "value"),
            ),
        )
        def suggest_actors(typed, value):
            """Large datasets: the actors matching what is typed, and the one chosen."""
            model = models.current
            typed = typed[: limits.SEARCH_TYPED_CHARS] if isinstance(typed, str) else None
            keep = value if isinstance(value, str) and value in model.dataset.actors.index else None
            return actor_options(model, typed or None, keep)

    @app.callback(
        Output(ids.RELATION_FILTER, "value", allow_duplicate=True),
        inputs=dict(
            _all=Input(ids.SELECT_ALL, "n_clicks"),
            _none=Input(ids.SELECT_NONE, "n_clicks"),
            _polarities=Input({"type": ids.POLARITY_TOGGLE, "polarity": ALL}, "n_clicks"),
        ),
        state=dict(current=State(ids.RELATION_FILTER, "value")),
        prevent_initial_call=True,
    )
    def set_relation_filter(_all, _none, _polarities, current):
        model = models.current
        return toggle_relations(model, ctx.triggered_id, clean_relations(model, current))


def toggle_relations(model: NetworkModel, trigger, current: list[str]) -> list[str]:
    """Return the relation filter after the All, None or a polarity button was pressed.

    A polarity button shows every type of that polarity, or hides them all if all were shown.
    """
    relations = model.dataset.relations
    if trigger == ids.SELECT_ALL:
        return list(relations.index)
    if trigger == ids.SELECT_NONE:
        return []
    if isinstance(trigger, dict) and trigger.get("type") == ids.POLARITY_TOGGLE:
        polarity = trigger.get("polarity")
        if not isinstance(polarity, str):
            return current
        group = set(relations.index[relations["polarity"] == polarity])
        shown = set(current)
        shown = shown - group if group <= shown else shown | group
        return [r for r in relations.index if r in shown]
    return current
