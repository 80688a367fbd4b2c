"""Curate mode's callbacks: each change goes through the store, and the page follows it.

Every callback that changes the dataset writes ``ids.CHANGE``: what happened (or why nothing
did). One refresh callback follows that store and redraws what depends on the data: the
article's marks, the to-do list, undo and redo, the pickers, the relation filter and the
selection (whose change makes the read-only callbacks redraw the graph, the panel and the table).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from dashboard import ids as read_ids
from dashboard.curate import ids
from dashboard.curate.choices import (
    actor_choices,
    mentioned_actors,
    near_duplicates,
    parse_aliases,
    quote_span,
    quote_warning,
    todo_items,
)
from dashboard.curate.edits import (
    Actor,
    AddActor,
    AddAlias,
    AddRelationType,
    AddTriple,
    DeleteTriple,
    Edit,
    EditActor,
    EditError,
    EditTriple,
    MarkUncited,
    RelationType,
    Triple,
    Uncited,
    slug,
)
from dashboard.curate.page import (
    article_editor,
    problems_list,
    relation_options,
    selection_rows,
    todo_list,
    todo_summary,
)
from dashboard.curate.placement import keep_places
from dashboard.curate.store import Conflict, Refused, Store
from dashboard.dataset import ACTOR_KINDS, CERTAINTIES, POLARITIES, QUAD_CLASSES, Dataset
from dashboard.graph import DEFAULT_SEED, NetworkModel, edge_id
from dashboard.page import actor_options
from dashboard.page import relation_options as filter_options

MAX_TEXT = 5000  # characters typed into one field (a note, a description)


class CuratedModels:
    """A model source (see ``graph.ModelSource``) for the read-only callbacks and the page: the
    model of the dataset as the store holds it now, rebuilt once per version of the files.

    A rebuilt model keeps every actor where the model before it had it, and places a new actor
    near its counterparts (``placement.keep_places``); ``lay_out_again`` lays it out afresh.
    """

    def __init__(self, store: Store, seed: int = DEFAULT_SEED):
        self.store = store
        self.seed = seed
        self._lock = threading.Lock()
        self._version: str | None = None
        self._model: NetworkModel | None = None

    def _dataset(self) -> Dataset | None:
        """What the model draws: the store's dataset (None while the files do not validate)."""
        return self.store.dataset

    @property
    def current(self) -> NetworkModel:
        with self._lock:
            return self._current()

    def _current(self) -> NetworkModel:
        if self._version != self.store.version or self._model is None:
            dataset = self._dataset()
            if dataset is not None:  # a folder that fails to validate keeps the last model
                kept = keep_places(self._model.laid_out()) if self._model is not None else None
                self._model = NetworkModel.from_dataset(dataset, seed=self.seed, place=kept)
            elif self._model is None:
                raise RuntimeError("the dataset does not validate; nothing to show")
            self._version = self.store.version
        return self._model

    def lay_out_again(self) -> NetworkModel:
        """Serve the same data laid out from scratch, as ``run`` lays it out; nothing is written."""
        with self._lock:
            model = self._current()
            self._model = NetworkModel.from_dataset(model.dataset, seed=self.seed)
            return self._model


@dataclass(frozen=True)
class Outcome:
    """What a change did: ``ok`` with the store's summary, or why nothing was written."""

    ok: bool
    message: str
    conflict: tuple[str, ...] = ()

    def change(self, **extra) -> dict:
        """The data for ``ids.CHANGE``; ``at`` makes every change a new value."""
        return {
            "ok": self.ok,
            "message": self.message,
            "conflict": list(self.conflict),
            "at": time.time(),
            **extra,
        }


def perform(step: Callable[[], object], what: str = "") -> Outcome:
    """Run one store call and say what happened; the store's refusals become messages, never
    exceptions (a bug still raises, and answers 500)."""
    try:
        change = step()
    except Conflict as error:
        files = tuple(error.files)
        return Outcome(
            False,
            "Nothing was written: the files changed on disk since this page loaded "
            f"({', '.join(files) or 'the dataset'}). Reload to see them.",
            files or ("the dataset",),
        )
    except Refused as error:
        return Outcome(False, "Not saved: " + "; ".join(plain_problem(p) for p in error.problems))
    except EditError as error:
        return Outcome(False, f"Not saved: {error}")
    if change is None:
        return Outcome(False, f"Nothing to {what}." if what else "Nothing changed.")
    summary = getattr(change, "summary", "")
    return Outcome(True, summary[:1].upper() + summary[1:] + ".")


