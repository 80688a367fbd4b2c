"""Downloads: the data that passes the filters, and the graph as a picture."""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, no_update

from dashboard import ids
from dashboard.callbacks.controls import controls
from dashboard.corpus import restrict_articles
from dashboard.export import FORMATS, brat_zip, export, to_brat
from dashboard.filters import shown_articles, shown_relations
from dashboard.graph import ModelSource, NetworkModel
from dashboard.state import from_controls

MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "graphml": "application/xml",
    "gexf": "application/xml",
    "w3c": "application/ld+json",
    "brat": "application/zip",
}
EXTENSIONS = {"w3c": "jsonld", "brat": "zip"}  # the others are their format's name


def register_download_callbacks(app: Dash, models: ModelSource) -> None:
    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        inputs=dict(_clicks=Input({"type": ids.DOWNLOAD_BUTTON, "format": ALL}, "n_clicks")),
        state=dict(controls=controls(State, "relations", "articles")),
        prevent_initial_call=True,
    )
    def download(_clicks, controls):
        model = models.current
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or trigger.get("format") not in FORMATS:
            return no_update
        if not ctx.triggered or not ctx.triggered[0].get("value"):
            return no_update
        fmt = trigger["format"]
        state = from_controls(model, controls)
        chosen, kept = shown_relations(model, state), shown_articles(model, state)
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
