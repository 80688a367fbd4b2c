"""Every component id of curate mode's page parts, in one place (the read-only page's are in
``dashboard.ids``)."""

PAGE = "curate-page"
TOOLBAR = "curate-toolbar"
UNDO = "curate-undo"
REDO = "curate-redo"
RELAYOUT = "curate-relayout"  # lays the network out afresh; writes nothing
STATUS = "curate-status"  # what the last change did, or why it was refused
PROBLEMS = "curate-problems"
CONFLICT = "curate-conflict"
RELOAD = "curate-reload"
RELOADED = "curate-reloaded"
VERSION = "curate-version"  # the store's version the page shows
CHANGE = "curate-change"  # written by every change; the page's refresh follows it

ARTICLE = "curate-article"
SELECTED = "curate-selected"  # the article offsets the curator selected (set by assets/curate.js)
EMPTY_NOTE = "curate-empty-note"

TODO = "curate-todo"
TODO_LIST = "curate-todo-list"
TODO_SUMMARY = "curate-todo-summary"
TODO_CODE = "curate-todo-code"  # pattern-matching: {"type": TODO_CODE, "sentence": n}
TODO_SKIP = "curate-todo-skip"  # pattern-matching: {"type": TODO_SKIP, "sentence": n}
SKIP_FORM = "curate-skip-form"
SKIP_SENTENCE = "curate-skip-sentence"
SKIP_REASON = "curate-skip-reason"
SKIP_SAVE = "curate-skip-save"
SKIP_CANCEL = "curate-skip-cancel"

FORMS = "curate-forms"  # every form; assets/curate.js names their pickers by their labels
FORM = "curate-form"
FORM_STATE = "curate-form-state"  # {"mode": "add" | "edit", "start", "end", "old"}
FORM_TITLE = "curate-form-title"
FORM_OPENED = "curate-form-opened"
FOCUSED = "curate-focused"  # a sub-form opened: its first field has the focus
QUOTE = "curate-quote"
QUOTE_WARNING = "curate-quote-warning"
NAMED = "curate-named"
SOURCE = "curate-source"
RELATION = "curate-relation"
TARGET = "curate-target"
CERTAINTY = "curate-certainty"
NOTE = "curate-note"
SAVE = "curate-save"
CANCEL = "curate-cancel"
FORM_MESSAGE = "curate-form-message"
NEW_SOURCE = "curate-new-source"
NEW_TARGET = "curate-new-target"
SWAP = "curate-swap"
ALIAS_ACTOR = "curate-alias-actor"
ALIAS_ADD = "curate-alias-add"

ACTOR_FORM = "curate-actor-form"
ACTOR_STATE = "curate-actor-state"  # {"mode": "add" | "edit", "for": "source" | "target", "old"}
ACTOR_TITLE = "curate-actor-title"
ACTOR_NAME = "curate-actor-name"
ACTOR_ID = "curate-actor-id"
ACTOR_KIND = "curate-actor-kind"
ACTOR_ALIASES = "curate-actor-aliases"
ACTOR_DESCRIPTION = "curate-actor-description"
ACTOR_SIMILAR = "curate-actor-similar"
ACTOR_SAVE = "curate-actor-save"
ACTOR_CANCEL = "curate-actor-cancel"
ACTOR_MESSAGE = "curate-actor-message"

TYPE_FORM = "curate-type-form"
NEW_TYPE = "curate-new-type"
TYPE_LABEL = "curate-type-label"
TYPE_ID = "curate-type-id"
TYPE_POLARITY = "curate-type-polarity"
TYPE_QUAD = "curate-type-quad"
TYPE_DIRECTED = "curate-type-directed"
TYPE_DESCRIPTION = "curate-type-description"
TYPE_SAVE = "curate-type-save"
TYPE_CANCEL = "curate-type-cancel"
TYPE_MESSAGE = "curate-type-message"

ROWS = "curate-rows"  # the selection's rows, each with Edit and Delete
ROW_EDIT = "curate-row-edit"  # pattern-matching: {"type": ROW_EDIT, "row": n}
ROW_DELETE = "curate-row-delete"  # pattern-matching: {"type": ROW_DELETE, "row": n}
ACTOR_EDIT = "curate-actor-edit"  # pattern-matching: {"type": ACTOR_EDIT, "actor": id}
FILTERS_BOX = "curate-filters"
