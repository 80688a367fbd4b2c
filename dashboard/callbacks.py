"""Callbacks: thin wrappers that check their inputs and call the pure functions that do the work."""

from __future__ import annotations

import dataclasses

from dash import ALL, ClientsideFunction, Dash, Input, Output, Patch, State, ctx, dcc, no_update

from dashboard import ids
from dashboard.article_view import article_view, parse_anchor
from dashboard.corpus import restrict_articles
from dashboard.export import FORMATS, brat_zip, export, to_brat
from dashboard.figure import View, figure_dict, figure_overlay, nodes_key
from dashboard.graph import DEFAULT_LAYOUT, LAYOUTS, NetworkModel
from dashboard.page import SEARCH_ALL_UP_TO, actor_options
from dashboard.panel import actor_panel, edge_panel, empty_panel, sentence_panel
from dashboard.state import FOCUS, ISOLATED, SIZE_BY, TABS, ViewState, from_query, to_query
from dashboard.table import selection_from_rows, table_rows

Selection = dict[str, str] | None


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


def view_state(
    model: NetworkModel,
    relations,
    layout,
    focus,
    size,
    isolated,
    selection,
    articles=None,
    tab="graph",
) -> ViewState:
    """Collect the page's controls into one checked ViewState (a sentence selection is not in
    it: the address keeps that in its fragment, see ``sentence_fragment``)."""
    selection = clean_selection(model, selection) or {}
    chosen = clean_relations(model, relations)
    kept = list(model.dataset.datasets) if articles is None else clean_articles(model, articles)
    return ViewState(
        relations=None if chosen == list(model.dataset.relations.index) else tuple(chosen),
        articles=None if kept == list(model.dataset.datasets) else tuple(kept),
        layout=layout if layout in LAYOUTS else DEFAULT_LAYOUT,
        focus=focus if focus in FOCUS else "all",
        size=size if size in SIZE_BY else "quotes",
        isolated=isolated if isolated in ISOLATED else "fade",
        actor=selection.get("id") if selection.get("kind") == "actor" else None,
        edge=selection.get("id") if selection.get("kind") == "edge" else None,
        tab=tab if tab in TABS else "graph",
    )


def sentence_fragment(model: NetworkModel, selection) -> str:
    """The address's fragment for a selection: "#sentence-K-N" for a sentence, else ""."""
    selection = clean_selection(model, selection)
    if selection and selection["kind"] == "sentence":
        return f"#{selection['id']}"
    return ""


def figure_view(model: NetworkModel, state: ViewState) -> View:
    """The figure's view of a ViewState."""
    relations = model.dataset.relations.index if state.relations is None else state.relations
    return View(
        relations=frozenset(relations),
        layout=state.layout,
        hide_isolated=state.isolated == "hide",
        actor=state.actor,
        edge=state.edge,
        focus=None if state.focus == "all" else int(state.focus),
        size=state.size,
        articles=None if state.articles is None else frozenset(state.articles),
    )


def control_values(model: NetworkModel, state: ViewState, sentence: str | None = None) -> tuple:
    """The controls' values for a ViewState (and a sentence anchor from the address's fragment,
    which wins over an actor or edge), in the order the URL callback outputs them."""
    relations = list(model.dataset.relations.index if state.relations is None else state.relations)
    articles = list(model.dataset.datasets if state.articles is None else state.articles)
    selection = None
    if sentence and parse_anchor(model, sentence) is not None:
        selection = {"kind": "sentence", "id": sentence.lstrip("#")}
    elif state.actor:
        selection = {"kind": "actor", "id": state.actor}
    elif state.edge:
        selection = {"kind": "edge", "id": state.edge}
    actor = selection["id"] if selection and selection["kind"] == "actor" else None
    return (
        relations, state.layout, state.focus, state.size, state.isolated, selection, articles,
        state.tab, actor,
    )  # fmt: skip


