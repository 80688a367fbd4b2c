"""Settling the differences between two curations in curate mode (``curate A --compare B``).

The page draws the union of A (the folder being curated) and B (``comparison_view.union_of``).
Each relation only B has can be accepted into A: B's rows of it are copied into A as ``AddTriple``
edits, after ``AddActor`` for the actors those rows use that A lacks and ``AddRelationType`` for a
type A's taxonomy lacks. Each relation only A has can be rejected: its rows are deleted from A
(``DeleteTriple``). The edits of one accept (or one reject) are one ``Group``: one change through
the store, validated as a whole, written at once and journalled as one step, so one Undo takes
it all back, and a refused one writes nothing. A settled relation is then in both curations (or in
neither), so it leaves the list of differences, and the figure marks it no more.
"""

from __future__ import annotations

import pandas as pd
from dash import ALL, Dash, Input, Output, State, ctx, html, no_update

from dashboard.compare import ArticleMismatch
from dashboard.comparison_view import SIDE_GLYPHS, Union, edge_sides, union_of, union_of_model
from dashboard.curate import ids
from dashboard.curate.callbacks import CuratedModels, Outcome, perform
from dashboard.curate.edits import (
    Actor,
    AddActor,
    AddRelationType,
    AddTriple,
    DeleteTriple,
    Edit,
    Group,
    RelationType,
    Triple,
)
from dashboard.curate.store import Store
from dashboard.dataset import CERTAINTIES, Dataset
from dashboard.graph import DEFAULT_SEED, NetworkModel, edge_id

ADJUDICATION = "curate-adjudication"  # the list of differences still to settle
SETTLE = "curate-settle"  # pattern-matching: {"type": SETTLE, "edge": edge id}

__all__ = ["ADJUDICATION", "SETTLE", "ComparedModels", "accept_edits", "reject_edits"]


class ComparedModels(CuratedModels):
    """The model source of curate mode with a comparison: the union of the store's dataset (A,
    as it is now) and the fixed curation B, rebuilt once per version of A's files."""

    def __init__(self, store: Store, other: Dataset, seed: int = DEFAULT_SEED):
        super().__init__(store, seed)
        self.other = other  # a B of another article raises ArticleMismatch at the first model

    def _dataset(self) -> Dataset | None:
        dataset = self.store.dataset
        return None if dataset is None else union_of(dataset, self.other)


def relation_rows(model: NetworkModel, edge: str, curation: str) -> list:
    """The union's rows (index labels) of one curation that back the relation an edge draws
    (every certainty of it), in file order."""
    # The model's edges are the relation's certainties, each with its rows (an undirected
    # relation's ends already in one order), so the relation's rows are a few edges' rows.
    source, relation, target = (model.edges.at[edge, k] for k in ("source", "relation", "target"))
    siblings = [edge_id(source, relation, target, c) for c in CERTAINTIES]
    rows = sorted(
        row for e in siblings if e in model.edge_position for row in model.edges.at[e, "rows"]
    )
    whose = model.dataset.triples["curation"]
    return [row for row in rows if whose.at[row] == curation]


def accept_edits(model: NetworkModel, edge: str) -> list[Edit]:
    """The edits that copy the relation only B has (the one ``edge`` draws) into A."""
    union: Union = model.dataset
    a, b = union.a, union.b
    triples = union.triples
    rows = relation_rows(model, edge, "b")
    edits: list[Edit] = []
    reverse = {a_id: b_id for b_id, a_id in union.actor_ids.items()}
    for actor_id in dict.fromkeys(
        actor for row in rows for actor in (triples.at[row, "source"], triples.at[row, "target"])
    ):
        if actor_id in a.actors.index:
            continue
        actor = b.actors.loc[reverse.get(actor_id, actor_id)]
        edits.append(
            AddActor(
                Actor(
                    actor_id, actor["name"], actor["kind"], tuple(actor["aliases"]),
                    actor["description"],
                )
            )
        )  # fmt: skip
    relation_id = model.edges.at[edge, "relation"]
    if relation_id not in a.relations.index:
        relation = b.relations.loc[relation_id]
        quad = relation["quad_class"]
        edits.append(
            AddRelationType(
                RelationType(
                    relation_id, relation["label"], relation["polarity"],
                    "" if pd.isna(quad) else str(int(quad)),
                    bool(relation["directed"]), relation["description"],
                )
            )
        )  # fmt: skip
    for row in rows:
        t = triples.loc[row]
        edits.append(
            AddTriple(
                Triple(t["source"], t["relation"], t["target"], t["quote"], t["certainty"],
                       t["note"])
            )
        )  # fmt: skip
    return edits


def reject_edits(store: Store, model: NetworkModel, edge: str) -> list[Edit]:
    """The edits that delete the relation only A has (the one ``edge`` draws) from A."""
    # A's rows are the union's first rows, labelled by their place in A's triples.csv; the store
    # names a row by its cells exactly as the file holds them.
    draft = store.draft.triples
    return [DeleteTriple(draft[row]) for row in relation_rows(model, edge, "a")]


