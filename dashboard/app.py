"""The app factory: ``create_app(dataset)`` builds a Dash app with its own callbacks."""

from __future__ import annotations

from dash import Dash

from dashboard.callbacks import register_callbacks
from dashboard.dataset import Dataset, load_single_dataset
from dashboard.graph import DEFAULT_SEED, NetworkModel
from dashboard.page import page_layout
from dashboard.settings import ASSETS_DIR

__all__ = ["create_app", "load_single_dataset"]


def create_app(dataset: Dataset, *, seed: int = DEFAULT_SEED) -> Dash:
    """Build the dashboard for one dataset; layouts are seeded, so the picture is reproducible."""
    model = NetworkModel.from_dataset(dataset, seed=seed)
    title = dataset.meta.get("title", dataset.name)
    app = Dash(
        __name__,
        assets_folder=str(ASSETS_DIR),
        title=f"{title} · who does what to whom",
        update_title=None,
    )
    app.layout = page_layout(model)
    register_callbacks(app, model)
    return app