def register_callbacks(app: Dash, model: NetworkModel) -> None:
    """Wire the page's components to the model; each app gets its own callbacks."""
    controls = [
        (ids.RELATION_FILTER, "value"),
        (ids.LAYOUT_PICKER, "value"),
        (ids.FOCUS_PICKER, "value"),
        (ids.SIZE_PICKER, "value"),
        (ids.ISOLATED_MODE, "value"),
        (ids.SELECTION, "data"),
        (ids.ARTICLE_FILTER, "value"),
        (ids.VIEW_TAB, "value"),
    ]

    @app.callback(
        Output(ids.URL, "search"),
        Output(ids.URL, "hash"),
        *[Output(i, p) for i, p in controls],
        Output(ids.ACTOR_SEARCH, "value"),
        Input(ids.URL, "search"),
        Input(ids.URL, "hash"),
        *[Input(i, p) for i, p in controls],
    )
    def sync_address(search, fragment, *values):
        """The address bar and the controls follow each other: on load and on back/forward the
        address sets the controls; any change of the controls writes the address."""
        fired = ctx.triggered_prop_ids
        # On page load Dash names several triggers at once; the address must win then.
        if f"{ids.URL}.search" in fired or f"{ids.URL}.hash" in fired or not ctx.triggered_id:
            hash_only = f"{ids.URL}.hash" in fired and f"{ids.URL}.search" not in fired
            wanted = address_controls(model, search, fragment, followed_link=hash_only)
            # Leave alone what already matches, so nothing is drawn twice.
            changed = [w if w != v else no_update for w, v in zip(wanted[:-1], values, strict=True)]
            search_box = wanted[-1] if changed[5] is not no_update else no_update
            address = no_update
            if hash_only and parse_anchor(model, fragment) is not None:
                # A followed "show in article" link: the query must now say so, or the address
                # would reopen the tab (and selection) the reader left.
                query = to_query(model, view_state(model, *wanted[:-1]), tab_always=True)
                address = query if query != (search or "") else no_update
            return address, no_update, *changed, search_box
        state = view_state(model, *values)
        sentence = sentence_fragment(model, values[5])
        query = to_query(model, state, tab_always=bool(sentence))
        address = query if query != (search or "") else no_update
        hash_value = sentence if sentence != (fragment or "") else no_update
        return address, hash_value, *[no_update] * len(controls), no_update

    if len(model.dataset.actors) > SEARCH_ALL_UP_TO:

        @app.callback(
            Output(ids.ACTOR_SEARCH, "options"),
            Input(ids.ACTOR_SEARCH, "search_value"),
            Input(ids.ACTOR_SEARCH, "value"),
        )
        def suggest_actors(typed, value):
            """Large datasets: the actors matching what is typed, and the one chosen."""
            typed = typed if isinstance(typed, str) else None
            keep = value if isinstance(value, str) and value in model.dataset.actors.index else None
            return actor_options(model, typed[:200] if typed else None, keep)

    @app.callback(
        Output(ids.RELATION_FILTER, "value", allow_duplicate=True),
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
        Output(ids.FIGURE_NODES, "data"),
        *[Input(i, p) for i, p in controls[:-1]],
        State(ids.FIGURE_NODES, "data"),
        prevent_initial_call=True,
    )
    def draw_network(relations, layout, focus, size, isolated, selection, articles, drawn):
        if store_mount_echo(ctx.triggered_prop_ids, ctx.inputs_list):
            return no_update, no_update  # the page was served with this very figure
        state = view_state(model, relations, layout, focus, size, isolated, selection, articles)
        return redraw(model, figure_view(model, state), drawn)

    @app.callback(
        Output(ids.GRAPH_PANE, "hidden"),
        Output(ids.ARTICLE_PANE, "hidden"),
        Output(ids.TABLE_PANE, "hidden"),
        Input(ids.VIEW_TAB, "value"),
    )
    def show_tab(tab):
        tab = tab if tab in TABS else "graph"
        return tab != "graph", tab != "article", tab != "table"

    # The article and the table are built only while their tab is shown: in the browser, a gate
    # passes a change on to their callback then, and otherwise sends no request at all.
    for gate, tab_inputs in (
        (ids.ARTICLE_GATE, [(ids.RELATION_FILTER, "value"), (ids.ARTICLE_FILTER, "value"),
                            (ids.SELECTION, "data")]),
        (ids.TABLE_GATE, controls[:-1]),
    ):  # fmt: skip
        app.clientside_callback(
            ClientsideFunction(namespace="dashboard", function_name="pass_when_shown"),
            Output(gate, "data"),
            Input(ids.VIEW_TAB, "value"),
            *[Input(i, p) for i, p in tab_inputs],
        )

    @app.callback(
        Output(ids.ARTICLE_VIEW, "children"),
        Input(ids.ARTICLE_GATE, "data"),
        State(ids.VIEW_TAB, "value"),
        State(ids.RELATION_FILTER, "value"),
        State(ids.ARTICLE_FILTER, "value"),
        State(ids.SELECTION, "data"),
        prevent_initial_call=True,
    )
    def show_article(_gate, tab, relations, articles, selection):
        if tab != "article":
            return no_update  # built when first shown: a long article is many components
        selection = clean_selection(model, selection)
        marked = None
        if selection and selection["kind"] == "sentence":
            marked = parse_anchor(model, selection["id"])
        return article_view(
            model, clean_relations(model, relations), clean_articles(model, articles), marked
        )

    app.clientside_callback(
        ClientsideFunction(namespace="dashboard", function_name="scroll_to_marked"),
        Output(ids.SCROLLED, "children"),
        Input(ids.ARTICLE_VIEW, "children"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.TABLE, "rowData"),
        Input(ids.TABLE_GATE, "data"),
        State(ids.VIEW_TAB, "value"),
        *[State(i, p) for i, p in controls[:-1]],
        prevent_initial_call=True,
    )
    def fill_table(_gate, tab, relations, _layout, focus, _size, _isolated, selection, articles):
        if tab != "table":
            return no_update
        state = view_state(model, relations, None, focus, None, None, selection, articles)
        view = figure_view(model, state)
        return table_rows(model, view.relations, view.articles, view.actor, view.focus)

    @app.callback(
        Output(ids.TABLE, "dashGridOptions"),
        Input(ids.TABLE_SEARCH, "value"),
        prevent_initial_call=True,
    )
    def search_table(text):
        options = Patch()
        options["quickFilterText"] = text if isinstance(text, str) else ""
        return options

    # A large search box holds only the options the server suggests: a selection made elsewhere
    # sends the box its one option with its value, or the box shows the value without a name.
    suggested = len(model.dataset.actors) > SEARCH_ALL_UP_TO
    names_option = [Output(ids.ACTOR_SEARCH, "options", allow_duplicate=True)] if suggested else []

    @app.callback(
        Output(ids.SELECTION, "data", allow_duplicate=True),
        Output(ids.ACTOR_SEARCH, "value", allow_duplicate=True),
        *names_option,
        Input(ids.GRAPH, "clickData"),
        Input({"type": ids.ACTOR_LINK, "actor": ALL, "edge": ALL}, "n_clicks"),
        Input(ids.CLEAR_SELECTION, "n_clicks"),
        Input(ids.ACTOR_SEARCH, "value"),
        Input(ids.TABLE, "selectedRows"),
        State(ids.SELECTION, "data"),
        prevent_initial_call=True,
    )
    def select(click_data, _links, _clear, searched, rows, current):
        selection = chosen_selection(
            model, ctx.triggered_id, ctx.triggered, click_data, searched, rows
        )
        if selection is no_update or selection == clean_selection(model, current):
            return no_update, no_update, *[no_update] * len(names_option)
        actor = selection["id"] if selection and selection["kind"] == "actor" else None
        if ctx.triggered_id == ids.ACTOR_SEARCH:
            return selection, no_update, *[no_update] * len(names_option)
        return selection, actor, *[actor_options(model, None, actor)] * len(names_option)

    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input({"type": ids.DOWNLOAD_BUTTON, "format": ALL}, "n_clicks"),
        State(ids.RELATION_FILTER, "value"),
        State(ids.ARTICLE_FILTER, "value"),
        prevent_initial_call=True,
    )
    def download(_clicks, relations, articles):
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or trigger.get("format") not in FORMATS:
            return no_update
        if not ctx.triggered or not ctx.triggered[0].get("value"):
            return no_update
        fmt = trigger["format"]
        chosen = clean_relations(model, relations)
        kept = clean_articles(model, articles)
        dataset = restrict_articles(model.dataset, kept)
        name = download_name(model, EXTENSIONS.get(fmt, fmt), chosen, kept)
        if fmt == "brat":  # several files: one zip archive holding the brat collection
            archive = brat_zip(to_brat(dataset, chosen), model.dataset.name)
            return dcc.send_bytes(archive, name, type=MEDIA_TYPES[fmt])
        text = export(dataset, fmt, chosen)
        return dict(content=text, filename=name, type=MEDIA_TYPES[fmt])

    app.clientside_callback(
        ClientsideFunction(namespace="dashboard", function_name="download_figure"),
        Output(ids.FIGURE_DOWNLOADED, "children"),
        Input({"type": ids.FIGURE_DOWNLOAD, "format": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.PANEL, "children"),
        Input(ids.SELECTION, "data"),
        Input(ids.RELATION_FILTER, "value"),
        Input(ids.ARTICLE_FILTER, "value"),
        prevent_initial_call=True,  # the page is served with the empty panel already in it
    )
    def show_evidence(selection, relations, articles):
        if store_mount_echo(ctx.triggered_prop_ids, ctx.inputs_list):
            return no_update  # the page was served with the empty panel
        selection = clean_selection(model, selection)
        visible = clean_relations(model, relations)
        kept = clean_articles(model, articles)
        chosen = None if kept == list(model.dataset.datasets) else kept
        if selection is None:
            return empty_panel(model)
        if selection["kind"] == "actor":
            return actor_panel(model, selection["id"], visible, chosen)
        if selection["kind"] == "sentence":
            article, number = parse_anchor(model, selection["id"])
            return sentence_panel(model, article, number, visible)
        return edge_panel(model, selection["id"], visible, chosen)


def address_controls(model: NetworkModel, search, fragment, followed_link: bool = False) -> tuple:
    """The controls' values for an address. A sentence in the fragment opens the article when a
    link to it was followed, or when the query names no tab."""
    state = from_query(model, search)
    sentence = fragment if parse_anchor(model, fragment) is not None else None
    if sentence and (followed_link or "tab=" not in (search or "")):
        state = dataclasses.replace(state, tab="article")
    return control_values(model, state, sentence)


MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "graphml": "application/xml",
    "gexf": "application/xml",
    "w3c": "application/ld+json",
    "brat": "application/zip",
}
EXTENSIONS = {"w3c": "jsonld", "brat": "zip"}  # the others are their format's name


