"""The relations table: one row per quote that passes the filters, sortable and searchable.

It is Dash AG Grid, the table Dash's documentation recommends now that DataTable is deprecated.
Cells are plain text (no HTML renderer), so data is never read as markup.
"""

from __future__ import annotations

import dash_ag_grid as dag

from dashboard import ids
from dashboard.comparison_view import SIDE_WORDS, union_of_model
from dashboard.filters import passing_triples
from dashboard.graph import NetworkModel
from dashboard.state import ViewState

# Every text column wraps, so nothing is cut ("signs an agr…") and the grid fits its pane with
# no horizontal scrolling at 1280 px and wider (its pane is then about 610 px wide; the widths
# below add up to about 580 px, with the cell padding narrowed in assets/style.css).
_WRAP = {"wrapText": True, "autoHeight": True, "cellStyle": {"lineHeight": "1.4"}}
COLUMNS = [
    {"field": "source", "headerName": "Source", "flex": 1, "minWidth": 80, **_WRAP},
    {"field": "relation", "headerName": "Relation", "flex": 1.2, "minWidth": 96, **_WRAP},
    {"field": "target", "headerName": "Target", "flex": 1, "minWidth": 80, **_WRAP},
    {"field": "quote", "headerName": "Quote", "flex": 3.5, "minWidth": 170, **_WRAP},
    {"field": "certainty", "headerName": "Certainty", "width": 88},
    {
        "field": "sentence",
        "headerName": "Sent.",
        "headerTooltip": "The sentence's number in the article",
        "width": 66,
        "filter": "agNumberColumnFilter",
    },
]
ARTICLE_COLUMN = {"field": "article", "headerName": "Article", "flex": 1, "minWidth": 90, **_WRAP}
# Comparing two curations: whose row it is, and whether the other has its relation.
CURATION_COLUMNS = [
    {"field": "curation", "headerName": "Curation", "minWidth": 150, "pinned": "left"},
    {"field": "side", "headerName": "Relation is", "minWidth": 120},
]


def table_rows(model: NetworkModel, state: ViewState) -> list[dict]:
    """The rows of the quotes that pass the view's filters (``filters.passing_triples``: the
    graph's), in file order.

    Each row carries ``row`` (the triple's index label) and ``edge`` (its edge id) for selection.
    """
    dataset = model.dataset
    triples = dataset.triples[passing_triples(model, state)]
    names = dataset.actors["name"]
    labels = dataset.relations["label"]
    several = len(dataset.datasets) > 1
    union = union_of_model(model)
    titles = {name: d.meta.get("title", name) for name, d in dataset.datasets.items()}
    rows = []
    for row, source, relation, target, certainty, quote, sentence, article in zip(
        triples.index, triples["source"], triples["relation"], triples["target"],
        triples["certainty"], triples["quote"], triples["sentence"], triples["article"],
        strict=True,
    ):  # fmt: skip
        record = {
            "row": int(row),
            "edge": model.edge_of(row),
            "source": names[source],
            "relation": labels[relation],
            "target": names[target],
            "certainty": certainty,
            "quote": quote,
            "sentence": int(sentence),
        }
        if several:
            record["article"] = titles[article]
        if union is not None:
            record["curation"] = union.side_name(triples.at[row, "curation"])
            record["side"] = SIDE_WORDS[triples.at[row, "side"]]
        rows.append(record)
    return rows


def relations_table(model: NetworkModel) -> dag.AgGrid:
    """The grid, empty until the table is first shown (then filled by a callback).

    The page holds it as ``grid_spec`` and mounts it when the table is first shown."""
    columns = list(COLUMNS)
    if len(model.dataset.datasets) > 1:
        columns.append(ARTICLE_COLUMN)
    if union_of_model(model) is not None:
        columns = [*CURATION_COLUMNS, *columns]
    return dag.AgGrid(
        id=ids.TABLE,
        columnDefs=columns,
        rowData=[],
        defaultColDef={
            "sortable": True,
            "filter": True,
            "resizable": True,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        dashGridOptions={
            "rowSelection": {
                "mode": "singleRow",
                "checkboxes": False,
                "enableClickSelection": True,
            },
            "animateRows": False,
            # The grid is mounted in a shown pane, before its rows arrive: with the vertical
            # scrollbar's room kept from the start, the columns' flex widths are not computed
            # for a wider viewport than the one the rows leave (a pixel of horizontal scroll).
            "alwaysShowVerticalScroll": True,
            # Tab leaves the grid instead of walking every cell (the WAI-ARIA grid pattern: one
            # tab stop, arrows inside). The function is in assets/dashboard.js.
            "tabToNextCell": {"function": "leaveGridOnTab(params)"},
            "tooltipShowDelay": 300,
            "quickFilterText": "",
        },
        className="ag-theme-quartz relations-table",
        style={"height": "100%", "width": "100%"},
    )


def grid_spec(model: NetworkModel) -> dict:
    """The grid as the JSON Dash renders a component from: the page holds it until the table is
    first shown, and assets/network.js mounts it then (Dash AG Grid's bundle loaded first)."""
    return relations_table(model).to_plotly_json()


def selection_from_rows(model: NetworkModel, selected) -> dict | None:
    """The edge of the table row the reader selected, or None for anything unexpected."""
    if not isinstance(selected, list) or len(selected) != 1 or not isinstance(selected[0], dict):
        return None
    key = selected[0].get("edge")
    if isinstance(key, str) and key in model.edges.index:
        return {"kind": "edge", "id": key}
    return None
