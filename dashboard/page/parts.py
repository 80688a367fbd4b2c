"""Small pieces the parts of the page share: swatches, radio rows, labelled groups, buttons."""

from __future__ import annotations

from dash import dcc, html

_BORDER = {"solid": "solid", "dash": "dashed", "dot": "dotted"}


def line_swatch(dash: str, colour: str) -> html.Span:
    """A short line drawn in a relation's colour and style (solid, dashed, dotted)."""
    return html.Span(
        className="line-swatch", style={"borderTop": f"3px {line_style(dash)} {colour}"}
    )


def line_style(dash: str) -> str:
    """The CSS border style that draws a Plotly line dash ("solid", "dash", "dot")."""
    return _BORDER[dash]


def inline_choice(component_id: str, choices: dict[str, str], value: str) -> dcc.RadioItems:
    """A row of radio buttons, one per (value, label) of ``choices``."""
    return dcc.RadioItems(
        id=component_id,
        options=[{"label": label, "value": key} for key, label in choices.items()],
        value=value,
        inline=True,
        className="inline-choice",
    )


def group(title: str, *controls, title_id: str | None = None) -> list:
    """A section title and its controls, grouped so that a screen reader names them by it."""
    title_id = title_id or "group-" + "-".join(title.lower().split())
    return [
        html.H2(title, className="section-title", id=title_id),
        html.Div(list(controls), role="group", **{"aria-labelledby": title_id}),
    ]


def buttons(kind: str, entries, label: str = "{}") -> html.Div:
    """A row of buttons, one per (format, name, tooltip), ids by pattern."""
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
