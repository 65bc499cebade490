"""The fixed vocabularies of the data model: review status, event types, speech acts, verification.

Event-type tables elsewhere (the ACLED mapping, the importer's labels) are derived from `EventType`, so a new
type added here shows up everywhere; tests/exports/test_acled.py fails if one has no ACLED mapping.
"""

from django.db import models


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class EventType(models.TextChoices):
    # ACLED's event types ...
    PROTEST = "protest", "Protest"
    RIOT = "riot", "Riot"
    BATTLE = "battle", "Battle"
    VIOLENCE_AGAINST_CIVILIANS = "violence_against_civilians", "Violence against civilians"
    EXPLOSION_REMOTE_VIOLENCE = "explosion_remote_violence", "Explosion / remote violence"
    STRATEGIC_DEVELOPMENT = "strategic_development", "Strategic development"
    # ... and the political-process events ACLED folds into "Strategic developments".
    DEFECTION = "defection", "Defection"
    RECOGNITION = "recognition", "Recognition"
    LEGISLATION = "legislation", "Legislation"
    ELECTION = "election", "Election / vote"
    COURT_RULING = "court_ruling", "Court ruling"
    ARREST = "arrest", "Arrest / detention"
    APPOINTMENT_RESIGNATION = "appointment_resignation", "Appointment / resignation"
    NEGOTIATION_AGREEMENT = "negotiation_agreement", "Negotiation / agreement"
    SANCTIONS = "sanctions", "Sanctions"
    STATEMENT = "statement", "Announcement / statement"
    POLL = "poll", "Poll"
    OTHER = "other", "Other"


class SpeechAct(models.TextChoices):
    STATED = "stated", "Stated"
    ALLEGED = "alleged", "Alleged"
    DENIED = "denied", "Denied"
    ANNOUNCED = "announced", "Announced"
    PREDICTED = "predicted", "Predicted"
    POLL_FINDING = "poll_finding", "Poll finding"


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    CORROBORATED = "corroborated", "Corroborated"
    DISPUTED = "disputed", "Disputed"
    FALSE = "false", "False"
    CONFIRMED = "confirmed", "Confirmed"


class FigureMeasure(models.TextChoices):
    # The values match events/ingest/figures.py's MEASURES (tests/ingest/test_figures.py checks it).
    CROWD_SIZE = "crowd_size", "Crowd size"
    KILLED = "killed", "Killed"
    INJURED = "injured", "Injured"
    ARRESTED = "arrested", "Arrested / detained"
    DISPLACED = "displaced", "Displaced"
    PERCENT = "percent", "Percent (poll share, support)"
    VOTES = "votes", "Votes"
    MONEY = "money", "Money"
    OTHER = "other", "Other"