def plain_problem(problem) -> str:
    """A validator's problem without the folder's path, which the curator knows."""
    file = getattr(problem, "file", None)
    if file is None:
        return str(problem)
    place = file.name if problem.line is None else f"{file.name}:{problem.line}"
    column = f" column '{problem.column}':" if problem.column else ""
    return f"{place}:{column} {problem.message}"


# Pure helpers the callbacks share


def _text(value, limit: int = MAX_TEXT) -> str:
    """What a text field holds, as text (the store and the validator check the rest)."""
    return value[:limit].strip() if isinstance(value, str) else ""


def triple_at(store: Store, row) -> Triple | None:
    """The row of triples.csv at a position (the Dataset's index label), exactly as the file
    holds it: the store names rows by their cells, which the loader trims."""
    triples = store.draft.triples
    if not isinstance(row, int) or isinstance(row, bool) or not 0 <= row < len(triples):
        return None
    return triples[row]


def actor_at(store: Store, actor_id) -> Actor | None:
    """The row of actors.csv with an id, exactly as the file holds it."""
    return next((a for a in store.draft.actors if a.id == actor_id), None)


def edge_of_triple(model: NetworkModel, triple: Triple) -> str | None:
    """The edge a triple is drawn in (undirected relations order their ends), if it is there."""
    relations = model.dataset.relations
    if triple.relation not in relations.index:
        return None
    source, target = triple.source, triple.target
    if not relations.at[triple.relation, "directed"] and source > target:
        source, target = target, source
    key = edge_id(source, triple.relation, target, triple.certainty)
    return key if key in model.edges.index else None


def form_fields(dataset: Dataset, start: int, end: int) -> dict:
    """What the form shows for ``article[start:end]``: the quote, a warning, the actors it names,
    the pickers' options with those actors first, and a first guess at Source and Target."""
    named = mentioned_actors(dataset, start, end)
    names = dataset.actors["name"]
    options = actor_choices(dataset.actors, named)
    return {
        "quote": dataset.article[start:end],
        "warning": quote_warning(dataset.article, start, end) or "",
        "named": ("Named here: " + ", ".join(names[a] for a in named)) if named else
                 "No actor is named here: pick any, or create one with “New actor…”.",
        "options": options,
        "source": named[0] if named else None,
        "target": named[1] if len(named) > 1 else None,
    }  # fmt: skip


def relation_filter_value(relations: list[str], value, known) -> list[str]:
    """The relation filter after a change: what was ticked, and every type that is new."""
    ticked = set(value) if isinstance(value, list) else set()
    before = {o.get("value") for o in known} if isinstance(known, list) else set()
    return [r for r in relations if r in ticked or r not in before]


def clean_triple_selection(model: NetworkModel, selection):
    """Keep the selection if it still names something, else None (after a delete or an undo)."""
    if not isinstance(selection, dict):
        return None
    kind, key = selection.get("kind"), selection.get("id")
    if kind == "actor" and key in model.dataset.actors.index:
        return selection
    if kind == "edge" and key in model.edges.index:
        return selection
    if kind == "sentence" and isinstance(key, str):
        return selection
    return None


def _clicked() -> bool:
    """Whether the pattern-matching input that fired was a real click (a redrawn list fires its
    buttons with n_clicks 0)."""
    return bool(ctx.triggered) and bool(ctx.triggered[0].get("value"))


@dataclass(frozen=True)
class Submission:
    """What a form's fields ask for: the ``edit`` to make and what the page does once it is
    made (``after``: the extra data of ``ids.CHANGE``), or the ``problem`` to fix first."""

    edit: Edit | None = None
    after: dict = field(default_factory=dict)
    problem: str = ""


