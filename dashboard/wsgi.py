"""The app for gunicorn: ``gunicorn dashboard.wsgi:server`` serves $DASHBOARD_DATA (default: the seeds).

This is the one module that builds an app on import.
"""

from dashboard.app import create_app, load_single_dataset
from dashboard.settings import Settings

server = create_app(load_single_dataset(Settings.from_env().data)).server
