"""The page: filters on the left, the graph in the middle, the evidence on the right."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.figure import (
    KIND_COLOURS,
    POLARITY_DASH,
    POLARITY_LABEL,
    View,
    figure_dict,
    nodes_key,
    relation_colours,
)
from dashboard.graph import DEFAULT_LAYOUT, LAYOUTS, NetworkModel
from dashboard.panel import empty_panel
from dashboard.state import FOCUS, SIZE_BY, TABS
from dashboard.table import relations_table

_BORDER = {"solid": "solid", "dash": "dashed", "dot": "dotted"}
DOWNLOADS = [
    ("csv", "CSV", "The relations that pass the filter, one row per quote, with sentence numbers"),
    ("json", "JSON", "The dataset's details, actors, relation types and quoted relations"),
    ("graphml", "GraphML", "The network with every attribute, for Gephi, Cytoscape or yEd"),
    ("gexf", "GEXF", "The network with every attribute, for Gephi"),
    (
        "w3c",
        "W3C",
        "Each quote as a W3C Web Annotation (JSON-LD), with quote and position selectors",
    ),
    ("brat", "brat", "brat standoff files in a zip: the article, actors' mentions and relations"),
]
FIGURE_DOWNLOADS = [
    ("svg", "SVG", "The graph as you see it, as a vector image"),
    ("png", "PNG", "The graph as you see it, as a picture at twice the screen's resolution"),
]
GRAPH_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "filename": "network", "scale": 2},
}


def _line_swatch(dash: str, colour: str) -> html.Span:
    """A short line drawn in a relation's colour and style (solid, dashed, dotted)."""
    return html.Span(className="line-swatch", style={"borderTop": f"3px {_BORDER[dash]} {colour}"})


def _inline_choice(component_id: str, choices: dict[str, str], value: str) -> dcc.RadioItems:
    """A row of radio buttons, one per (value, label) of ``choices``."""
    return dcc.RadioItems(
        id=component_id,
        options=[{"label": label, "value": key} for key, label in choices.items()],
        value=value,
        inline=True,
        className="inline-choice",
    )


SEARCH_ALL_UP_TO = 1000  # actors; above this the search box asks the server as the reader types
SEARCH_SUGGESTIONS = 50


def actor_options(model: NetworkModel, typed: str | None = None, keep: str | None = None) -> list:
    """The search box's options: every actor for an article-sized dataset (the browser searches
    them); above SEARCH_ALL_UP_TO, the first SEARCH_SUGGESTIONS whose name or alias contains what
    was typed, plus the actor ``keep`` (the current value), since a browser-side index of
    thousands of options takes seconds to build on every page load.
    """
    actors = model.derived("actors-by-name", lambda m: m.dataset.actors.sort_values("name"))
    large = len(actors) > SEARCH_ALL_UP_TO
    if large and not typed and keep is None:
        return []
    needle = (typed or "").casefold().strip()
    options = []
    for actor_id, name, aliases in zip(
        actors.index, actors["name"], actors["aliases"], strict=True
    ):
        search = " ".join([name, *aliases])
        if not large or (needle and needle in search.casefold()):
            options.append({"label": name, "value": actor_id, "search": search})
            if large and len(options) == SEARCH_SUGGESTIONS:
                break
    if large and keep is not None and all(o["value"] != keep for o in options):
        name, aliases = actors.at[keep, "name"], actors.at[keep, "aliases"]
        options.append({"label": name, "value": keep, "search": " ".join([name, *aliases])})
    return options


def _buttons(kind: str, entries, label: str = "{}") -> html.Div:
    """A row of download buttons, one per (format, name, tooltip), ids by pattern."""
    return html.Div(
        [
            html.Button(
                label.format(name),
                id={"type": kind, "format": fmt},
                className="chip",
                title=title,
                n_clicks=0,
            )
            for fmt, name, title in entries
        ],
        className="chip-row",
    )


def _group(title: str, *controls, title_id: str | None = None) -> list:
    """A section title and its controls, grouped so that a screen reader names them by it."""
    title_id = title_id or "group-" + "-".join(title.lower().split())
    return [
        html.H2(title, className="section-title", id=title_id),
        html.Div(list(controls), role="group", **{"aria-labelledby": title_id}),
    ]


def relation_options(model: NetworkModel) -> list[dict]:
    """Checklist options: a line swatch in the relation's colour and style, its label, its edges."""
    relations = model.dataset.relations
    colours = relation_colours(relations)
    counts = model.edges["relation"].value_counts()
    options = []
    for relation_id, relation in relations.iterrows():
        swatch = _line_swatch(POLARITY_DASH[relation["polarity"]], colours[relation_id])
        label = html.Span(
            [swatch, html.Span(relation["label"], className="option-label"),
             html.Span(str(counts.get(relation_id, 0)), className="option-count")],
            title=relation["description"],
        )  # fmt: skip
        options.append({"label": label, "value": relation_id})
    return options