def actor_submission(state, name, kind, aliases, description) -> Submission:
    """The actor form: a new actor (its id the name's slug, picked where it was asked for), or
    an actor's new name, kind, aliases and description (its id kept, the actor selected).

    >>> actor_submission({"mode": "add", "for": "target"}, " Persia ", "state", "", "").after
    {'pick': {'for': 'target', 'actor': 'persia'}}
    >>> actor_submission({"mode": "add"}, "Persia", "planet", "", "").problem
    'Choose its kind.'
    """
    if not isinstance(state, dict):
        return Submission(problem="Open the form again.")
    name = _text(name, 200)
    if not name:
        return Submission(problem="Type the actor's name.")
    if kind not in ACTOR_KINDS:
        return Submission(problem="Choose its kind.")
    aliases = tuple(a for a in parse_aliases(aliases) if a != name)
    if state.get("mode") == "edit":
        cells = state.get("old")
        try:
            old = Actor(**{**cells, "aliases": tuple(cells.get("aliases", ()))})
        except (TypeError, AttributeError):
            return Submission(problem="Open the form again.")
        new = Actor(old.id, name, kind, aliases, _text(description))
        return Submission(EditActor(old, new), {"select": {"kind": "actor", "id": old.id}})
    actor_id = slug(name)
    if not actor_id:
        return Submission(problem="The name needs a letter or a digit for its id.")
    new = Actor(actor_id, name, kind, aliases, _text(description))
    return Submission(AddActor(new), {"pick": {"for": state.get("for"), "actor": actor_id}})


def type_submission(label, polarity, quad, directed, description) -> Submission:
    """The relation type form: a new type, its id from its label (then chosen in the form).

    >>> type_submission("Trades with", "cooperative", "2", ["directed"], "").edit.relation
    RelationType(id='trades_with', label='Trades with', polarity='cooperative', quad_class='2', \
directed=True, description='')
    """
    label = _text(label, 200)
    relation_id = relation_slug(label)
    if not relation_id:
        return Submission(problem="Type a label, as it reads between two names.")
    if polarity not in POLARITIES:
        return Submission(problem="Choose its polarity.")
    quad = quad if quad in {str(n) for n in QUAD_CLASSES} else ""
    directed = isinstance(directed, list) and "directed" in directed
    relation = RelationType(relation_id, label, polarity, quad, directed, _text(description))
    return Submission(AddRelationType(relation), {"relation": relation_id})


def register_form_save(
    app: Dash,
    store: Store,
    form: str,
    message: str,
    save: str,
    submission: Callable[..., Submission],
    fields: list[tuple[str, str]],
) -> None:
    """A sub-form's Save: ``submission`` turns its ``fields`` into an edit (or says what is
    missing, in the form's ``message``); the store makes it. A change made closes the form; a
    refused one stays in it, with the store's reason."""

    @app.callback(
        Output(ids.CHANGE, "data", allow_duplicate=True),
        Output(form, "hidden", allow_duplicate=True),
        Output(message, "children", allow_duplicate=True),
        Input(save, "n_clicks"),
        *(State(*field_) for field_ in fields),
        State(ids.VERSION, "data"),
        prevent_initial_call=True,
    )
    def save_form(_clicks, *values):
        *typed, version = values
        wanted = submission(*typed)
        if wanted.edit is None:
            return no_update, no_update, wanted.problem
        outcome = perform(lambda: store.apply(wanted.edit, version))
        if not outcome.ok:
            return outcome.change(), no_update, outcome.message
        return outcome.change(**wanted.after), True, ""


