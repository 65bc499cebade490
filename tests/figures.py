"""The hardening figures (issue 16): what the hostile tests sent and what they saw, tallied by the tests
themselves and printed at the end of the run by tests/conftest.py, so the closing note quotes a run.

Keys: "hostile requests: <area>" (requests sent with hostile input, per area), "5xx seen", "drafts seen by
analysts", "lost updates", "imports half-saved". A test that checks one of these adds what it saw before
it asserts, so a failing run prints a non-zero figure too.
"""

from collections import Counter

FIGURES: Counter = Counter()


def summary() -> list[str]:
    """The figures as lines, areas first, then the four that must be zero."""
    outcomes = ("5xx seen", "drafts seen by analysts", "lost updates", "imports half-saved")
    lines = [f"{key}: {FIGURES[key]}" for key in sorted(FIGURES) if key not in outcomes]
    if lines:
        lines.append(f"hostile requests, all areas: {sum(FIGURES[k] for k in FIGURES if k.startswith('hostile'))}")
        lines += [f"{key}: {FIGURES[key]}" for key in outcomes]
    return lines
