"""WSGI entry point (gunicorn: `gunicorn crisis_tracker.wsgi`, settings in gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crisis_tracker.settings")

application = get_wsgi_application()

# Pay dateparser's one-off locale loading (~1 s) at worker start, not in an editor's first ingest.
from events.ingest.pipeline import warm_up  # noqa: E402

warm_up()