def settle(store: Store, models: ComparedModels, edge, action, version) -> Outcome:
    """Accept (B-only) or reject (A-only) the relation an edge draws, whole or not at all."""
    model = models.current
    if union_of_model(model) is None or not isinstance(edge, str) or edge not in model.edges.index:
        return Outcome(False, "That difference is gone; it may be settled already.")
    side = str(edge_sides(model)[model.edge_position[edge]])
    if (side, action) not in (("b", "accept"), ("a", "reject")):
        return Outcome(False, "That difference is settled already.")
    edits = accept_edits(model, edge) if action == "accept" else reject_edits(store, model, edge)
    names = model.dataset.actors["name"]
    e = model.edges.loc[edge]
    label = model.dataset.relations.at[e["relation"], "label"]
    said = f"{names[e['source']]} {label} {names[e['target']]}"
    verb = "accepted into A" if action == "accept" else "rejected from A"
    summary = f"{verb}: {said} ({_rows(edits)})"
    outcome = perform(lambda: store.apply(Group(tuple(edits), summary), version))
    if outcome.ok:
        return Outcome(True, f"{summary[:1].upper()}{summary[1:]}. Undo takes it back.")
    return outcome


def _rows(edits: list[Edit]) -> str:
    """What a settlement changes, in words: "2 rows, an actor and a relation type"."""
    rows = sum(isinstance(edit, (AddTriple, DeleteTriple)) for edit in edits)
    actors = sum(isinstance(edit, AddActor) for edit in edits)
    parts = [f"{rows} row{'s' if rows != 1 else ''}"]
    if actors:
        parts.append("an actor" if actors == 1 else f"{actors} actors")
    if any(isinstance(edit, AddRelationType) for edit in edits):
        parts.append("a relation type")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def adjudication_list(model: NetworkModel) -> list:
    """The differences still to settle, each with its button: Accept into A or Reject."""
    union = union_of_model(model)
    if union is None:
        return []
    sides = edge_sides(model)
    names = union.actors["name"]
    labels = union.relations["label"]
    items = []
    seen = set()
    for position, (edge, e) in enumerate(model.edges.iterrows()):
        side = str(sides[position])
        key = (e["source"], e["relation"], e["target"])
        if side not in SIDE_GLYPHS or key in seen:
            continue
        seen.add(key)  # one button per relation, whatever certainties it is coded with
        arrow = " → " if e["directed"] else " — "
        said = f"{names[e['source']]}{arrow}{labels[e['relation']]}{arrow}{names[e['target']]}"
        action, text = ("accept", "Accept into A") if side == "b" else ("reject", "Reject")
        items.append(
            html.Li(
                [
                    html.Span(SIDE_GLYPHS[side], className=f"side-glyph side-glyph-{side}",
                              **{"aria-hidden": "true"}),
                    html.Span(f" only in {SIDE_GLYPHS[side]}: {said} ", className="difference"),
                    html.Button(
                        text, id={"type": SETTLE, "edge": edge, "action": action},
                        className="chip", n_clicks=0,
                        title=(f"Copy B's rows of this relation into {union.a.name}"
                               if action == "accept" else
                               f"Delete this relation's rows from {union.a.name}"),
                    ),
                ]
            )
        )  # fmt: skip
    if not items:
        return [html.P("No differences left: A and B have the same relations.")]
    return [
        html.H2(f"Differences to settle ({len(items)})", className="section-title"),
        html.Ul(items, className="adjudication-list"),
    ]


def adjudication_block(model: NetworkModel) -> html.Section:
    """The list of differences as a section of its own (``curate_layout``'s ``differences``)."""
    return html.Section(
        adjudication_list(model), id=ADJUDICATION, className="adjudicate",
        **{"aria-label": "Differences to settle"},
    )  # fmt: skip


def register_adjudication_callbacks(app: Dash, store: Store, models: ComparedModels) -> None:
    @app.callback(
        Output(ids.CHANGE, "data", allow_duplicate=True),
        Input({"type": SETTLE, "edge": ALL, "action": ALL}, "n_clicks"),
        State(ids.VERSION, "data"),
        prevent_initial_call=True,
    )
    def settle_difference(_clicks, version):
        trigger = ctx.triggered_id
        if not (ctx.triggered and ctx.triggered[0].get("value")) or not isinstance(trigger, dict):
            return no_update  # a redrawn list fires its buttons with n_clicks 0
        outcome = settle(store, models, trigger.get("edge"), trigger.get("action"), version)
        return outcome.change()

    @app.callback(Output(ADJUDICATION, "children"), Input(ids.VERSION, "data"))
    def list_differences(_version):
        return adjudication_list(models.current)


__all__ += ["ArticleMismatch", "adjudication_block", "register_adjudication_callbacks"]
__all__ += ["settle"]
