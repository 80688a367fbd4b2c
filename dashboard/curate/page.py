"""Curate mode's page parts: the article to select from, the relation form, the actor and relation
type forms, the to-do list, the toolbar (undo, redo, what happened), and each selected row's Edit
and Delete. ``curate_layout`` puts them around the read-only page.

Every string from the data or from the curator is a text child of a component (never HTML, never
Markdown): Dash writes it into the page as text.
"""

from __future__ import annotations

import itertools

import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from dashboard.comparison_view import union_of_model
from dashboard.curate import ids
from dashboard.curate.choices import ToDo, relation_shortcuts, todo_items
from dashboard.dataset import ACTOR_KINDS, CERTAINTIES, POLARITIES, QUAD_CLASSES, Dataset
from dashboard.graph import NetworkModel
from dashboard.page import page_layout

# An article longer than this is shown a part at a time around the sentence being coded: Dash
# draws every span on its own, and each sentence is a few.
MAX_SENTENCES = 600
ROWS_SHOWN = 60  # rows listed with Edit and Delete under the panel for one selection


# The article, ready for selecting


def article_editor(dataset: Dataset, around: int | None = None) -> list:
    """The article as paragraphs of sentences; every piece of text carries ``data-start``, its
    offset in the article (in characters, as Python counts them), so that the browser can turn a
    selection into offsets without trusting the text it shows. Cited passages are marked by the
    polarity of the rows that quote them; actor mentions are underlined."""
    article = dataset.article
    sentences = dataset.sentences
    if len(sentences) == 0:
        return [html.P("The article is empty.", className="panel-hint")]
    first, last = 1, len(sentences)
    notes = []
    if len(sentences) > MAX_SENTENCES:
        centre = around or 1
        first = max(1, min(centre - MAX_SENTENCES // 2, len(sentences) - MAX_SENTENCES + 1))
        last = first + MAX_SENTENCES - 1
        notes.append(
            html.P(
                f"Sentences {first:,}–{last:,} of {len(sentences):,}; “Code it” in the to-do list "
                "shows the part around its sentence.",
                className="panel-hint",
            )
        )
    cited = _cited_spans(dataset)
    paragraphs: list = []
    current: list = []
    cursor = int(sentences.at[first, "start"])
    for number in range(first, last + 1):
        start, end = int(sentences.at[number, "start"]), int(sentences.at[number, "end"])
        between = article[cursor:start]
        if "\n" in between:
            if current:
                paragraphs.append(html.P(current, className="article-paragraph"))
            current = []
        elif between:
            current.append(_piece(between, cursor, ""))
        current.append(
            html.Span(
                _sentence_pieces(dataset, start, end, cited),
                id=f"cs-{number}",
                className="cs",
                **{"data-sentence": str(number)},
            )
        )
        cursor = end
    if current:
        paragraphs.append(html.P(current, className="article-paragraph"))
    # The page's words are English; the article's are in its language.
    language = dataset.meta.get("language") or None
    return [*notes, html.Div(paragraphs, className="article-text curate-text", lang=language)]


def _piece(text: str, start: int, classes: str, title: str | None = None) -> html.Span:
    extra = {"title": title} if title else {}
    return html.Span(
        text, className=f"piece {classes}".strip(), **{"data-start": str(start)}, **extra
    )


def _cited_spans(dataset: Dataset) -> list[tuple[int, int, str]]:
    """(start, end, polarity) of every row's quote, in the article's order."""
    polarity = dataset.relations["polarity"]
    triples = dataset.triples
    return sorted(
        (int(s), int(e), polarity[r])
        for s, e, r in zip(triples["start"], triples["end"], triples["relation"], strict=True)
    )


def _sentence_pieces(dataset: Dataset, start: int, end: int, cited) -> list:
    """A sentence cut where a quote or a mention starts or ends, each piece with its classes."""
    article = dataset.article
    covering = [(s, e, p) for s, e, p in cited if s < end and e > start]
    mentions = [(start + a, start + b, actor) for a, b, actor in dataset.mentions(start, end)]
    cuts = {start, end}
    for s, e, _ in covering:
        cuts.update((max(s, start), min(e, end)))
    for s, e, _ in mentions:
        cuts.update((s, e))
    names = dataset.actors["name"]
    pieces = []
    edges = sorted(cuts)
    for a, b in itertools.pairwise(edges):
        polarities = {p for s, e, p in covering if s <= a and e >= b}
        mention = next((actor for s, e, actor in mentions if s <= a and e >= b), None)
        classes = []
        title = None
        if polarities:
            kind = polarities.pop() if len(polarities) == 1 else "mixed"
            classes += ["cited", f"cited-{kind}"]
        if mention is not None:
            classes.append("mention")
            title = names[mention]
        pieces.append(_piece(article[a:b], a, " ".join(classes), title))
    return pieces


# The forms


def _field(label: str, control, for_id: str, hint: str | None = None) -> html.Div:
    children = [
        html.Label(label, htmlFor=for_id, className="field-label", id=f"{for_id}-label"),
        control,
    ]
    if hint:
        children.append(html.Span(hint, className="field-hint"))
    return html.Div(children, className="field")


def _text_field(label: str, for_id: str, hint: str | None = None, **textarea) -> html.Div:
    """A labelled text area of two rows (a description, the aliases, a reason)."""
    control = dcc.Textarea(id=for_id, value="", rows=2, className="curate-input", **textarea)
    return _field(label, control, for_id, hint)


def _choice_field(label: str, label_id: str, head: list, control) -> html.Div:
    """A labelled group of radio buttons: the label (with what ``head`` adds beside it), then
    the choices."""
    title = html.Span(label, className="field-label", id=label_id)
    top = html.Div([title, *head], className="field-head") if head else title
    return html.Div(
        [top, control], className="field", role="radiogroup", **{"aria-labelledby": label_id}
    )


def _actor_picker(label: str, picker: str, new: str, placeholder: str, extra=()) -> html.Div:
    """Source or Target: a searchable picker of every actor, and "New actor…" beside it."""
    return _field(
        label,
        html.Div(
            [
                dcc.Dropdown(id=picker, options=[], placeholder=placeholder, searchable=True,
                             clearable=True, className="picker"),
                html.Button("New actor…", id=new, className="chip", n_clicks=0,
                            title=f"Create an actor for {label}"),
                *extra,
            ],
            className="picker-row",
        ),
        picker,
    )  # fmt: skip


def _actions(
    save: str,
    save_id: str,
    cancel_id: str,
    message_id: str | None = None,
    save_title: str | None = None,
    cancel_title: str | None = None,
) -> html.Div:
    """A form's buttons: the primary one, Cancel, and where the form says what went wrong."""
    titles = {
        "save": {"title": save_title} if save_title else {},
        "cancel": {"title": cancel_title} if cancel_title else {},
    }
    message = (
        []
        if message_id is None
        else [html.Span(id=message_id, className="curate-error", role="alert")]
    )
    return html.Div(
        [
            html.Button(save, id=save_id, className="button-primary", n_clicks=0,
                        **titles["save"]),
            html.Button("Cancel", id=cancel_id, className="chip", n_clicks=0,
                        **titles["cancel"]),
            *message,
        ],
        className="form-actions",
    )  # fmt: skip


def _subform(children: list, form_id: str, title_id: str) -> html.Section:
    """A form that opens above the relation form (an actor, a type, a reason), hidden at first."""
    return html.Section(
        children,
        id=form_id,
        className="curate-form curate-subform",
        hidden=True,
        **{"aria-labelledby": title_id},
    )


def relation_options(relations: pd.DataFrame) -> list[dict]:
    """The Relation picker's options: each type's shortcut key, then its label."""
    keys = relation_shortcuts(list(relations.index))
    options = []
    for relation_id, label, polarity in zip(
        relations.index, relations["label"], relations["polarity"], strict=True
    ):
        key = keys.get(relation_id)
        options.append(
            {
                "label": html.Span(
                    [html.Kbd(key or " ", className="shortcut"), html.Span(label)],
                    className=f"relation-choice relation-{polarity}",
                    title=f"{label} ({polarity})" + (f"; key {key}" if key else ""),
                ),
                "value": relation_id,
            }
        )
    return options


def relation_form(dataset: Dataset) -> html.Section:
    """The form a selection opens: the quote, Source, Relation, Target, Certainty, Note, Save."""
    swap = html.Button("⇄ Swap", id=ids.SWAP, className="chip", n_clicks=0,
                       title="Swap Source and Target")  # fmt: skip
    return html.Section(
        [
            html.H2("New relation", id=ids.FORM_TITLE, className="curate-title"),
            html.Div("Quote", className="field-label", id="curate-quote-label"),
            html.Blockquote(
                id=ids.QUOTE, className="curate-quote", **{"aria-labelledby": "curate-quote-label"}
            ),
            html.P(id=ids.QUOTE_WARNING, className="curate-warning", role="alert"),
            html.P(id=ids.NAMED, className="field-hint"),
            html.Div(
                [
                    _actor_picker("Source", ids.SOURCE, ids.NEW_SOURCE, "Who acts…"),
                    _actor_picker("Target", ids.TARGET, ids.NEW_TARGET, "Acted on…", [swap]),
                ],
                className="pickers",
            ),
            _choice_field(
                "Relation", "curate-relation-label",
                [html.Span("press its key (Alt+key while typing)", className="field-hint"),
                 html.Button("New relation type…", id=ids.NEW_TYPE, className="chip",
                             n_clicks=0)],
                dcc.RadioItems(id=ids.RELATION, options=relation_options(dataset.relations),
                               value=None, className="relation-choices",
                               labelClassName="relation-choice-label",
                               inputClassName="relation-choice-input"),
            ),
            html.Div(
                [
                    _choice_field(
                        "Certainty", "curate-certainty-label", [],
                        dcc.RadioItems(id=ids.CERTAINTY,
                                       options=[{"label": c, "value": c} for c in CERTAINTIES],
                                       value="stated", inline=True, className="inline-choice"),
                    ),
                    _field("Note", dcc.Input(id=ids.NOTE, type="text", value="", debounce=False,
                                             className="curate-input", maxLength=2000,
                                             placeholder="How the quote says it (optional)"),
                           ids.NOTE),
                ],
                className="field-row",
            ),
            _actions("Save", ids.SAVE, ids.CANCEL, ids.FORM_MESSAGE,
                     "Save the relation (Enter)", "Close the form (Escape)"),
            html.Div(
                [
                    html.Label("Or add the selected text as an alias of",
                               htmlFor=ids.ALIAS_ACTOR, className="field-label"),
                    dcc.Dropdown(id=ids.ALIAS_ACTOR, options=[], placeholder="Actor…",
                                 searchable=True, clearable=True, className="picker"),
                    html.Button("Add alias", id=ids.ALIAS_ADD, className="chip", n_clicks=0),
                ],
                className="alias-row",
            ),
            dcc.Store(id=ids.FORM_STATE, data=None),
            html.Span(id=ids.FORM_OPENED, hidden=True),
        ],
        id=ids.FORM,
        className="curate-form",
        hidden=True,
        tabIndex="-1",
        **{"aria-labelledby": ids.FORM_TITLE},
    )  # fmt: skip


def actor_form() -> html.Section:
    """Create or edit an actor: name (its id derived and shown), kind, aliases, description."""
    kinds = [{"label": f"{k}: {d}", "value": k} for k, d in ACTOR_KINDS.items()]
    return _subform(
        [
            html.H2("New actor", id=ids.ACTOR_TITLE, className="curate-title"),
            _field("Name", dcc.Input(id=ids.ACTOR_NAME, type="text", value="", maxLength=200,
                                     className="curate-input"), ids.ACTOR_NAME),
            html.P(id=ids.ACTOR_ID, className="field-hint"),
            _field("Kind", dcc.Dropdown(id=ids.ACTOR_KIND, options=kinds, value=None,
                                        clearable=False, searchable=True, className="picker"),
                   ids.ACTOR_KIND),
            _text_field("Aliases", ids.ACTOR_ALIASES,
                        "one per line: other names the article uses for it"),
            _text_field("Description", ids.ACTOR_DESCRIPTION),
            html.Div(id=ids.ACTOR_SIMILAR, className="curate-warning", role="status"),
            _actions("Create actor", ids.ACTOR_SAVE, ids.ACTOR_CANCEL, ids.ACTOR_MESSAGE),
            dcc.Store(id=ids.ACTOR_STATE, data=None),
        ],
        ids.ACTOR_FORM,
        ids.ACTOR_TITLE,
    )  # fmt: skip


QUAD_OPTIONS = [{"label": "none", "value": ""}] + [
    {"label": f"{n}: {name}", "value": str(n)} for n, name in QUAD_CLASSES.items()
]


def type_form() -> html.Section:
    """Add a relation type: label (its id derived and shown), polarity, QuadClass, directed."""
    return _subform(
        [
            html.H2("New relation type", className="curate-title", id="curate-type-title"),
            _field("Label", dcc.Input(id=ids.TYPE_LABEL, type="text", value="", maxLength=200,
                                      className="curate-input",
                                      placeholder="as it reads between two names: “trades with”"),
                   ids.TYPE_LABEL),
            html.P(id=ids.TYPE_ID, className="field-hint"),
            _choice_field(
                "Polarity", "curate-polarity-label", [],
                dcc.RadioItems(id=ids.TYPE_POLARITY,
                               options=[{"label": p, "value": p} for p in POLARITIES],
                               value=None, inline=True, className="inline-choice"),
            ),
            _field("CAMEO QuadClass", dcc.Dropdown(id=ids.TYPE_QUAD, options=QUAD_OPTIONS,
                                                   value="", clearable=False, searchable=False,
                                                   className="picker"), ids.TYPE_QUAD),
            dcc.Checklist(id=ids.TYPE_DIRECTED,
                          options=[{"label": "Directed (from the source to the target)",
                                    "value": "directed"}],
                          value=["directed"], className="inline-choice"),
            _text_field("Description", ids.TYPE_DESCRIPTION),
            _actions("Add relation type", ids.TYPE_SAVE, ids.TYPE_CANCEL, ids.TYPE_MESSAGE),
        ],
        ids.TYPE_FORM,
        "curate-type-title",
    )  # fmt: skip


def skip_form() -> html.Section:
    """“No relation here”: the sentence and why it has no row, kept in dataset.toml."""
    return _subform(
        [
            html.H2("No relation here", className="curate-title", id="curate-skip-title"),
            html.Blockquote(id=ids.SKIP_SENTENCE, className="curate-quote"),
            _text_field("Reason", ids.SKIP_REASON,
                        placeholder="Why this sentence states no relation"),
            _actions("Record", ids.SKIP_SAVE, ids.SKIP_CANCEL),
        ],
        ids.SKIP_FORM,
        "curate-skip-title",
    )  # fmt: skip


# The to-do list, the toolbar, the problems


def todo_summary(items: list[ToDo]) -> str:
    if not items:
        return "To do: nothing: every sentence that names two actors is coded or explained"
    return f"To do: {len(items)} sentence{'s' if len(items) != 1 else ''} name two or more " \
        "actors and support no relation"  # fmt: skip


def todo_list(items: list[ToDo]) -> list:
    """Each sentence left to code, with “Code it” and “No relation here”."""
    return [
        html.Li(
            [
                html.Span(f"Sentence {item.sentence}", className="todo-number"),
                html.Span(", ".join(item.names), className="todo-names"),
                html.Q(item.text, className="todo-text"),
                html.Div(
                    [
                        html.Button("Code it", id={"type": ids.TODO_CODE, "sentence": item.sentence},
                                    className="chip", n_clicks=0,
                                    title=f"Open the form on sentence {item.sentence}"),
                        html.Button("No relation here",
                                    id={"type": ids.TODO_SKIP, "sentence": item.sentence},
                                    className="chip", n_clicks=0,
                                    title="Say why this sentence has no relation"),
                    ],
                    className="chip-row",
                ),
            ],
            className="todo-item",
        )
        for item in items
    ]  # fmt: skip


def problems_list(problems: list[str]) -> list:
    """The dataset's problems, as the validator words them (a folder that fails to validate on disk
    can be opened to be mended)."""
    if not problems:
        return []
    return [
        html.Strong(f"The dataset on disk has {len(problems)} problem"
                    f"{'s' if len(problems) != 1 else ''}; changes that mend them are accepted:"),
        html.Ul([html.Li(p) for p in problems]),
    ]  # fmt: skip


def empty_invitation(dataset: Dataset) -> html.Div:
    """What an empty dataset shows instead of a blank graph: how to start."""
    return html.Div(
        [
            html.H2("No relations yet", className="curate-title"),
            html.P(
                "Select a passage of the article below (a sentence, or a few words that say who "
                "does what to whom): a form opens with it as the quote. Pick the source, the "
                "relation and the target, and Save. The network grows here as you code."
            ),
            html.P(
                f"The article has {len(dataset.sentences)} sentences. “New actor…” beside Source "
                "and Target creates the actors as you go; the to-do list fills in once actors "
                "are named."
            ),
        ],
        id=ids.EMPTY_NOTE,
        className="curate-invitation",
        hidden=len(dataset.triples) > 0,
    )


def toolbar(can_undo: bool = False, can_redo: bool = False, notice: str = "") -> html.Div:
    """Undo and redo (enabled as the store's history allows, after a reload too), "Lay out
    again", and a line saying what the last change did (or a notice from the store)."""
    return html.Div(
        [
            html.Button("↶ Undo", id=ids.UNDO, className="chip", n_clicks=0,
                        disabled=not can_undo, title="Undo the last change (Ctrl+Z)"),
            html.Button("↷ Redo", id=ids.REDO, className="chip", n_clicks=0,
                        disabled=not can_redo, title="Redo (Ctrl+Shift+Z)"),
            html.Button("Lay out again", id=ids.RELAYOUT, className="chip", n_clicks=0,
                        title="Changes keep the actors where they are; this lays the network "
                              "out afresh (nothing is written)"),
            html.Span(notice, id=ids.STATUS, className="curate-status", role="status"),
        ],
        id=ids.TOOLBAR,
        className="curate-toolbar",
    )  # fmt: skip


def conflict_banner() -> html.Div:
    return html.Div(
        [
            html.Span(id="curate-conflict-text"),
            html.Button("Reload", id=ids.RELOAD, className="button-primary", n_clicks=0),
            html.Span(id=ids.RELOADED, hidden=True),
        ],
        id=ids.CONFLICT,
        className="curate-banner curate-conflict",
        role="alert",
        hidden=True,
    )


# The rows of the selection, each with Edit and Delete


def selection_rows(model: NetworkModel, selection) -> list:
    """The rows behind what the panel shows (a relation, an actor or a sentence), each with Edit
    and Delete; an actor also gets “Edit actor”."""
    dataset = model.dataset
    if not isinstance(selection, dict):
        return []
    kind, key = selection.get("kind"), selection.get("id")
    head: list = []
    rows: list = []
    triples = dataset.triples
    if kind == "edge" and isinstance(key, str) and key in model.edges.index:
        rows = list(model.edges.at[key, "rows"])
    elif kind == "actor" and isinstance(key, str) and key in dataset.actors.index:
        rows = list(triples.index[(triples["source"] == key) | (triples["target"] == key)])
        head.append(
            html.Button(f"Edit actor {dataset.actors.at[key, 'name']}",
                        id={"type": ids.ACTOR_EDIT, "actor": key}, className="chip",
                        n_clicks=0)
        )  # fmt: skip
    elif kind == "sentence" and isinstance(key, str):
        try:
            number = int(key.rsplit("-", 1)[-1])
        except ValueError:
            return []
        rows = list(
            triples.index[(triples["sentence"] <= number) & (triples["sentence_end"] >= number)]
        )
    else:
        return []
    if union_of_model(model) is not None:  # comparing (adjudicate.py): only A's rows are editable
        rows = [row for row in rows if triples.at[row, "curation"] == "a"]
    names = dataset.actors["name"]
    labels = dataset.relations["label"]
    items = []
    for row in rows[:ROWS_SHOWN]:
        t = triples.loc[row]
        items.append(
            html.Li(
                [
                    html.Span(f"{names[t['source']]} → {labels[t['relation']]} → "
                              f"{names[t['target']]}", className="row-relation"),
                    html.Q(t["quote"], className="row-quote"),
                    html.Div(
                        [
                            html.Button("Edit", id={"type": ids.ROW_EDIT, "row": int(row)},
                                        className="chip", n_clicks=0,
                                        title="Edit this row in the form"),
                            html.Button("Delete", id={"type": ids.ROW_DELETE, "row": int(row)},
                                        className="chip chip-danger", n_clicks=0,
                                        title="Delete this row (Undo brings it back)"),
                        ],
                        className="chip-row",
                    ),
                ],
                className="row-item",
            )
        )  # fmt: skip
    more = []
    if len(rows) > ROWS_SHOWN:
        more = [html.P(f"The first {ROWS_SHOWN} of {len(rows)} rows.", className="panel-hint")]
    title = html.H2("Curate these rows", className="section-title")
    return [title, *head, html.Ul(items, className="row-list"), *more] if rows or head else []


# The whole page


def _take(children: list, class_name: str):
    for child in children:
        if class_name in (getattr(child, "className", "") or "").split():
            return child
    raise LookupError(f"the read-only page has no part of class {class_name!r}")


def curate_layout(
    model: NetworkModel,
    version: str,
    problems: list[str],
    can_undo: bool = False,
    can_redo: bool = False,
    notice: str = "",
    differences: Component | None = None,
) -> html.Div:
    """The read-only page with editing turned on: the article to code on the left (with the
    forms and the to-do list), the graph, article and table in the middle, the evidence and the
    selection's rows on the right; undo, redo and what happened in the header. ``differences``,
    when comparing two curations (``adjudicate.adjudication_block``), heads the right column."""
    dataset = model.dataset
    page = page_layout(model)
    header = _take(page.children, "page-header")
    columns = _take(page.children, "columns")
    filters = _take(columns.children, "filters")
    graph = _take(columns.children, "graph-column")
    panel = _take(columns.children, "panel-column")
    header.children = [
        *header.children[:1],
        toolbar(can_undo, can_redo, notice),
        *header.children[1:],
    ]
    items = todo_items(dataset)
    forms = html.Div(
        [
            actor_form(),
            type_form(),
            skip_form(),
            relation_form(dataset),
            html.Span(id=ids.FOCUSED, hidden=True),
        ],
        id=ids.FORMS,
        className="curate-forms",
    )
    top = [] if differences is None else [differences]
    panel.children = [
        *top,
        forms,
        *panel.children,
        html.Div(id=ids.ROWS, className="curate-rows"),
    ]
    curate_column = html.Section(
        [
            html.Div(
                [
                    html.Details(
                        [
                            html.Summary(todo_summary(items), id=ids.TODO_SUMMARY),
                            html.Ul(todo_list(items), id=ids.TODO_LIST, className="todo-list"),
                        ],
                        id=ids.TODO,
                        className="curate-todo",
                    ),
                    html.Details(
                        [html.Summary("Filters and key"), filters],
                        id=ids.FILTERS_BOX,
                        className="curate-filters",
                    ),
                ],
                className="curate-boxes",
            ),
            empty_invitation(dataset),
            # A region of its own that scrolls: focusable, so that the keyboard can scroll it.
            html.Div(
                article_editor(dataset),
                id=ids.ARTICLE,
                className="curate-article",
                role="region",
                tabIndex="0",
                **{"aria-label": "The article: select a passage to code it"},
            ),
        ],
        className="curate-column",
        **{"aria-label": "Curate"},
    )
    columns.children = [curate_column, graph, panel]
    columns.className = "columns curate-columns"
    banners = html.Div(
        [
            html.Div(problems_list(problems), id=ids.PROBLEMS, className="curate-banner",
                     role="status", hidden=not problems),
            conflict_banner(),
        ],
        className="curate-banners",
    )  # fmt: skip
    stores = [
        dcc.Store(id=ids.SELECTED, data=None),
        dcc.Store(id=ids.VERSION, data=version),
        dcc.Store(id=ids.CHANGE, data=None),
    ]
    rest = [c for c in page.children if c is not header and c is not columns]
    return html.Div(
        [header, banners, columns, *rest, *stores],
        id=ids.PAGE,
        className="page curate-page",
    )


def sentence_anchor_of(number: int) -> str:
    """The read-only page's anchor of a sentence of the (one) curated article."""
    return f"sentence-1-{number}"
