"""Looking up actor mentions by position: the stages keep them as (start, end, actor) sorted by start.

Each lookup costs a binary search plus what it returns, so a 200,000-character article costs the same
per sentence as a short one.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence

LONGEST_NAME = 200  # characters: a mention starting further back than this cannot reach an offset


def _start(mention) -> int:
    return mention[0]


def starting_within(mentions: Sequence, start: int, end: int) -> Iterator:
    """Mentions that start in [start, end): ([(0, 6, A), (10, 16, B)], 5, 12) → (10, 16, B)."""
    for index in range(bisect_left(mentions, start, key=_start), len(mentions)):
        if mentions[index][0] >= end:
            return
        yield mentions[index]


def overlapping(mentions: Sequence, start: int, end: int) -> list:
    """Mentions that overlap [start, end): ([(0, 6, A), (10, 16, B)], 4, 12) → [(0, 6, A), (10, 16, B)]."""
    return [m for m in starting_within(mentions, max(0, start - LONGEST_NAME), end) if m[1] > start]


def preceding(mentions: Sequence, offset: int) -> Iterator:
    """Mentions that end by `offset`, nearest first: ([(0, 6, A), (10, 16, B)], 12) → (0, 6, A)."""
    for index in range(bisect_left(mentions, offset, key=_start) - 1, -1, -1):
        if mentions[index][1] <= offset:
            yield mentions[index]
