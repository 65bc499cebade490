"""Load the demo crisis (the Venezuelan article) and the two demo logins. Safe to run again."""

import datetime as dt
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction

from events.ingest.service import ingest, read_file
from events.models import Crisis, ReviewStatus

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
        return load_by_ingest(crisis, editor)


def load_by_ingest(crisis: Crisis, editor: User) -> Crisis:
    """Ingest the demo article through the same pipeline editors use, accepting and publishing everything."""
    ingest(read_file(ARTICLE), crisis=crisis, user=editor, status=ReviewStatus.PUBLISHED)
    return crisis
