"""The timeline filter form shared by pages and exports, and the claims filter form."""

import datetime as dt

from django.http import QueryDict
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from events.forms import ClaimFilterForm, TimelineFilterForm, cursor_after, filtered_events
from events.models import Event, ReviewStatus, Verification
from tests import factories


def form_for(query: str, user=None) -> TimelineFilterForm:
    form = TimelineFilterForm(QueryDict(query), user=user)
    form.is_valid()
    return form


def test_params_drop_blanks_and_paging_and_keep_invalid_values(db):
    form = form_for("q=&type=protest&type=riot&date_from=2024-02-30&cursor=2019-02-02.5&utm=x")
    assert form.params().urlencode() == "type=protest&type=riot&date_from=2024-02-30"
    assert form.params(type=None, actor=[3, 4]).urlencode() == "date_from=2024-02-30&actor=3&actor=4"


def test_cursor_parses_to_a_date_and_an_id(db):
    assert form_for("cursor=2019-02-02.17").cleaned_data["cursor"] == (dt.date(2019, 2, 2), 17)
    assert cursor_after(dt.date(2019, 2, 2), 17) == "2019-02-02.17"
    for bad in ("abc", "2019-02-30.1", "2019-02-02", "2019-02-02.x", "undated.4", "2019-02-02.1" + "0" * 30):
        assert "cursor" in form_for(f"cursor={bad}").errors, bad


def test_claim_cursor_allows_undated(db):
    form = ClaimFilterForm(QueryDict("cursor=undated.4"))
    assert form.is_valid() and form.cleaned_data["cursor"] == (None, 4)


def test_dates_must_be_real_ordered_and_plausible(db):
    assert "date_from" in form_for("date_from=2024-02-30").errors
    assert "date_from" in form_for("date_from=0001-01-01").errors
    assert "date_to" in form_for("date_from=2019-03-01&date_to=2019-02-01").errors
    assert form_for("date_from=2019-02-01&date_to=2019-02-01").is_valid()


def test_status_field_exists_only_for_editors(editor, analyst):
    assert "status" in TimelineFilterForm(user=editor).fields
    assert "status" not in TimelineFilterForm(user=analyst).fields
    # Built without a user (a command, an old caller) the form keeps every field.
    assert "status" in TimelineFilterForm().fields


def test_too_many_actors_is_an_error(db):
    assert "actor" in form_for("&".join(f"actor={i}" for i in range(1, 30))).errors


def test_claim_status_filter_ignores_claims_the_user_cannot_see(crisis, analyst, editor):
    event = factories.EventFactory(crisis=crisis)
    factories.ClaimFactory(crisis=crisis, event=event, verification=Verification.FALSE, status=ReviewStatus.DRAFT)
    _, for_analyst = filtered_events(params=QueryDict("claim_status=false"), crisis=crisis, user=analyst)
    _, for_editor = filtered_events(params=QueryDict("claim_status=false"), crisis=crisis, user=editor)
    assert list(for_analyst) == [] and list(for_editor) == [event]


def test_filters_never_repeat_an_event(crisis, analyst):
    event = factories.EventFactory(crisis=crisis, headline="Rally")
    actors = [factories.ActorFactory() for _ in range(3)]
    for actor in actors:
        factories.EventActorFactory(event=event, actor=actor)
    source = factories.SourceFactory(outlet="Wire")
    factories.evidence_for(source, "Protesters marched", event=event)
    factories.evidence_for(source, "The minister said", event=event)
    query = "&".join(f"actor={a.pk}" for a in actors) + "&outlet=wire&q=Rally"
    _, events = filtered_events(params=QueryDict(query), crisis=crisis, user=analyst)
    assert list(events) == [event]


def test_skip_leaves_one_filter_out(crisis, analyst):
    protest = factories.EventFactory(crisis=crisis, type="protest", date_start=dt.date(2019, 2, 2))
    riot = factories.EventFactory(crisis=crisis, type="riot", date_start=dt.date(2019, 2, 2))
    factories.EventFactory(crisis=crisis, type="riot", date_start=dt.date(2018, 1, 1))
    form = form_for("type=protest&date_from=2019-01-01", user=analyst)
    events = Event.objects.for_crisis(crisis)
    assert list(form.filter(events)) == [protest]
    assert set(form.filter(events, skip={"type"})) == {protest, riot}


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(["q", "actor", "type", "date_from", "date_to", "outlet", "claim_status", "status", "cursor"]),
    value=st.text(max_size=300),
)
def test_any_value_of_any_field_is_valid_or_a_form_error(crisis, analyst, field, value):
    query = QueryDict(mutable=True)
    query[field] = value
    form, events = filtered_events(params=query, crisis=crisis, user=analyst)
    list(events[:5])  # never raises, on SQLite or PostgreSQL (NUL bytes never reach the database)
    assert form.is_valid() or form.errors


def test_can_edit_agrees_with_django_permissions(db, editor, analyst):
    from django.contrib.auth.models import AnonymousUser, Group, Permission, User

    from events.permissions import can_edit, holds

    change_event = Permission.objects.get(codename="change_event", content_type__app_label="events")
    direct = User.objects.create_user("direct", password="direct-pass-1234")
    direct.user_permissions.add(change_event)
    other_perm = User.objects.create_user("other", password="other-pass-1234")
    other_perm.user_permissions.add(Permission.objects.get(codename="view_event", content_type__app_label="events"))
    reviewers = Group.objects.create(name="Reviewers")
    reviewers.permissions.add(change_event)
    grouped = User.objects.create_user("grouped", password="grouped-pass-1234")
    grouped.groups.add(reviewers)
    root = User.objects.create_superuser("root", password="root-pass-1234")
    gone = User.objects.create_user("gone", password="gone-pass-1234", is_active=False)
    gone.groups.add(Group.objects.get(name="Editors"))
    people = [editor, analyst, direct, other_perm, grouped, root, gone]
    answers = {user.username: can_edit(User.objects.get(pk=user.pk)) for user in people}
    assert answers == {user.username: User.objects.get(pk=user.pk).has_perm("events.change_event") for user in people}
    assert answers == {
        "erin": True, "ana": False, "direct": True, "other": False, "grouped": True, "root": True, "gone": False
    }  # fmt: skip
    assert can_edit(AnonymousUser()) is False and can_edit(None) is False
    # The other permissions reader pages ask about go the same way.
    for codename in ("change_claim", "view_source", "view_event", "delete_event"):
        assert {u.username: holds(User.objects.get(pk=u.pk), codename) for u in people} == {
            u.username: User.objects.get(pk=u.pk).has_perm(f"events.{codename}") for u in people
        }