def page_layout(model: NetworkModel) -> html.Div:
    """Build the whole page for a model; every relation type starts visible."""
    dataset = model.dataset
    meta = dataset.meta
    relations = dataset.relations
    all_relations = list(relations.index)
    first_view = View(frozenset(all_relations))
    byline = " · ".join(
        str(part) for part in (meta.get("publisher"), meta.get("published")) if part
    )
    polarities = [p for p in POLARITY_LABEL if p in set(relations["polarity"])]
    kinds = [k for k in KIND_COLOURS if k in set(dataset.actors["kind"])]

    filters = html.Aside(
        [
            html.Label("Find an actor", htmlFor=ids.ACTOR_SEARCH, className="section-title"),
            dcc.Dropdown(
                id=ids.ACTOR_SEARCH,
                options=actor_options(model),
                value=None,
                placeholder="Name or alias…",
                searchable=True,
                clearable=True,
            ),
            *_group("Around the selected actor", _inline_choice(ids.FOCUS_PICKER, FOCUS, "all")),
            *_group("Size actors by", _inline_choice(ids.SIZE_PICKER, SIZE_BY, "quotes")),
            html.Label("Layout", htmlFor=ids.LAYOUT_PICKER, className="section-title"),
            dcc.Dropdown(
                id=ids.LAYOUT_PICKER,
                options=[{"label": label, "value": key} for key, label in LAYOUTS.items()],
                value=DEFAULT_LAYOUT,
                clearable=False,
                searchable=False,
            ),
            *_group(
                "Relation types",
                html.Div(
                    [
                        html.Button("All", id=ids.SELECT_ALL, className="chip", n_clicks=0),
                        html.Button("None", id=ids.SELECT_NONE, className="chip", n_clicks=0),
                        *[
                            html.Button(
                                [_line_swatch(POLARITY_DASH[p], "#444"), POLARITY_LABEL[p]],
                                id={"type": ids.POLARITY_TOGGLE, "polarity": p},
                                className="chip",
                                title=f"Show or hide every {POLARITY_LABEL[p].lower()} relation type",
                                n_clicks=0,
                            )
                            for p in polarities
                        ],
                    ],
                    className="chip-row",
                ),
                dcc.Checklist(
                    id=ids.RELATION_FILTER,
                    options=relation_options(model),
                    value=all_relations,
                    className="relation-filter",
                    labelClassName="relation-option",
                    inputClassName="relation-checkbox",
                ),
                title_id="relation-filter-title",
            ),
            html.Div(
                _group(
                    "Articles",
                    dcc.Checklist(
                        id=ids.ARTICLE_FILTER,
                        options=[
                            {"label": d.meta.get("title", name), "value": name}
                            for name, d in dataset.datasets.items()
                        ],
                        value=list(dataset.datasets),
                        className="relation-filter",
                        labelClassName="relation-option",
                        inputClassName="relation-checkbox",
                    ),
                    title_id="article-filter-title",
                ),
                id=ids.ARTICLE_FILTER_BLOCK,
                # One article: nothing to choose, but the callbacks still read the value.
                hidden=len(dataset.datasets) == 1,
            ),
            *_group(
                "Actors with no visible relation",
                _inline_choice(ids.ISOLATED_MODE, {"fade": "Fade", "hide": "Hide"}, "fade"),
            ),
            *_group(
                "Download what is shown",
                _buttons(ids.DOWNLOAD_BUTTON, DOWNLOADS),
                _buttons(ids.FIGURE_DOWNLOAD, FIGURE_DOWNLOADS, "Graph as {}"),
            ),
            html.Span(id=ids.FIGURE_DOWNLOADED, hidden=True),
            dcc.Download(id=ids.DOWNLOAD),
            html.H2("Key", className="section-title"),
            html.Ul(
                [
                    html.Li(
                        [html.Span(className="dot", style={"backgroundColor": KIND_COLOURS[k]}), k]
                    )
                    for k in kinds
                ],
                className="key",
            ),
            html.Ul(
                [
                    *[
                        html.Li([_line_swatch(POLARITY_DASH[p], "#444"), POLARITY_LABEL[p].lower()])
                        for p in polarities
                    ],
                    html.Li(
                        [html.Span("▲", className="key-glyph"), "direction of a directed relation"]
                    ),
                    html.Li(
                        [html.Span("△", className="key-glyph"), "faint line, hollow mark: alleged"]
                    ),
                    html.Li([html.Span("━", className="key-glyph"), "thicker line: more quotes"]),
                ],
                className="key",
            ),
        ],
        className="filters",
        **{"aria-label": "Filters"},
    )

    graph = html.Main(
        [
            html.H2("View", className="visually-hidden", id="view-title"),
            dcc.RadioItems(
                id=ids.VIEW_TAB,
                options=[{"label": label, "value": key} for key, label in TABS.items()],
                value="graph",
                inline=True,
                className="view-tabs",
                inputClassName="view-tab-input",
                labelClassName="view-tab",
            ),
            html.Div(
                [
                    # For screen readers: the graph is a picture; the words are elsewhere.
                    html.P(
                        f"A network of {len(dataset.actors)} actors and {len(model.edges)} "
                        "relations. The Table view lists every relation with its quote; the "
                        "Evidence panel describes the selected actor or relation in words.",
                        className="visually-hidden",
                    ),
                    dcc.Graph(
                        id=ids.GRAPH,
                        figure=figure_dict(model, first_view),
                        config=GRAPH_CONFIG,
                        className="network-graph",
                        responsive=True,
                    ),
                ],
                id=ids.GRAPH_PANE,
                className="pane",
            ),
            html.Section(
                html.Div(id=ids.ARTICLE_VIEW, className="article-view"),
                id=ids.ARTICLE_PANE,
                className="pane pane-scroll",
                hidden=True,
                **{"aria-label": "Article"},
            ),
            html.Section(
                [
                    html.Div(
                        [
                            html.Label("Search the table", htmlFor=ids.TABLE_SEARCH),
                            dcc.Input(
                                id=ids.TABLE_SEARCH,
                                type="search",
                                placeholder="Words in any column…",
                                debounce=0.3,
                                className="table-search",
                            ),
                            html.Span(
                                "Select a row to read its relation in the panel.",
                                className="panel-hint",
                            ),
                        ],
                        className="table-tools",
                    ),
                    html.Div(relations_table(model), className="table-box"),
                ],
                id=ids.TABLE_PANE,
                className="pane pane-table",
                hidden=True,
                **{"aria-label": "Table of relations"},
            ),
        ],
        className="graph-column",
    )

    panel = html.Aside(
        [
            html.Div(
                html.Button(
                    "Clear selection", id=ids.CLEAR_SELECTION, className="chip", n_clicks=0
                ),
                className="panel-tools",
            ),
            html.Div(
                empty_panel(model), id=ids.PANEL, className="panel", **{"aria-live": "polite"}
            ),
        ],
        className="panel-column",
        **{"aria-label": "Evidence"},
    )

    return html.Div(
        [
            html.Header(
                [
                    html.Div(
                        [
                            html.H1(meta.get("title", dataset.name)),
                            html.P(byline, className="byline"),
                        ],
                        className="title-block",
                    ),
                    html.Details(
                        [
                            html.Summary("How to read this graph"),
                            html.Ul(
                                [
                                    html.Li(
                                        "Each circle is an actor named in the article, sized by "
                                        "how many quotes involve it and coloured by its kind."
                                    ),
                                    html.Li(
                                        "Each line is a relation the article states between two "
                                        "actors. Colour and line style give its type: solid for "
                                        "cooperation, dashed for conflict, dotted for standing "
                                        "relations such as membership."
                                    ),
                                    html.Li(
                                        "A triangle on a line points from the actor who acts to "
                                        "the one acted on; a faint line with a hollow mark is "
                                        "alleged, not stated as fact."
                                    ),
                                    html.Li(
                                        "Click an actor or a line to read, on the right, the "
                                        "sentences that support it, word for word, with their "
                                        "sentence numbers; “show in article” opens the "
                                        "article at that sentence."
                                    ),
                                    html.Li(
                                        "Article: every sentence the graph cites is marked by "
                                        "the kind of relation it supports (blue cooperation, "
                                        "red conflict, grey neutral, purple mixed); click one "
                                        "to see its relations. Table: every quote that passes "
                                        "the filters; sort, search, select a row."
                                    ),
                                    html.Li(
                                        "By keyboard: Tab moves between the controls, the "
                                        "marked sentences and the table; Enter or Space "
                                        "chooses. The panel on the right says in words what "
                                        "the graph draws."
                                    ),
                                ],
                            ),
                        ],
                        className="how-to",
                    ),
                ],
                className="page-header",
            ),
            html.Div([filters, graph, panel], className="columns"),
            dcc.Store(id=ids.SELECTION, data=None),
            dcc.Store(id=ids.FIGURE_NODES, data=nodes_key(model, first_view)),
            dcc.Store(id=ids.ARTICLE_GATE),
            dcc.Store(id=ids.TABLE_GATE),
            dcc.Location(id=ids.URL, refresh=False),
            html.Span(id=ids.SCROLLED, hidden=True),
        ],
        className="page",
    )
