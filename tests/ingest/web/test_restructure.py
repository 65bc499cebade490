"""Merging and splitting a preview's event candidates, and the article cut into rows beside them."""

import pytest
from django.http import QueryDict

from events.ingest.web.preview import preview_rows
from events.ingest.web.restructure import (
    RestructureError,
    carry_edits,
    merge_events,
    parse_operation,
    split_event,
)

BODY = "Students marched in Quito on Monday.\nPolice detained Rosa Vega at the march.\nThe mayor resigned."


def span(text: str) -> list[int]:
    start = BODY.index(text)
    return [start, start + len(text)]


def event(summary, *spans, actors=()):
    return {"summary": summary, "type": "protest", "spans": [span(s) for s in spans],
            "actors": [list(a) for a in actors], "date_start": "2019-03-11", "date_end": "2019-03-11",
            "precision": "day", "date_text": "Monday", "tense": "now", "location": None}  # fmt: skip


@pytest.fixture
def payload():
    return {
        "body": BODY,
        "actors": [
            {"name": "Students", "kind": "movement", "mentions": ["Students"], "known_id": None},
            {"name": "Rosa Vega", "kind": "person", "mentions": ["Vega"], "known_id": None},
        ],
        "events": [
            event(
                "Students march",
                "Students marched in Quito on Monday.",
                "Police detained Rosa Vega at the march.",
                actors=[("Students", "initiator"), ("Rosa Vega", "target")],
            ),
            event("The mayor resigns", "The mayor resigned."),
        ],  # fmt: skip
        "claims": [{"start": 0, "end": 8, "event_index": 1}],
    }


def test_split_gives_each_span_an_entry_with_the_actors_it_names(payload):
    change = split_event(payload, index=0)
    march, detention, mayor = change.payload["events"]
    assert (march["summary"], march["spans"], march["actors"]) == (
        "Students march",
        [span("Students marched in Quito on Monday.")],
        [["Students", "initiator"]],
    )
    assert detention["summary"] == "Police detained Rosa Vega at the march."
    assert detention["actors"] == [["Rosa Vega", "target"]]
    assert mayor["summary"] == "The mayor resigns"
    assert change.moved == [None, None, 1] and change.payload["claims"][0]["event_index"] == 2
    assert payload["events"][0]["spans"] != march["spans"]  # the signed payload itself is never changed


def test_merge_joins_spans_and_actors_and_repoints_claims(payload):
    change = merge_events(payload, into=0, other=1)
    (merged,) = change.payload["events"]
    assert merged["spans"] == sorted([*payload["events"][0]["spans"], span("The mayor resigned.")])
    assert change.moved == [None] and change.renumbered == {0: 0, 1: 0}
    assert change.payload["claims"][0]["event_index"] == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: split_event(p, index=1), "one passage only"),
        (lambda p: split_event(p, index=7), "no event 8"),
        (lambda p: merge_events(p, into=1, other=1), "another event"),
        (lambda p: merge_events(p, into=0, other=-1), "no event 0"),
        (lambda p: parse_operation("split:-1"), "not one this page offers"),
        (lambda p: parse_operation("split:1\n"), "not one this page offers"),
    ],
)
def test_impossible_changes_raise_a_message(payload, call, message):
    with pytest.raises(RestructureError, match=message):
        call(payload)


def test_carry_edits_moves_unchanged_events_and_fills_changed_ones(payload):
    payload["events"].insert(0, event("Earlier", "The mayor resigned."))
    payload["claims"][0]["event_index"] = 2
    post = QueryDict(mutable=True)
    post.update({"event-0-headline": "Kept", "event-2-headline": "Mayor edited", "event-1-headline": "lost",
                 "claim-0-event": "2", "actor-1-name": "Rosa", "event-2-merge_with": "0"})  # fmt: skip
    change = split_event(payload, index=1)
    data = carry_edits(post, change, {1: {"headline": "fresh 1"}, 2: {"headline": "fresh 2"}})
    assert data["event-0-headline"] == "Kept" and data["event-3-headline"] == "Mayor edited"
    assert (data["event-1-headline"], data["event-2-headline"]) == ("fresh 1", "fresh 2")
    assert data["claim-0-event"] == "3" and data["actor-1-name"] == "Rosa"
    assert "event-3-merge_with" not in data


def test_rows_put_each_candidate_beside_the_paragraph_of_its_first_span(payload):
    payload["claims"] = [{"start": span("Rosa Vega")[0], "end": span("Rosa Vega")[1], "event_index": 0}]
    rows = preview_rows(payload, ["form 0", "form 1"], ["claim form"])
    assert [[i for i, _, _ in r.events] for r in rows] == [[0], [], [1]]
    assert [[k for k, _, _ in r.claims] for r in rows] == [[], [0], []]
    detention = rows[1].runs
    assert [(r.text, r.css, r.href, r.anchors) for r in detention] == [
        ("Police detained ", "ev ev-0", "#event-0", ["ev0-s1"]),
        ("Rosa Vega", "ev ev-0 cl cl-0", "#event-0", ["cl0"]),
        (" at the march.", "ev ev-0", "#event-0", []),
    ]


def test_a_span_across_paragraphs_is_anchored_once(payload):
    payload["events"] = [event("Both", "Students marched in Quito on Monday.\nPolice detained")]
    payload["claims"] = []
    rows = preview_rows(payload, ["form"], [])
    anchors = [a for row in rows for run in row.runs for a in run.anchors]
    assert anchors == ["ev0-s0"]
    assert rows[1].runs[0].text == "Police detained" and rows[1].runs[0].css == "ev ev-0"
