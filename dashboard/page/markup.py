"""Static parts of the page (the keys, the help) drawn as one component each.

Dash draws each of its components through a wrapper of its own, about a third of a millisecond
apiece at load: the two keys and the help were some 60 components that never change. ``markup``
takes such a part written as Dash html components and sends it as data, which
assets/markup.js draws with React in one component. Only plain elements and attributes pass
(``TAGS``, ``ATTRIBUTES``); every string is a text child or an attribute, never read as HTML.
"""

from __future__ import annotations

from dash import html  # noqa: F401  (the doctest)
from dash.development.base_component import Component

TAGS = frozenset(
    [
        "div",
        "span",
        "p",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "details",
        "summary",
        "strong",
        "em",
        "code",
        "abbr",
        "small",
    ]
)
ATTRIBUTES = frozenset(("id", "className", "style", "title", "role", "hidden", "lang"))


class BrowserComponent(Component):
    """A Dash component drawn by a script of assets/ (``window.dashboard[_type]``), whose props
    are its ``_prop_names``."""

    _namespace = "dashboard"
    _valid_wildcard_attributes = ()
    available_wildcard_properties = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.available_properties = cls._prop_names


class Markup(BrowserComponent):
    """A static tree of elements, as data that assets/markup.js draws in one component:
    ``tree`` is a node, a text, or a list of them; a node is ``{"tag", "props", "children"}``."""

    _type = "Markup"  # assets/markup.js: window.dashboard.Markup
    _prop_names = ("id", "tree")


def markup(part: Component) -> Markup:
    """``part`` (Dash html components and text only, no callback reads or writes it) as one
    ``Markup`` component.

    >>> markup(html.P(["a ", html.Strong("b")], className="x")).tree
    {'tag': 'p', 'props': {'className': 'x'}, 'children': ['a ', {'tag': 'strong', 'props': {}, 'children': 'b'}]}
    """
    return Markup(tree=_tree(part))


def _tree(node):
    if node is None or isinstance(node, str):
        return node
    if isinstance(node, (int, float)):
        return str(node)
    if isinstance(node, (list, tuple)):
        return [_tree(child) for child in node]
    tag = type(node).__name__.lower()
    if (
        not isinstance(node, Component)
        or node._namespace != "dash_html_components"
        or (tag not in TAGS)
    ):
        raise TypeError(
            f"markup draws plain html elements ({', '.join(sorted(TAGS))}), not {node!r}"
        )
    props = {}
    for name, value in node.to_plotly_json()["props"].items():
        if name == "children":
            continue
        if name not in ATTRIBUTES and not name.startswith("aria-"):
            raise TypeError(f"markup passes no {name!r} attribute (of {tag})")
        props[name] = value
    return {"tag": tag, "props": props, "children": _tree(getattr(node, "children", None))}
