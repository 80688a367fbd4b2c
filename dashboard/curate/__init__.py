"""Curate mode: editing a dataset in the browser, every change through one store.

Nothing here is imported by the read-only app (``dashboard.app``, ``dashboard.wsgi``).
"""
