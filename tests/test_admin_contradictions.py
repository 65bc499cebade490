"""Editors correct figures and decide on contradictions in the admin; both are found again on every save."""

from django.urls import reverse

from events.contradictions import find_contradictions
from events.models import Claim, ContradictionGroup
from tests import factories


def claim_form(claim: Claim, **changes) -> dict:
    data = {
        "crisis": claim.crisis_id,
        "claimant": claim.claimant_id or "",
        "claimant_text": claim.claimant_text,
        "statement": claim.statement,
        "speech_act": claim.speech_act,
        "made_on": claim.made_on.isoformat() if claim.made_on else "",
        "event": claim.event_id or "",
        "figure_measure": claim.figure_measure,
        "figure_text": claim.figure_text,
        "figure_value": claim.figure_value if claim.figure_value is not None else "",
        "figure_unit": claim.figure_unit,
        "figure_low": claim.figure_low if claim.figure_low is not None else "",
        "figure_high": claim.figure_high if claim.figure_high is not None else "",
        "poll_pollster": claim.poll_pollster,
        "poll_base": claim.poll_base or "",
        "verification": claim.verification,
        "verification_note": "",
        "status": claim.status,
        "expected_version": claim.version,
        "evidence-TOTAL_FORMS": "0",
        "evidence-INITIAL_FORMS": "0",
    }
    return data | changes


def tolls(crisis):
    event = factories.EventFactory(crisis=crisis)
    make = factories.ClaimFactory
    return [
        make(crisis=crisis, event=event, claimant_text="the ministry", figure_measure="killed", figure_low=12,
             figure_high=12, figure_text="12"),
        make(crisis=crisis, event=event, claimant_text="a rights group", figure_measure="killed", figure_low=15,
             figure_high=20, figure_text="15 to 20"),
    ]  # fmt: skip


def test_an_editor_correcting_a_figure_finds_the_contradiction(editor_client, crisis):
    ministry, rights = tolls(crisis)
    assert not ContradictionGroup.objects.exists()
    url = reverse("admin:events_claim_change", args=[rights.pk])
    response = editor_client.post(url, claim_form(rights, figure_low="40", figure_high="", figure_text="more than 40"))
    assert response.status_code == 302
    group = ContradictionGroup.objects.get()
    assert set(group.claims.all()) == {ministry, rights}


def test_a_range_upside_down_is_refused_and_nothing_saved(editor_client, crisis):
    _ministry, rights = tolls(crisis)
    url = reverse("admin:events_claim_change", args=[rights.pk])
    response = editor_client.post(url, claim_form(rights, figure_low="50", figure_high="10"))
    assert response.status_code == 200 and "The highest figure is below the lowest." in response.content.decode()
    rights.refresh_from_db()
    assert (rights.figure_low, rights.figure_high, rights.version) == (15, 20, 1)


def test_an_editor_resolves_a_contradiction_naming_the_side_that_holds(editor_client, editor, crisis):
    ministry, rights = tolls(crisis)
    rights.figure_low, rights.figure_high = 40, None
    rights.save()
    (group,) = find_contradictions([rights])
    url = reverse("admin:events_contradictiongroup_change", args=[group.pk])
    members = {"members-TOTAL_FORMS": "2", "members-INITIAL_FORMS": "2"}
    members |= {f"members-{i}-id": m.pk for i, m in enumerate(group.members.order_by("pk"))}
    members |= {f"members-{i}-group": group.pk for i in range(2)}
    missing = editor_client.post(url, {"decision": "resolved", "holds": "", "note": "Morgue count."} | members)
    assert "Say which claim holds" in missing.content.decode()
    outsider = factories.ClaimFactory(crisis=crisis)
    wrong = editor_client.post(url, {"decision": "resolved", "holds": outsider.pk, "note": ""} | members)
    assert wrong.status_code == 200  # not one of the group's claims: not a choice
    group.refresh_from_db()
    assert group.decision == "open"
    done = editor_client.post(url, {"decision": "resolved", "holds": rights.pk, "note": "Morgue count."} | members)
    assert done.status_code == 302
    group.refresh_from_db()
    assert (group.decision, group.holds, group.note, group.decided_by) == ("resolved", rights, "Morgue count.", editor)
    # Editing the claims again keeps the decision.
    editor_client.post(
        reverse("admin:events_claim_change", args=[ministry.pk]),
        claim_form(ministry, figure_low="10", figure_high="14"),
    )
    group.refresh_from_db()
    assert group.decision == "resolved" and group.holds == rights


def test_contradictions_are_found_never_added_and_analysts_cannot_decide(client, editor, analyst, crisis):
    _ministry, rights = tolls(crisis)
    rights.figure_low, rights.figure_high = 40, None
    rights.save()
    (group,) = find_contradictions([rights])
    change = reverse("admin:events_contradictiongroup_change", args=[group.pk])
    client.force_login(editor)
    assert client.get(reverse("admin:events_contradictiongroup_add")).status_code == 403
    assert client.get(change).status_code == 200
    client.force_login(analyst)
    assert client.get(change).status_code == 200
    assert client.post(change, {"decision": "not_contradiction", "note": "x"}).status_code == 403
    group.refresh_from_db()
    assert group.decision == "open"


def test_deleting_a_claim_in_the_admin_drops_its_undecided_group(editor_client, crisis):
    _ministry, rights = tolls(crisis)
    rights.figure_low, rights.figure_high = 40, None
    rights.save()
    find_contradictions([rights])
    response = editor_client.post(reverse("admin:events_claim_delete", args=[rights.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not ContradictionGroup.objects.exists()


def test_a_reader_never_sees_a_draft_named_as_the_side_that_holds(client, editor, analyst, crisis):
    ministry, rights = tolls(crisis)
    rights.figure_low, rights.figure_high = 40, None
    rights.save()
    draft = factories.ClaimFactory(crisis=crisis, event=ministry.event, statement="SECRET draft toll",
                                   status="draft", figure_measure="killed", figure_low=90, figure_high=90)  # fmt: skip
    (group,) = find_contradictions([rights, draft])
    group.decision, group.holds = "resolved", draft
    group.save()
    change = reverse("admin:events_contradictiongroup_change", args=[group.pk])
    client.force_login(editor)
    assert "SECRET draft toll" in client.get(change).content.decode()
    client.force_login(analyst)
    page = client.get(change)
    assert page.status_code == 200 and "SECRET" not in page.content.decode()
