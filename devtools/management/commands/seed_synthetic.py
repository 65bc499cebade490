"""Deterministic synthetic data for benchmarks: crises, actors with aliases, sources with text, events of
mixed precision with actors and evidence, claims of every status, a share of drafts.

On PostgreSQL rows go in with COPY (a million events in minutes); elsewhere with bulk_create. Synthetic
rows are benchmark fixtures, not editorial work, so they get no history records.
"""

from __future__ import annotations

import datetime as dt
import functools
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from devtools.vocabulary import COUNTRIES, FIRST, LAST, ORG_KINDS, ORG_WORDS, OUTLETS, PLACES, TOPICS, VERBS
from events.dates import date_bounds
from events.gazetteer import Place, cities, country_place, place_by_id
from events.models import (
    Actor,
    ActorAlias,
    Claim,
    ContradictionGroup,
    ContradictionMember,
    Crisis,
    Event,
    EventActor,
    EventType,
    Evidence,
    Source,
    SpeechAct,
    Verification,
    content_hash,
)
from events.text import fold

CITIES_PER_COUNTRY = 8


@functools.cache
def spots(country: str) -> tuple[Place, ...]:
    """A synthetic crisis's places: its country's biggest cities four times each, the country once per city."""
    home = country_place(country)
    if home is None:
        return (Place(0, "", "", "", "", 0.0, 0.0, None),)
    biggest = sorted((c for c in cities() if c["countrycode"] == home.iso), key=lambda c: -c["population"])
    found = [place_by_id(c["geonameid"]) for c in biggest[:CITIES_PER_COUNTRY]]
    return tuple(p for p in found if p) * 4 + (home,) * max(1, len(found))


PRECISIONS = ["day"] * 80 + ["week"] * 8 + ["month"] * 8 + ["year"] * 2 + ["approximate"] * 2
TYPES = [t for t in EventType.values]
SPEECH = list(SpeechAct.values)
VERIFICATIONS = list(Verification.values)
BATCH = 20_000
# Days between an event's last day and a source's publication: most the same day or the next, a few late.
REPORTING_DELAYS = [0] * 12 + [1] * 5 + [2, 3, 5, 9, 20]
CONTRADICTED = 0.02  # the share of events with two tolls that contradict each other
FIGURE_COLUMNS = ["figure_measure", "figure_low", "figure_high", "figure_text", "poll_pollster", "poll_base"]
GROUP_COLUMNS = [
    "id", "crisis_id", "key", "kind", "measure", "event_id", "about_id", "day", "newest_on", "decision", "holds_id",
    "note", "decided_by_id", "decided_at", "created_at", "updated_at",
]  # fmt: skip


# The columns each COPY writes, in the order the row tuples hold them.
SOURCE_COLUMNS = (
    "id kind url title outlet authors language published_on published_source retrieved_at original "
    "original_format text content_hash scale notes created_by_id created_at "
).split()
EVENT_COLUMNS = (
    "id crisis_id headline summary type timeframe location_name country country_code admin1 geo_precision "
    "geonameid latitude longitude date_start date_end precision date_text fatalities status created_by_id "
    "created_at updated_at version "
).split()
CLAIM_COLUMNS = (
    "id crisis_id claimant_id claimant_text statement speech_act made_on event_id figure_value "
    "figure_unit verification verification_note status created_by_id created_at updated_at version "
).split() + FIGURE_COLUMNS
PER_EVENT = (Source, Event, EventActor, Evidence, Claim, ContradictionGroup, ContradictionMember)


