"""Every component id on the page, in one place."""

GRAPH = "network-graph"
PANEL = "evidence-panel"
SELECTION = "selection-store"
RELATION_FILTER = "relation-filter"
SELECT_ALL = "select-all-relations"
SELECT_NONE = "select-no-relations"
POLARITY_TOGGLE = "polarity-toggle"  # pattern-matching: {"type": POLARITY_TOGGLE, "polarity": ...}
LAYOUT_PICKER = "layout-picker"
ISOLATED_MODE = "isolated-mode"
ACTOR_LINK = "actor-link"  # pattern-matching: {"type": ACTOR_LINK, "actor": ..., "edge": ...}
HIDDEN_NOTE = "hidden-note"
CLEAR_SELECTION = "clear-selection"
ACTOR_SEARCH = "actor-search"
FOCUS_PICKER = "focus-picker"
SIZE_PICKER = "size-picker"
URL = "url"
DOWNLOAD = "download"
DOWNLOAD_BUTTON = "download-button"  # pattern-matching: {"type": DOWNLOAD_BUTTON, "format": ...}
