"""The filters column: the actor search, the view's choices, the relation and article filters,
and the downloads, under the keys (on a wide screen: see keys.py)."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids, limits
from dashboard.figure import POLARITY_DASH, POLARITY_LABEL, relation_colours
from dashboard.graph import LAYOUTS, NetworkModel
from dashboard.page.comparison import comparison_block
from dashboard.page.keys import keys
from dashboard.page.markup import BrowserComponent
from dashboard.page.parts import buttons, group, inline_choice, line_style, line_swatch
from dashboard.state import FOCUS, ISOLATED, SIZE_BY

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


def filters_column(model: NetworkModel, controls: dict) -> html.Aside:
    """The column on the left; ``controls`` are the controls' values (``state.to_controls``)."""
    return html.Aside(
        [
            comparison_block(model, controls["sides"]),
            keys(model, "wide"),
            *actor_search(model),
            *group(
                "Around the selected actor",
                inline_choice(ids.FOCUS_PICKER, FOCUS, controls["focus"]),
            ),
            *group("Size actors by", inline_choice(ids.SIZE_PICKER, SIZE_BY, controls["size"])),
            html.Label("Layout", htmlFor=ids.LAYOUT_PICKER, className="section-title"),
            dcc.Dropdown(
                id=ids.LAYOUT_PICKER,
                options=[{"label": label, "value": key} for key, label in LAYOUTS.items()],
                value=controls["layout"],
                clearable=False,
                searchable=False,
            ),
            *relation_filter(model, controls["relations"]),
            article_filter(model, controls["articles"]),
            *group(
                "Actors with no visible relation",
                inline_choice(ids.ISOLATED_MODE, ISOLATED, controls["isolated"]),
            ),
            *downloads(),
        ],
        className="filters",
        **{"aria-label": "Filters"},
    )


def actor_search(model: NetworkModel) -> list:
    """The search box that selects an actor by name or alias."""
    return [
        html.Label("Find an actor", htmlFor=ids.ACTOR_SEARCH, className="section-title"),
        dcc.Dropdown(
            id=ids.ACTOR_SEARCH,
            options=actor_options(model),
            value=None,
            placeholder="Name or alias…",
            searchable=True,
            clearable=True,
        ),
    ]


def actor_options(model: NetworkModel, typed: str | None = None, keep: str | None = None) -> list:
    """The search box's options: every actor for an article-sized dataset (the browser searches
    them); above limits.SEARCH_ALL_UP_TO, the first limits.SEARCH_SUGGESTIONS whose name or alias
    contains what was typed, plus the actor ``keep`` (the current value).
    """
    actors = model.actors_by_name
    large = searched_by_server(model)
    if large and not typed and keep is None:
        return []
    needle = (typed or "").casefold().strip()
    options = []
    rows = zip(actors.index, actors["name"], actors["aliases"], strict=True)
    for actor_id, name, aliases in rows if needle or not large else ():
        search = " ".join([name, *aliases])
        if not large or (needle and needle in search.casefold()):
            options.append({"label": name, "value": actor_id, "search": search})
            if large and len(options) == limits.SEARCH_SUGGESTIONS:
                break
    if large and keep is not None and all(o["value"] != keep for o in options):
        name, aliases = actors.at[keep, "name"], actors.at[keep, "aliases"]
        options.append({"label": name, "value": keep, "search": " ".join([name, *aliases])})
    return options


def searched_by_server(model: NetworkModel) -> bool:
    """Whether the search box asks the server for its options as the reader types."""
    return len(model.dataset.actors) > limits.SEARCH_ALL_UP_TO


def relation_filter(model: NetworkModel, value: list[str]) -> list:
    """The relation types' checklist, with All, None and a button per polarity."""
    polarities = [p for p in POLARITY_LABEL if p in set(model.dataset.relations["polarity"])]
    return group(
        "Relation types",
        html.Div(
            [
                html.Button("All", id=ids.SELECT_ALL, className="chip", n_clicks=0),
                html.Button("None", id=ids.SELECT_NONE, className="chip", n_clicks=0),
                *[
                    html.Button(
                        [line_swatch(POLARITY_DASH[p], "#444"), POLARITY_LABEL[p]],
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
        RelationChecklist(
            id=ids.RELATION_FILTER,
            options=relation_options(model),
            value=value,
            className="relation-filter",
            labelClassName="relation-option",
            inputClassName="relation-checkbox",
            labelledBy="relation-filter-title",
        ),
        title_id="relation-filter-title",
    )


class RelationChecklist(BrowserComponent):
    """The relation types' checklist, as data that assets/checklist.js draws in one component.

    A dcc.Checklist whose labels are components (a swatch, the name, the count) draws each
    through Dash's wrapper: for the seed's 21 types, about 60 ms of every page load. ``options``
    are ``relation_options``; ``value`` the chosen types, set by a tick as dcc.Checklist sets
    it; ``labelledBy`` the id of the list's title.
    """

    _type = "RelationChecklist"  # assets/checklist.js: window.dashboard.RelationChecklist
    _prop_names = (
        "id", "className", "options", "value", "labelClassName", "inputClassName", "labelledBy"
    )  # fmt: skip


def relation_options(model: NetworkModel) -> list[dict]:
    """The checklist's options: each relation type's label and description, its line's colour
    and style (as the graph draws it), and how many of the graph's relations are of it."""
    relations = model.dataset.relations
    colours = relation_colours(relations)
    counts = model.edges["relation"].value_counts()
    return [
        {
            "value": relation_id,
            "label": relation["label"],
            "title": relation["description"],
            "colour": colours[relation_id],
            "line": line_style(POLARITY_DASH[relation["polarity"]]),
            "count": int(counts.get(relation_id, 0)),
        }
        for relation_id, relation in relations.iterrows()
    ]


def article_filter(model: NetworkModel, value: list[str]) -> html.Div:
    """The articles' checklist, hidden when there is one article."""
    datasets = model.dataset.datasets
    return html.Div(
        group(
            "Articles",
            dcc.Checklist(
                id=ids.ARTICLE_FILTER,
                options=[
                    {"label": d.meta.get("title", name), "value": name}
                    for name, d in datasets.items()
                ],
                value=value,
                className="relation-filter",
                labelClassName="relation-option",
                inputClassName="relation-checkbox",
            ),
            title_id="article-filter-title",
        ),
        id=ids.ARTICLE_FILTER_BLOCK,
        # One article: nothing to choose, but the callbacks still read the value.
        hidden=len(datasets) == 1,
    )


def downloads() -> list:
    """The download buttons: the data that passes the filters, and the graph as a picture."""
    return [
        *group(
            "Download what is shown",
            buttons(ids.DOWNLOAD_BUTTON, DOWNLOADS),
            buttons(ids.FIGURE_DOWNLOAD, FIGURE_DOWNLOADS, "Graph as {}"),
        ),
        html.Span(id=ids.FIGURE_DOWNLOADED, hidden=True),
        dcc.Download(id=ids.DOWNLOAD),
    ]
