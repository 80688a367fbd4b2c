"""Callbacks: thin wrappers that check their inputs and call the pure functions that do the work."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from dashboard import ids
from dashboard.figure import View, network_figure
from dashboard.graph import DEFAULT_LAYOUT, LAYOUTS, NetworkModel
from dashboard.panel import actor_panel, edge_panel, empty_panel

Selection = dict[str, str] | None


def clean_relations(model: NetworkModel, value) -> list[str]:
    """Keep only known relation ids from a checklist value, in the taxonomy's order."""
    chosen = {item for item in value if isinstance(item, str)} if isinstance(value, list) else set()
    return [r for r in model.dataset.relations.index if r in chosen]


def clean_selection(model: NetworkModel, selection) -> Selection:
    """Return the selection if it names a known actor or edge, else None."""
    if not isinstance(selection, dict):
        return None
    kind, key = selection.get("kind"), selection.get("id")
    if kind == "actor" and isinstance(key, str) and key in model.dataset.actors.index:
        return {"kind": "actor", "id": key}
    if kind == "edge" and isinstance(key, str) and key in model.edges.index:
        return {"kind": "edge", "id": key}
    return None


def selection_from_click(model: NetworkModel, click_data) -> Selection:
    """Turn a Plotly click on the graph into a selection; anything unexpected selects nothing."""
    try:
        point = click_data["points"][0]
        key = point["customdata"]
    except (KeyError, IndexError, TypeError):
        return None
    kind = "edge" if isinstance(key, str) and key in model.edges.index else "actor"
    return clean_selection(model, {"kind": kind, "id": key})


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


def register_callbacks(app: Dash, model: NetworkModel) -> None:
    """Wire the page's components to the model; each app gets its own callbacks."""

    @app.callback(
        Output(ids.RELATION_FILTER, "value"),
        Input(ids.SELECT_ALL, "n_clicks"),
        Input(ids.SELECT_NONE, "n_clicks"),
        Input({"type": ids.POLARITY_TOGGLE, "polarity": ALL}, "n_clicks"),
        State(ids.RELATION_FILTER, "value"),
        prevent_initial_call=True,
    )
    def set_relation_filter(_all, _none, _polarities, current):
        return toggle_relations(model, ctx.triggered_id, clean_relations(model, current))

    @app.callback(
        Output(ids.GRAPH, "figure"),
        Input(ids.RELATION_FILTER, "value"),
        Input(ids.LAYOUT_PICKER, "value"),
        Input(ids.ISOLATED_MODE, "value"),
        Input(ids.SELECTION, "data"),
        prevent_initial_call=True,
    )
    def draw_network(relations, layout, isolated, selection):
        selection = clean_selection(model, selection) or {}
        view = View(
            relations=frozenset(clean_relations(model, relations)),
            layout=layout if layout in LAYOUTS else DEFAULT_LAYOUT,
            hide_isolated=isolated == "hide",
            actor=selection.get("id") if selection.get("kind") == "actor" else None,
            edge=selection.get("id") if selection.get("kind") == "edge" else None,
        )
        return network_figure(model, view)

    @app.callback(
        Output(ids.SELECTION, "data"),
        Input(ids.GRAPH, "clickData"),
        Input({"type": ids.ACTOR_LINK, "actor": ALL}, "n_clicks"),
        Input(ids.CLEAR_SELECTION, "n_clicks"),
        prevent_initial_call=True,
    )
    def select(click_data, _links, _clear):
        trigger = ctx.triggered_id
        if trigger == ids.CLEAR_SELECTION:
            return None
        if isinstance(trigger, dict) and trigger.get("type") == ids.ACTOR_LINK:
            # New links in a freshly drawn panel fire this with no click; ignore those.
            if not ctx.triggered or not ctx.triggered[0].get("value"):
                return no_update
            return (
                clean_selection(model, {"kind": "actor", "id": trigger.get("actor")}) or no_update
            )
        return selection_from_click(model, click_data) or no_update

    @app.callback(
        Output(ids.PANEL, "children"),
        Input(ids.SELECTION, "data"),
        Input(ids.RELATION_FILTER, "value"),
        prevent_initial_call=True,  # the page is served with the empty panel already in it
    )
    def show_evidence(selection, relations):
        selection = clean_selection(model, selection)
        visible = clean_relations(model, relations)
        if selection is None:
            return empty_panel(model)
        if selection["kind"] == "actor":
            return actor_panel(model, selection["id"], visible)
        return edge_panel(model, selection["id"], visible)
