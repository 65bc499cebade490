"""The claims CSV's figure columns and contradiction groups."""

import csv
import io

from django.urls import reverse

from events.contradictions import find_contradictions
from events.models import ReviewStatus
from tests import factories


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_claims_csv_carries_figures_and_contradiction_groups(analyst_client, editor, crisis):
    event = factories.EventFactory(crisis=crisis)
    low = factories.ClaimFactory(
        crisis=crisis, event=event, statement="a few thousand marched", figure_measure="crowd_size",
        figure_value=2000, figure_low=2000, figure_high=5000, figure_text="a few thousand", figure_unit="people",
    )  # fmt: skip
    high = factories.ClaimFactory(
        crisis=crisis, event=event, statement="=tens of thousands", figure_measure="crowd_size",
        figure_value=20000, figure_low=20000, figure_high=None, figure_text="=tens of thousands",
    )  # fmt: skip
    draft = factories.ClaimFactory(
        crisis=crisis, event=event, figure_measure="crowd_size", figure_low=1, figure_high=1, status=ReviewStatus.DRAFT
    )
    poll = factories.ClaimFactory(
        crisis=crisis, statement="82 percent", figure_measure="percent", figure_low=82, figure_high=82,
        poll_pollster="Datanálisis", poll_base=1000,
    )  # fmt: skip
    (group,) = find_contradictions([low, high, draft])
    url = reverse("events:crisis-claims-csv", kwargs={"slug": crisis.slug})
    by_id = {int(r["id"]): r for r in rows(analyst_client.get(url))}
    assert by_id[low.pk]["figure_measure"] == "crowd_size"
    assert (by_id[low.pk]["figure_low"], by_id[low.pk]["figure_high"]) == ("2000.0000", "5000.0000")
    assert by_id[high.pk]["figure_high"] == "" and by_id[high.pk]["figure_text"] == "'=tens of thousands"
    assert by_id[low.pk]["contradictions"] == by_id[high.pk]["contradictions"] == str(group.pk)
    assert (by_id[poll.pk]["poll_pollster"], by_id[poll.pk]["poll_base"]) == ("Datanálisis", "1000")
    assert by_id[poll.pk]["contradictions"] == "" and draft.pk not in by_id
    # A group standing only through a draft member is not the reader's: the editor sees it.
    high.delete()
    assert rows(analyst_client.get(url))[0]["contradictions"] == ""
    analyst_client.force_login(editor)
    assert str(group.pk) in {r["contradictions"] for r in rows(analyst_client.get(url))}
