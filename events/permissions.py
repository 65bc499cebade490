"""What a reader may see, asked on every reader request (cached page or not), cheaply.

`holds(user, "change_event")` gives the same answer as `user.has_perm("events.change_event")` for the
backends configured here (ModelBackend grants permissions; django-axes only refuses log-ins), in one
small query per permission and request instead of loading every permission of the user and of their
groups through the ORM. tests/test_forms.py holds the two together.
"""

from django.db import connections, router

PERMISSION_SQL = """
    SELECT EXISTS (
        SELECT 1 FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id
        WHERE ct.app_label = 'events' AND p.codename = %s AND (
            p.id IN (SELECT permission_id FROM auth_user_user_permissions WHERE user_id = %s)
            OR p.id IN (
                SELECT gp.permission_id FROM auth_group_permissions gp
                JOIN auth_user_groups ug ON ug.group_id = gp.group_id WHERE ug.user_id = %s
            )
        )
    )
"""


def holds(user, codename: str) -> bool:
    """Whether `user` has the permission `events.<codename>`, directly or through a group. Active
    superusers have every permission; anonymous and inactive users none. Remembered on the user object,
    which lives for one request."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    known = user.__dict__.setdefault("_events_permissions", {})
    if codename not in known:
        if hasattr(user, "_perm_cache"):  # Django has loaded them all already this request
            known[codename] = user.has_perm(f"events.{codename}")
        else:
            with connections[router.db_for_read(type(user))].cursor() as cursor:
                cursor.execute(PERMISSION_SQL, [codename, user.pk, user.pk])
                known[codename] = bool(cursor.fetchone()[0])
    return known[codename]


def can_edit(user) -> bool:
    """Editors (events.change_event) see drafts and edit links; everyone else reads what is published."""
    return holds(user, "change_event")
