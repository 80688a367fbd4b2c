"""The address bar and the controls follow each other."""

from __future__ import annotations

from dash import Dash, Input, Output, ctx, no_update

from dashboard import ids
from dashboard.article_view import parse_anchor
from dashboard.callbacks.controls import controls
from dashboard.graph import ModelSource
from dashboard.state import (
    CONTROLS,
    address_controls,
    from_controls,
    sentence_fragment,
    to_query,
)


def register_address_callbacks(app: Dash, models: ModelSource) -> None:
    @app.callback(
        output=dict(
            search=Output(ids.URL, "search"),
            fragment=Output(ids.URL, "hash"),
            controls=controls(Output),
            actor_search=Output(ids.ACTOR_SEARCH, "value"),
        ),
        inputs=dict(
            search=Input(ids.URL, "search"),
            fragment=Input(ids.URL, "hash"),
            controls=controls(Input),
        ),
    )
    def sync_address(search, fragment, controls):
        """On load and on back/forward the address sets the controls; any change of the
        controls writes the address."""
        model = models.current
        fired = ctx.triggered_prop_ids
        unchanged = {name: no_update for name in CONTROLS}
        # On page load Dash names several triggers at once; the address must win then.
        if f"{ids.URL}.search" in fired or f"{ids.URL}.hash" in fired or not ctx.triggered_id:
            hash_only = f"{ids.URL}.hash" in fired and f"{ids.URL}.search" not in fired
            wanted, searched = address_controls(model, search, fragment, followed_link=hash_only)
            # Leave alone what already matches, so nothing is drawn twice.
            changed = {
                name: value if value != controls[name] else no_update
                for name, value in wanted.items()
            }
            search_box = searched if changed["selection"] is not no_update else no_update
            address = no_update
            if hash_only and parse_anchor(model, fragment) is not None:
                # A followed "show in article" link: the query must now say so, or the address
                # would reopen the tab (and selection) the reader left.
                query = to_query(model, from_controls(model, wanted), tab_always=True)
                address = query if query != (search or "") else no_update
            return dict(
                search=address, fragment=no_update, controls=changed, actor_search=search_box
            )
        state = from_controls(model, controls)
        sentence = sentence_fragment(model, controls["selection"])
        query = to_query(model, state, tab_always=bool(sentence))
        return dict(
            search=query if query != (search or "") else no_update,
            fragment=sentence if sentence != (fragment or "") else no_update,
            controls=unchanged,
            actor_search=no_update,
        )
