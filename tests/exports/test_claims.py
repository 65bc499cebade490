from decimal import Decimal

from events.exports.claims import CLAIMS_HEADER, stream_claims_csv
from events.models import ReviewStatus
from tests import factories
from tests.exports import read_csv


def test_claims_csv_header_and_row(crisis, rich_event):
    claim = rich_event.claims.get(status=ReviewStatus.PUBLISHED)
    claim.claimant_text, claim.figure_value, claim.figure_unit = "=the minister", Decimal("90"), "percent"
    claim.save()
    source = factories.SourceFactory(outlet="AP", url="https://example.org/c")
    factories.evidence_for(source, "The minister said", claim=claim)
    header, row = read_csv(stream_claims_csv(crisis.claims.published(), include_draft_events=False))
    assert header == CLAIMS_HEADER
    row = dict(zip(header, row, strict=True))
    assert row["claimant_text"] == "'=the minister"
    assert (row["figure_value"], row["figure_unit"], row["event_id"]) == ("90.0000", "percent", str(rich_event.pk))
    assert (row["source_url"], row["source_outlet"], row["quote"]) == (
        "https://example.org/c",
        "AP",
        "The minister said",
    )


def test_claims_csv_hides_the_id_of_a_draft_event(crisis):
    draft = factories.EventFactory(crisis=crisis, status=ReviewStatus.DRAFT)
    factories.ClaimFactory(crisis=crisis, event=draft)
    header, row = read_csv(stream_claims_csv(crisis.claims.all(), include_draft_events=False))
    assert dict(zip(header, row, strict=True))["event_id"] == ""
    header, row = read_csv(stream_claims_csv(crisis.claims.all(), include_draft_events=True))
    assert dict(zip(header, row, strict=True))["event_id"] == str(draft.pk)