def register_curate_callbacks(app: Dash, store: Store, models: CuratedModels) -> None:
    """Wire the curate parts to the store; every change lands in ``ids.CHANGE``."""

    def dataset() -> Dataset:
        return models.current.dataset

    # Opening the relation form: a selection, "Code it", a row's Edit, or Cancel.

    form_outputs = [
        Output(ids.FORM, "hidden"),
        Output(ids.FORM_STATE, "data"),
        Output(ids.FORM_TITLE, "children"),
        Output(ids.QUOTE, "children"),
        Output(ids.QUOTE_WARNING, "children"),
        Output(ids.NAMED, "children"),
        Output(ids.SOURCE, "options"),
        Output(ids.SOURCE, "value"),
        Output(ids.TARGET, "options"),
        Output(ids.TARGET, "value"),
        Output(ids.RELATION, "value"),
        Output(ids.CERTAINTY, "value"),
        Output(ids.NOTE, "value"),
        Output(ids.FORM_MESSAGE, "children"),
        Output(ids.ALIAS_ACTOR, "options"),
    ]

    @app.callback(
        *form_outputs,
        Input(ids.SELECTED, "data"),
        Input({"type": ids.TODO_CODE, "sentence": ALL}, "n_clicks"),
        Input({"type": ids.ROW_EDIT, "row": ALL}, "n_clicks"),
        Input(ids.CANCEL, "n_clicks"),
        State(ids.FORM_STATE, "data"),
        prevent_initial_call=True,
    )
    def open_form(selected, _code, _edit, _cancel, state):
        trigger = ctx.triggered_id
        keep = [no_update] * len(form_outputs)
        if trigger == ids.CANCEL:
            return True, None, *keep[2:]
        data = dataset()
        if trigger == ids.SELECTED:
            if not isinstance(selected, dict):
                return keep
            span = quote_span(data.article, selected.get("start"), selected.get("end"))
            if span is None:
                return keep
            if isinstance(state, dict) and state.get("mode") == "edit":
                # Editing: a new selection replaces the row's quote, nothing else.
                fields = form_fields(data, *span)
                new_state = {**state, "start": span[0], "end": span[1]}
                return (False, new_state, no_update, fields["quote"], fields["warning"],
                        fields["named"], *keep[6:])  # fmt: skip
            return _new_form(data, *span)
        if not _clicked():
            return keep
        if isinstance(trigger, dict) and trigger.get("type") == ids.TODO_CODE:
            number = trigger.get("sentence")
            if number not in data.sentences.index:
                return keep
            start, end = data.sentences.loc[number, ["start", "end"]]
            return _new_form(data, int(start), int(end))
        if isinstance(trigger, dict) and trigger.get("type") == ids.ROW_EDIT:
            row = trigger.get("row")
            triple = triple_at(store, row)
            if triple is None:
                return keep
            start, end = (int(x) for x in data.triples.loc[row, ["start", "end"]])
            fields = form_fields(data, start, end)
            state = {"mode": "edit", "start": start, "end": end, "old": triple.__dict__}
            return (False, state, "Edit relation", fields["quote"], fields["warning"],
                    fields["named"], fields["options"], triple.source, fields["options"],
                    triple.target, triple.relation, triple.certainty, triple.note, "",
                    fields["options"])  # fmt: skip
        return keep

    def _new_form(data: Dataset, start: int, end: int) -> tuple:
        fields = form_fields(data, start, end)
        state = {"mode": "add", "start": start, "end": end}
        return (False, state, "New relation", fields["quote"], fields["warning"], fields["named"],
                fields["options"], fields["source"], fields["options"], fields["target"], None,
                "stated", "", "", fields["options"])  # fmt: skip

    # Once, when the page is drawn: the pickers named by their labels (see assets/curate.js).
    app.clientside_callback(
        ClientsideFunction(namespace="curate", function_name="name_pickers"),
        Input(ids.FORMS, "id"),
    )

    app.clientside_callback(
        ClientsideFunction(namespace="curate", function_name="form_opened"),
        Output(ids.FORM_OPENED, "children"),
        Input(ids.FORM_STATE, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.SOURCE, "value", allow_duplicate=True),
        Output(ids.TARGET, "value", allow_duplicate=True),
        Input(ids.SWAP, "n_clicks"),
        State(ids.SOURCE, "value"),
        State(ids.TARGET, "value"),
        prevent_initial_call=True,
    )
    def swap(_clicks, source, target):
        return target, source

    # Saving a relation

    @app.callback(
        Output(ids.CHANGE, "data", allow_duplicate=True),
        Output(ids.FORM, "hidden", allow_duplicate=True),
        Output(ids.FORM_STATE, "data", allow_duplicate=True),
        Output(ids.FORM_MESSAGE, "children", allow_duplicate=True),
        Input(ids.SAVE, "n_clicks"),
        Input(ids.NOTE, "n_submit"),
        State(ids.FORM_STATE, "data"),
        State(ids.SOURCE, "value"),
        State(ids.RELATION, "value"),
        State(ids.TARGET, "value"),
        State(ids.CERTAINTY, "value"),
        State(ids.NOTE, "value"),
        State(ids.VERSION, "data"),
        prevent_initial_call=True,
    )
    def save_relation(_save, _submit, state, source, relation, target, certainty, note, version):
        if not isinstance(state, dict):
            return no_update, no_update, no_update, "Select a passage of the article first."
        data = dataset()
        span = quote_span(data.article, state.get("start"), state.get("end"))
        missing = [
            name
            for name, value, known in (
                ("a source", source, data.actors.index),
                ("a relation", relation, data.relations.index),
                ("a target", target, data.actors.index),
            )
            if value not in known
        ]
        if span is None:
            return no_update, no_update, no_update, "Select a passage of the article first."
        if missing:
            return no_update, no_update, no_update, f"Choose {' and '.join(missing)}."
        certainty = certainty if certainty in CERTAINTIES else "stated"
        triple = Triple(source, relation, target, data.article[span[0] : span[1]], certainty,
                        _text(note))  # fmt: skip
        if state.get("mode") == "edit":
            try:
                old = Triple(**state.get("old", {}))
            except TypeError:
                return no_update, no_update, no_update, "Open the row to edit again."
            edit = EditTriple(old, triple)
        else:
            edit = AddTriple(triple)
        outcome = perform(lambda: store.apply(edit, version))
        if not outcome.ok:
            return outcome.change(), no_update, no_update, outcome.message
        select = {"kind": "edge", "id": edge_of_triple(models.current, triple)}
        return outcome.change(select=select if select["id"] else None), True, None, ""

    # Deleting a row, adding an alias, undo and redo

    @app.callback(
        Output(ids.CHANGE, "data", allow_duplicate=True),
        Input({"type": ids.ROW_DELETE, "row": ALL}, "n_clicks"),
        State(ids.VERSION, "data"),
        State(read_ids.SELECTION, "data"),
        prevent_initial_call=True,
    )
    def delete_row(_clicks, version, selection):
        trigger = ctx.triggered_id
        if not _clicked() or not isinstance(trigger, dict):
            return no_update
        triple = triple_at(store, trigger.get("row"))
        if triple is None:
            return Outcome(False, "That row is gone; reload the page.").change()
        outcome = perform(lambda: store.apply(DeleteTriple(triple), version))
        return outcome.change(select=clean_triple_selection(models.current, selection))

    @app.callback(
        Output(ids.CHANGE, "data", allow_duplicate=True),
        Output(ids.FORM_MESSAGE, "children", allow_duplicate=True),
        Input(ids.ALIAS_ADD, "n_clicks"),
        State(ids.ALIAS_ACTOR, "value"),
        State(ids.FORM_STATE, "data"),
        State(ids.VERSION, "data"),
        prevent_initial_call=True,
    )
    def add_alias(_clicks, actor_id, state, version):
        data = dataset()
        if actor_id not in data.actors.index:
            return no_update, "Choose the actor the selected text names."
        if not isinstance(state, dict):
            return no_update, "Select the mention first."
        span = quote_span(data.article, state.get("start"), state.get("end"))
        if span is None:
            return no_update, "Select the mention first."
        alias = data.article[span[0] : span[1]]
        outcome = perform(lambda: store.apply(AddAlias(actor_id, alias), version))
        select = {"kind": "actor", "id": actor_id} if outcome.ok else None
        return outcome.change(select=select), "" if outcome.ok else outcome.message

    for button, method, what in ((ids.UNDO, "undo", "undo"), (ids.REDO, "redo", "redo")):

        def step(_clicks, version, selection, method=method, what=what):
            outcome = perform(lambda: getattr(store, method)(version), what)
            return outcome.change(select=clean_triple_selection(models.current, selection))

        app.callback(
            Output(ids.CHANGE, "data", allow_duplicate=True),
            Input(button, "n_clicks"),
            State(ids.VERSION, "data"),
            State(read_ids.SELECTION, "data"),
            prevent_initial_call=True,
        )(step)

    @app.callback(
        Output(read_ids.SELECTION, "data", allow_duplicate=True),
        Output(read_ids.REDRAW, "data", allow_duplicate=True),
        Output(ids.STATUS, "children", allow_duplicate=True),
        Input(ids.RELAYOUT, "n_clicks"),
        State(read_ids.SELECTION, "data"),
        prevent_initial_call=True,
    )
    def lay_out_again(_clicks, selection):
        # The network is drawn again from the new model (REDRAW: the browser's gate passes it
        # on), and the selection, written as it is, redraws the panel.
        model = models.lay_out_again()
        kept = clean_triple_selection(model, selection)
        return kept, time.time(), "Laid out again (nothing was written)."

    # The actor form

    @app.callback(
        Output(ids.ACTOR_FORM, "hidden"),
        Output(ids.ACTOR_STATE, "data"),
        Output(ids.ACTOR_TITLE, "children"),
        Output(ids.ACTOR_NAME, "value"),
        Output(ids.ACTOR_KIND, "value"),
        Output(ids.ACTOR_ALIASES, "value"),
        Output(ids.ACTOR_DESCRIPTION, "value"),
        Output(ids.ACTOR_MESSAGE, "children"),
        Output(ids.ACTOR_SAVE, "children"),
        Input(ids.NEW_SOURCE, "n_clicks"),
        Input(ids.NEW_TARGET, "n_clicks"),
        Input({"type": ids.ACTOR_EDIT, "actor": ALL}, "n_clicks"),
        Input(ids.ACTOR_CANCEL, "n_clicks"),
        State(ids.FORM_STATE, "data"),
        prevent_initial_call=True,
    )
    def open_actor_form(_source, _target, _edit, _cancel, state):
        trigger = ctx.triggered_id
        keep = [no_update] * 9
        if trigger == ids.ACTOR_CANCEL:
            return True, None, *keep[2:]
        if not _clicked():
            return keep
        data = dataset()
        if isinstance(trigger, dict) and trigger.get("type") == ids.ACTOR_EDIT:
            actor = actor_at(store, trigger.get("actor"))
            if actor is None:
                return keep
            return (False, {"mode": "edit", "old": {**actor.__dict__, "aliases": list(actor.aliases)}},
                    f"Edit actor {actor.name}", actor.name, actor.kind, "\n".join(actor.aliases),
                    actor.description, "", "Save actor")  # fmt: skip
        role = "source" if trigger == ids.NEW_SOURCE else "target"
        name = ""
        if isinstance(state, dict):
            span = quote_span(data.article, state.get("start"), state.get("end"))
            # A selection of a few words that names no actor is most likely the new actor's name.
            words = len(data.article[span[0] : span[1]].split()) if span else 0
            if span and words <= 4 and not mentioned_actors(data, *span):
                name = data.article[span[0] : span[1]]
        return (False, {"mode": "add", "for": role}, f"New actor for {role.title()}", name, None,
                "", "", "", "Create actor")  # fmt: skip

    @app.callback(
        Output(ids.ACTOR_ID, "children"),
        Output(ids.ACTOR_SIMILAR, "children"),
        Input(ids.ACTOR_NAME, "value"),
        Input(ids.ACTOR_ALIASES, "value"),
        State(ids.ACTOR_STATE, "data"),
        prevent_initial_call=True,
    )
    def describe_actor(name, aliases, state):
        data = dataset()
        name = _text(name, 200)
        editing = isinstance(state, dict) and state.get("mode") == "edit"
        old = state.get("old", {}).get("id") if editing else None
        actor_id = old or slug(name)
        id_line = f"id: {actor_id}" if actor_id else "id: (type a name)"
        if not editing and actor_id in data.actors.index:
            id_line += " (taken: this actor exists)"
        similar = near_duplicates(data.actors, [name, *parse_aliases(aliases)], exclude=old)
        if not similar:
            return id_line, []
        return id_line, [
            html_strong("Already here? "),
            *[f"“{name}” {s}. " for s in similar[:1]],
            *[f"Also {s}. " for s in similar[1:]],
        ]

    register_form_save(
        app, store, ids.ACTOR_FORM, ids.ACTOR_MESSAGE, ids.ACTOR_SAVE, actor_submission,
        [(ids.ACTOR_STATE, "data"), (ids.ACTOR_NAME, "value"), (ids.ACTOR_KIND, "value"),
         (ids.ACTOR_ALIASES, "value"), (ids.ACTOR_DESCRIPTION, "value")],
    )  # fmt: skip

    # A sub-form that opens takes the focus (its first field), above the relation form.
    app.clientside_callback(
        ClientsideFunction(namespace="curate", function_name="focus_opened"),
        Output(ids.FOCUSED, "children"),
        Input(ids.ACTOR_FORM, "hidden"),
        Input(ids.TYPE_FORM, "hidden"),
        Input(ids.SKIP_FORM, "hidden"),
        prevent_initial_call=True,
    )

    # The relation type form

    @app.callback(
        Output(ids.TYPE_FORM, "hidden"),
        Output(ids.TYPE_MESSAGE, "children"),
        Input(ids.NEW_TYPE, "n_clicks"),
        Input(ids.TYPE_CANCEL, "n_clicks"),
        prevent_initial_call=True,
    )
    def open_type_form(_new, _cancel):
        return ctx.triggered_id == ids.TYPE_CANCEL, ""

    @app.callback(
        Output(ids.TYPE_ID, "children"),
        Input(ids.TYPE_LABEL, "value"),
        prevent_initial_call=True,
    )
    def describe_type(label):
        relation_id = relation_slug(_text(label, 200))
        if not relation_id:
            return "id: (type a label)"
        taken = relation_id in dataset().relations.index
        return f"id: {relation_id}" + (" (taken: this type exists)" if taken else "")

    register_form_save(
        app, store, ids.TYPE_FORM, ids.TYPE_MESSAGE, ids.TYPE_SAVE, type_submission,
        [(ids.TYPE_LABEL, "value"), (ids.TYPE_POLARITY, "value"), (ids.TYPE_QUAD, "value"),
         (ids.TYPE_DIRECTED, "value"), (ids.TYPE_DESCRIPTION, "value")],
    )  # fmt: skip

    # "No relation here"

    @app.callback(
        Output(ids.SKIP_FORM, "hidden"),
        Output(ids.SKIP_SENTENCE, "children"),
        Output(ids.SKIP_REASON, "value"),
        Input({"type": ids.TODO_SKIP, "sentence": ALL}, "n_clicks"),
        Input(ids.SKIP_CANCEL, "n_clicks"),
        prevent_initial_call=True,
    )
    def open_skip_form(_skip, _cancel):
        trigger = ctx.triggered_id
        if trigger == ids.SKIP_CANCEL:
            return True, no_update, no_update
        if not _clicked() or not isinstance(trigger, dict):
            return no_update, no_update, no_update
        number = trigger.get("sentence")
        data = dataset()
        if number not in data.sentences.index:
            return no_update, no_update, no_update
        return False, data.sentences.at[number, "text"], ""

    @app.callback(
        Output(ids.CHANGE, "data", allow_duplicate=True),
        Output(ids.SKIP_FORM, "hidden", allow_duplicate=True),
        Input(ids.SKIP_SAVE, "n_clicks"),
        State(ids.SKIP_SENTENCE, "children"),
        State(ids.SKIP_REASON, "value"),
        State(ids.VERSION, "data"),
        prevent_initial_call=True,
    )
    def skip_sentence(_clicks, sentence, reason, version):
        data = dataset()
        known = set(data.sentences["text"])
        if not isinstance(sentence, str) or sentence not in known:
            return no_update, no_update
        reason = _text(reason, 2000)
        if not reason:
            return Outcome(False, "Say why the sentence has no relation.").change(), no_update
        outcome = perform(lambda: store.apply(MarkUncited(Uncited(sentence, reason)), version))
        return outcome.change(), True if outcome.ok else no_update

    # After every change: the page follows the store.

    @app.callback(
        Output(ids.VERSION, "data"),
        Output(ids.STATUS, "children"),
        Output(ids.UNDO, "disabled"),
        Output(ids.REDO, "disabled"),
        Output(ids.PROBLEMS, "children"),
        Output(ids.PROBLEMS, "hidden"),
        Output(ids.CONFLICT, "hidden"),
        Output("curate-conflict-text", "children"),
        Output(ids.ARTICLE, "children"),
        Output(ids.EMPTY_NOTE, "hidden"),
        Output(ids.TODO_SUMMARY, "children"),
        Output(ids.TODO_LIST, "children"),
        Output(ids.SOURCE, "options", allow_duplicate=True),
        Output(ids.TARGET, "options", allow_duplicate=True),
        Output(ids.ALIAS_ACTOR, "options", allow_duplicate=True),
        Output(ids.SOURCE, "value", allow_duplicate=True),
        Output(ids.TARGET, "value", allow_duplicate=True),
        Output(ids.NAMED, "children", allow_duplicate=True),
        Output(ids.RELATION, "options"),
        Output(ids.RELATION, "value", allow_duplicate=True),
        Output(read_ids.RELATION_FILTER, "options"),
        Output(read_ids.RELATION_FILTER, "value", allow_duplicate=True),
        Output(read_ids.ACTOR_SEARCH, "options", allow_duplicate=True),
        Output(read_ids.SELECTION, "data", allow_duplicate=True),
        Output(read_ids.REDRAW, "data", allow_duplicate=True),
        Input(ids.CHANGE, "data"),
        State(ids.FORM_STATE, "data"),
        State(read_ids.RELATION_FILTER, "value"),
        State(read_ids.RELATION_FILTER, "options"),
        State(read_ids.SELECTION, "data"),
        prevent_initial_call=True,
    )
    def follow_change(change, state, filter_value, filter_known, selection):
        if not isinstance(change, dict):
            return [no_update] * 25
        message = change.get("message") if isinstance(change.get("message"), str) else ""
        conflict = change.get("conflict") or []
        undo, redo = not store.can_undo, not store.can_redo
        if not change.get("ok"):
            conflict_text = message if conflict else no_update
            return (no_update, message, undo, redo, no_update, no_update, not conflict,
                    conflict_text, *[no_update] * 17)  # fmt: skip
        model = models.current
        data = model.dataset
        problems = [plain_problem(p) for p in store.problems]
        items = todo_items(data)
        # The pickers keep their values; a new actor lands in the picker it was made for.
        source = target = no_update
        named = no_update
        options = actor_choices(data.actors)
        if isinstance(state, dict):
            span = quote_span(data.article, state.get("start"), state.get("end"))
            if span:
                fields = form_fields(data, *span)
                options, named = fields["options"], fields["named"]
        pick = change.get("pick")
        if isinstance(pick, dict) and pick.get("actor") in data.actors.index:
            if pick.get("for") == "source":
                source = pick["actor"]
            elif pick.get("for") == "target":
                target = pick["actor"]
        relation = change.get("relation")
        relation = relation if relation in data.relations.index else no_update
        relations = list(data.relations.index)
        chosen = change.get("select", selection)
        chosen = clean_triple_selection(model, chosen)
        return (
            store.version, message, undo, redo, problems_list(problems), not problems, True, "",
            article_editor(data), len(data.triples) > 0, todo_summary(items), todo_list(items),
            options, options, options, source, target, named,
            relation_options(data.relations), relation,
            filter_options(model), relation_filter_value(relations, filter_value, filter_known),
            actor_options(model), chosen, time.time(),  # the graph, drawn from the new model
        )  # fmt: skip

    # The rows of what is selected, each with Edit and Delete

    @app.callback(
        Output(ids.ROWS, "children"),
        Input(read_ids.SELECTION, "data"),
        Input(ids.VERSION, "data"),
    )
    def show_rows(selection, _version):
        return selection_rows(models.current, selection)

    # Reload after a conflict: re-read the files, then the page.

    @app.callback(
        Output(ids.RELOADED, "children"),
        Input(ids.RELOAD, "n_clicks"),
        prevent_initial_call=True,
    )
    def reload(_clicks):
        store.reload()
        return store.version

    app.clientside_callback(
        ClientsideFunction(namespace="curate", function_name="reload_page"),
        Output(ids.RELOADED, "title"),
        Input(ids.RELOADED, "children"),
        prevent_initial_call=True,
    )


def relation_slug(label: str) -> str:
    """A relation type's id from its label, in the taxonomy's style (words joined by "_").

    >>> relation_slug("Trades with")
    'trades_with'
    """
    return slug(label).replace("-", "_")


def html_strong(text: str):
    from dash import html

    return html.Strong(text)
