"""The app for gunicorn: ``gunicorn dashboard.wsgi:server`` serves $DASHBOARD_DATA (default: the seeds).

This is the one module that builds an app on import. A dataset that does not validate stops the
server before it serves, with the same messages ``python -m dashboard validate`` prints.
"""

import sys

from dashboard.app import create_app, load_corpus
from dashboard.dataset import DatasetError
from dashboard.settings import Settings

try:
    server = create_app(load_corpus(Settings.from_env().data)).server
except (DatasetError, ValueError) as error:
    problems = error.problems if isinstance(error, DatasetError) else [error]
    for problem in problems:
        print(problem, file=sys.stderr)
    print("the dashboard was not started; fix the problems above first", file=sys.stderr)
    # 3 is gunicorn's "worker failed to boot": it stops instead of starting workers forever.
    raise SystemExit(3) from None
