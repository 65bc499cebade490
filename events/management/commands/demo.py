"""Load the demo crisis (the Venezuelan article) and the two demo logins. Safe to run again."""

import datetime as dt
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction

from events.models import (
    Actor, ActorAlias, Claim, Crisis, Event, EventActor, EventType, Evidence, Precision, ReviewStatus, Source, SpeechAct,
    fold,
)

ARTICLE = Path(__file__).resolve().parents[2] / "demo" / "venezuela.txt"
DEMO_USERS = [
    # (username, password, group, is_staff)
    ("editor", "demo-editor-pass", "Editors", True),
    ("analyst", "demo-analyst-pass", "Analysts", True),
]


class Command(BaseCommand):
    help = "Create the demo crisis from the Venezuelan article, plus an editor and an analyst login."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = self.create_users()
            crisis = self.create_crisis(users["editor"])
        self.stdout.write(self.style.SUCCESS(f"Demo crisis ready: {crisis.name} ({crisis.events.count()} events)."))
        for username, password, group, _ in DEMO_USERS:
            self.stdout.write(f"  {group[:-1].lower():8} login: {username} / {password}")

    def create_users(self) -> dict[str, User]:
        users = {}
        for username, password, group, is_staff in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": is_staff})
            user.set_password(password)
            user.is_staff = is_staff
            user.save()
            user.groups.add(Group.objects.get(name=group))
            users[username] = user
        return users

    def create_crisis(self, editor: User) -> Crisis:
        crisis, _ = Crisis.objects.get_or_create(
            slug="venezuela-2019",
            defaults={
                "name": "Venezuelan presidential crisis",
                "summary": "The contest between Nicolás Maduro and Juan Guaidó for the presidency of Venezuela.",
                "countries": "Venezuela",
                "start_date": dt.date(2019, 1, 10),
            },
        )
        if crisis.events.exists():
            return crisis
        return load_hand_entered(crisis, editor)


def load_hand_entered(crisis: Crisis, editor: User) -> Crisis:
    raw = ARTICLE.read_text(encoding="utf-8")
    # The cleaned text: cookie banner, stray letter and photo credit removed.
    text = raw.split("\n\nf\n")[0].replace(" AGUSTIN MARCARIAN / REUTERS", "").rstrip() + "\n"
    source = Source.objects.filter(content_hash__isnull=False, title__startswith="Venezuelan opposition").first()
    if source is None:
        source = Source.objects.create(
            title=text.splitlines()[0], outlet="Demo", original=raw, text=text, published_on=dt.date(2019, 2, 2),
            published_source=Source.DateOrigin.TEXT, scale=Source.Scale.INTERNATIONAL, created_by=editor,
        )

    def actor(name, kind, *aliases, country="Venezuela"):
        obj, _ = Actor.objects.get_or_create(name=name, defaults={"kind": kind, "country": country})
        for alias in aliases:
            ActorAlias.objects.get_or_create(folded=fold(alias), defaults={"actor": obj, "alias": alias})
        return obj

    guaido = actor("Juan Guaidó", Actor.Kind.PERSON, "Juan Guaido", "Guaido")
    maduro = actor("Nicolás Maduro", Actor.Kind.PERSON, "Nicolas Maduro", "Nicholas Maduro", "Maduro")
    yanez = actor("Yanez Rodriguez", Actor.Kind.MILITARY)
    usa = actor("United States", Actor.Kind.STATE, "U.S.", "USA", country="United States")
    opposition = actor("Venezuelan opposition", Actor.Kind.MOVEMENT)

    def evidence_for(quote, **target):
        start = text.index(quote)
        Evidence.objects.create(source=source, start=start, end=start + len(quote), quote=quote, **target)

    saturday = dt.date(2019, 2, 2)
    rows = [
        ("Guaidó rallies tens of thousands against Maduro", EventType.PROTEST, saturday, Precision.DAY, "Saturday",
         "The self-proclaimed interim president spoke to tens of thousands of supporters on Saturday",
         [(guaido, "initiator"), (opposition, "participant"), (maduro, "target")]),
        ("Air force general Yanez Rodriguez defects to Guaidó", EventType.DEFECTION, saturday, Precision.DAY,
         "Saturday morning", "Air force general Yanez Rodriguez said he's backing Guaidó",
         [(yanez, "initiator"), (guaido, "participant"), (maduro, "target")]),
        ("Maduro supporters stage counter-demonstration in Caracas", EventType.PROTEST, saturday, Precision.DAY,
         "Saturday", "they staged a counter-demonstration Saturday in Caracas", [(maduro, "mentioned")]),
        ("Opposition lawmakers draft amnesty legislation for the military", EventType.LEGISLATION, saturday,
         Precision.APPROXIMATE, "", "Guaidó and his fellow lawmakers have drafted amnesty legislation",
         [(guaido, "initiator")]),
    ]
    events = []
    for headline, kind, day, precision, phrase, quote, parts in rows:
        event = Event.objects.create(
            crisis=crisis, headline=headline, type=kind, date_start=day, date_end=day, precision=precision,
            date_text=phrase, location_name="Caracas" if "Caracas" in quote else "", country="Venezuela",
            status=ReviewStatus.PUBLISHED, created_by=editor,
        )
        for who, role in parts:
            EventActor.objects.create(event=event, actor=who, role=role)
        evidence_for(quote, event=event)
        events.append(event)

    claim = Claim.objects.create(
        crisis=crisis, claimant=yanez, claimant_text="Air force general Yanez Rodriguez",
        statement="90 percent of the armed forces have lost faith in Maduro", speech_act=SpeechAct.STATED,
        made_on=saturday, event=events[1], figure_value=90, figure_unit="percent", status=ReviewStatus.PUBLISHED,
        created_by=editor,
    )
    claim.about.add(maduro)
    evidence_for("claimed that 90 percent of the armed forces have lost faith in Maduro", claim=claim)
    poll = Claim.objects.create(
        crisis=crisis, claimant_text="a new poll", statement="82 percent of Venezuelans want Maduro to quit",
        speech_act=SpeechAct.POLL_FINDING, made_on=saturday, figure_value=82, figure_unit="percent",
        status=ReviewStatus.PUBLISHED, created_by=editor,
    )
    poll.about.add(maduro)
    evidence_for("the poll showed 82 percent of Venezuelans want Maduro to quit", claim=poll)
    return crisis
