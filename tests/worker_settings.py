"""Settings for a worker process a test starts: the project's, plus the test-only allowance to fetch from
the test's own HTTP server on 127.0.0.1. Production settings have no way to turn this on."""

from crisis_tracker.settings import *  # noqa: F403

FETCH_ALLOW_PRIVATE_ADDRESSES = True
