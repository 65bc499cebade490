"""Settings for the worker `bench_feed_poll` starts: the project's, plus the allowance to fetch from the
benchmark's own feed server on 127.0.0.1. Development tooling only (devtools is never installed in
production); the project's settings have no way to turn this on."""

from crisis_tracker.settings import *  # noqa: F403

FETCH_ALLOW_PRIVATE_ADDRESSES = True