def download_name(
    model: NetworkModel, fmt: str, relations: list[str], articles: list[str] | None = None
) -> str:
    """The file name of a download: the dataset, and whether the filter cut anything.

    >>> download_name(type("M", (), {"dataset": type("D", (), {"name": "x", "relations": [1, 2]})})(), "csv", [1])
    'x-filtered.csv'
    """
    whole = len(relations) == len(model.dataset.relations)
    if articles is not None:
        whole &= len(articles) == len(model.dataset.datasets)
    return f"{model.dataset.name}{'' if whole else '-filtered'}.{fmt}"


def redraw(model: NetworkModel, view: View, drawn) -> tuple:
    """The figure for a view and the key of its traces (``figure.nodes_key``).

    When the browser already holds a large figure with the same traces (``drawn`` is its key),
    only the layout's shapes are sent, as a Patch: Plotly then redraws those and not thousands of
    markers, some thirty times faster.
    """
    key = nodes_key(model, view)
    if key is not None and key == drawn:
        patch = Patch()
        patch["layout"]["shapes"] = figure_overlay(model, view)
        return patch, no_update
    return figure_dict(model, view), key


def store_mount_echo(triggered, inputs: list) -> bool:
    """Whether the only input that fired is the selection store announcing its mount.

    A dcc.Store served with ``data=None`` sets its data to undefined when it mounts, which fires
    every callback that reads it, with no value at all (a real change sends null or a selection).

    >>> store_mount_echo(["selection-store.data"], [{"id": "selection-store", "property": "data"}])
    True
    >>> store_mount_echo(["selection-store.data"],
    ...                  [{"id": "selection-store", "property": "data", "value": None}])
    False
    """
    if list(triggered) != [f"{ids.SELECTION}.data"]:
        return False
    return any(
        isinstance(item, dict) and item.get("id") == ids.SELECTION and "value" not in item
        for item in inputs
    )


def chosen_selection(model: NetworkModel, trigger, triggered, click_data, searched, rows=None):
    """What a click, a link, the clear button, the search box or a table row selects (no_update:
    nothing new).

    Only the input that fired counts: the graph keeps its last click in ``clickData``, so reading
    it when something else fired would bring back an old selection.
    """
    if trigger == ids.CLEAR_SELECTION:
        return None
    if trigger == ids.GRAPH:
        return selection_from_click(model, click_data) or no_update
    if trigger == ids.TABLE:
        return selection_from_rows(model, rows) or no_update
    if trigger == ids.ACTOR_SEARCH:
        if searched is None:
            return no_update  # clearing the box leaves the selection as it is
        return clean_selection(model, {"kind": "actor", "id": searched}) or no_update
    if isinstance(trigger, dict) and trigger.get("type") == ids.ACTOR_LINK:
        # A click fires one link. A freshly drawn panel fires all of its links at once, with
        # counts that mean nothing; ignore those.
        if len(triggered) != 1 or not triggered[0].get("value"):
            return no_update
        return clean_selection(model, {"kind": "actor", "id": trigger.get("actor")}) or no_update
    return no_update