class Command(BaseCommand):
    help = "Load deterministic synthetic crises, actors, sources, events, evidence and claims for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=100_000)
        parser.add_argument("--crises", type=int, default=20)
        parser.add_argument("--actors", type=int, default=3000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, events, crises, actors, seed, **options):
        if events < 1 or crises < 1 or actors < 10:
            raise CommandError("--events and --crises must be at least 1, --actors at least 10.")
        if Crisis.objects.filter(slug__startswith="synthetic-").exists():
            raise CommandError("Synthetic data is already loaded; use a fresh database (or flush) to load it again.")
        self.rng = random.Random(seed)
        # Late reports, figures and contradictions draw from their own generator, so the rest of the data
        # is the same as before they were added.
        self.extra = random.Random(seed * 7919 + 1)
        self.progress = not options.get("verbosity") == 0
        self.copy = connection.vendor == "postgresql"
        started = timezone.now()
        with transaction.atomic():
            crisis_rows = self.make_crises(crises)
            actor_ids = self.make_actors(actors)
            self.make_events(events, crisis_rows, actor_ids)
        if self.copy:
            self.reset_sequences()
            with connection.cursor() as cursor:
                # Triggers rewrote each event row once more (its search document): VACUUM clears the dead
                # versions and marks pages all-visible, or the first index scans wade through them.
                # VACUUM cannot run inside a transaction (a test's); ANALYZE alone then.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(f"Loaded {events} events in {crises} crises with {actors} actors in {seconds:.0f} s.")

    # -- writing -------------------------------------------------------------------------------------
    def next_id(self, model) -> int:
        return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    def write(self, model, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        if self.copy:
            table = model._meta.db_table
            names = ", ".join(f'"{c}"' for c in columns)
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2000)

    def reset_sequences(self) -> None:
        with connection.cursor() as cursor:
            for model in (Crisis, Actor, ActorAlias, *PER_EVENT):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"
                )

    # -- content ---------------------------------------------------------------------------------------
    def make_crises(self, count: int) -> list[tuple[int, str, dt.date]]:
        first = self.next_id(Crisis)
        now = timezone.now()
        rows, out = [], []
        for i in range(count):
            country = COUNTRIES[i % len(COUNTRIES)]
            start = dt.date(2005 + (i * 7) % 18, 1 + i % 12, 1)
            pk = first + i
            rows.append(
                (
                    pk,
                    f"Synthetic crisis {i + 1}: {country}",
                    f"synthetic-{i + 1}",
                    f"A synthetic crisis in {country} for benchmarks.",
                    country,
                    start,
                    "ongoing",
                    now,
                    now,
                )
            )
            out.append((pk, country, start))
        self.write(
            Crisis,
            ["id", "name", "slug", "summary", "countries", "start_date", "status", "created_at", "updated_at"],
            rows,
        )
        return out

    def make_actors(self, count: int) -> list[int]:
        first, alias_first = self.next_id(Actor), self.next_id(ActorAlias)
        now = timezone.now()
        actors, aliases, seen = [], [], set()
        alias_id = alias_first
        for i in range(count):
            pk = first + i
            if i % 3:
                name, kind = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)} {i}", "person"
                extra = [f"{name.split()[1]} {i}"]
            else:
                word, (noun, kind) = self.rng.choice(ORG_WORDS), self.rng.choice(ORG_KINDS)
                name = f"{word} {noun} of {COUNTRIES[i % len(COUNTRIES)]} {i}"
                extra = ["".join(w[0] for w in name.split() if w[0].isupper()) + str(i)]
            actors.append((pk, name, kind, COUNTRIES[i % len(COUNTRIES)], "", "", now, now))
            for alias in [name, *extra]:
                key = fold(alias)
                if key not in seen:
                    seen.add(key)
                    aliases.append((alias_id, pk, alias, key))
                    alias_id += 1
        self.write(
            Actor, ["id", "name", "kind", "country", "description", "wikidata_id", "created_at", "updated_at"], actors
        )
        self.write(ActorAlias, ["id", "actor_id", "alias", "folded"], aliases)
        return [a[0] for a in actors]

    def make_events(self, count: int, crises, actor_ids: list[int]) -> None:
        ids = {m: self.next_id(m) for m in PER_EVENT}
        actor_names = dict(Actor.objects.filter(pk__in=actor_ids).values_list("pk", "name"))
        now = timezone.now()
        per_crisis = {c[0]: [self.rng.sample(actor_ids, min(150, len(actor_ids)))] for c in crises}
        bar = tqdm(total=count, desc="Events", unit="event", disable=not self.progress)
        done = 0
        while done < count:
            size = min(BATCH, count - done)
            sources, events, parts, evidence, claims, groups, members = [], [], [], [], [], [], []
            # One source tells about five events, as a news report does.
            for n in range(size):
                crisis_id, country, start = crises[(done + n) % len(crises)]
                cast = per_crisis[crisis_id][0]
                day = start + dt.timedelta(days=self.rng.randrange(0, 365 * 6))
                precision = self.rng.choice(PRECISIONS)
                date_start, date_end = date_bounds(day, precision)
                kind = self.rng.choice(TYPES)
                who = self.rng.sample(cast, self.rng.randint(1, 5))
                lead = actor_names[who[0]]
                place = self.rng.choice(PLACES)
                # Where, as ingest would resolve it: one of the country's biggest cities, or (one in five) only
                # the country, at its capital with precision 3.
                spot = self.rng.choice(spots(country))
                sentence = f"{lead} {VERBS[kind]} {place} over {self.rng.choice(TOPICS)}."
                event_id = ids[Event] + n
                status = "draft" if self.rng.random() < 0.08 else "published"
                events.append(
                    (
                        event_id,
                        crisis_id,
                        sentence[:300],
                        f"{sentence} Reported from {country}.",
                        kind,
                        "current",
                        spot.name if spot.precision == 1 else place,
                        spot.country or country,
                        spot.iso,
                        spot.admin1,
                        spot.precision,
                        spot.geonameid or None,
                        round(spot.latitude, 5) if spot.geonameid else None,
                        round(spot.longitude, 5) if spot.geonameid else None,
                        date_start,
                        date_end,
                        precision,
                        day.strftime("%d %B %Y") if precision == "day" else "",
                        None,
                        status,
                        None,
                        now,
                        now,
                        1,
                    )
                )
                for position, actor_id in enumerate(who):
                    role = "initiator" if position == 0 else self.rng.choice(["target", "participant", "mentioned"])
                    parts.append((ids[EventActor] + len(parts), event_id, actor_id, role))
                for _ in range(self.rng.randint(1, 3)):
                    outlet = self.rng.choice(OUTLETS)
                    text = f"{outlet} report. {sentence} Witnesses described the scene. Officials declined to comment."
                    text += f" Reference {done + n}-{len(sources)}."
                    source_id = ids[Source] + len(sources)
                    sources.append(
                        (
                            source_id,
                            "article",
                            None,
                            f"{lead}: {kind.replace('_', ' ')} in {country}",
                            outlet,
                            "",
                            "en",
                            date_end + dt.timedelta(days=self.extra.choice(REPORTING_DELAYS)),
                            "given",
                            None,
                            "",
                            "text",
                            text,
                            content_hash(text),
                            self.rng.choice(["local", "national", "regional", "international"]),
                            "",
                            None,
                            now,
                        )
                    )
                    begin = text.index(sentence)
                    evidence.append(
                        (
                            ids[Evidence] + len(evidence),
                            source_id,
                            event_id,
                            None,
                            begin,
                            begin + len(sentence),
                            sentence,
                            now,
                        )
                    )
                if self.rng.random() < 0.2:
                    share = self.rng.randint(2, 95)
                    statement = f"{share} percent of residents oppose {self.rng.choice(TOPICS)}"
                    figure = ("percent", share, share, f"{share} percent", "", None)
                    claims.append(
                        (
                            ids[Claim] + len(claims),
                            crisis_id,
                            who[-1],
                            actor_names[who[-1]],
                            statement,
                            self.rng.choice(SPEECH),
                            date_end,
                            event_id,
                            share,
                            "percent",
                            self.rng.choice(VERIFICATIONS),
                            "",
                            status,
                            None,
                            now,
                            now,
                            1,
                            *figure,
                        )
                    )
                if self.extra.random() < CONTRADICTED:
                    # Two tolls that cannot both be right, and the group the finder would make of them.
                    low = self.extra.randint(1, 30)
                    group_id = ids[ContradictionGroup] + len(groups)
                    for value, words, high in ((low, str(low), low), (low * 3 + 5, f"more than {low * 3 + 5}", None)):
                        claim_id = ids[Claim] + len(claims)
                        claims.append(
                            (
                                claim_id, crisis_id, None, "officials" if high else "a rights group",
                                f"{words} people were killed", SpeechAct.STATED, date_end, event_id, value, "people",
                                Verification.UNVERIFIED, "", status, None, now, now, 1,
                                "killed", value, high, words, "", None,
                            )
                        )  # fmt: skip
                        members.append((ids[ContradictionMember] + len(members), group_id, claim_id))
                    groups.append(
                        (group_id, crisis_id, f"event:{event_id}:killed", "figure", "killed", event_id, None, None,
                         date_end, "open", None, "", None, None, now, now)
                    )  # fmt: skip
            # Events go in last (foreign keys are checked at commit): the triggers that keep each event's
            # search document and summary then find its actors, evidence and claims already there and compute
            # both once, instead of once more for every table that follows (4× faster on PostgreSQL).
            self.write(Source, SOURCE_COLUMNS, sources)
            self.write(EventActor, ["id", "event_id", "actor_id", "role"], parts)
            self.write(
                Evidence, ["id", "source_id", "event_id", "claim_id", "start", "end", "quote", "created_at"], evidence
            )
            self.write(Claim, CLAIM_COLUMNS, claims)
            self.write(ContradictionGroup, GROUP_COLUMNS, groups)
            self.write(ContradictionMember, ["id", "group_id", "claim_id"], members)
            self.write(Event, EVENT_COLUMNS, events)
            for model, rows in (
                (Source, sources),
                (Event, events),
                (EventActor, parts),
                (Evidence, evidence),
                (Claim, claims),
                (ContradictionGroup, groups),
                (ContradictionMember, members),
            ):
                ids[model] += len(rows)
            done += size
            bar.update(size)
        bar.close()
