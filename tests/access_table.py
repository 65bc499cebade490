"""The access decision for every URL pattern the project serves, read by `test_hardening_roles.py`
(which fails on a pattern without a row here)."""

# One row per URL pattern (by name, or by route for the admin's unnamed patterns): the GET status for
# anonymous / Ana / Erin. "public" means 200 when PUBLIC_TIMELINE is on and the login redirect otherwise;
# "login" is a redirect to the login page; "home" is the admin's redirect back to its index.
PAGES = {"anon": "public", "analyst": 200, "editor": 200}
ADMIN_READ = {"anon": "login", "analyst": 200, "editor": 200}
ADMIN_WRITE = {"anon": "login", "analyst": 403, "editor": 200}
STAFF_ONLY = {"anon": "login", "analyst": 403, "editor": 403}  # auth and axes: superusers only
EXPECTED = {
    "events:crisis-list": PAGES,
    "events:crisis-timeline": PAGES,
    "events:crisis-actors": PAGES,
    "events:crisis-claims": PAGES,
    "events:crisis-map": PAGES,
    "events:crisis-contradictions": PAGES,
    "events:crisis-events-csv": PAGES,
    "events:crisis-claims-csv": PAGES,
    "events:crisis-events-xlsx": PAGES,
    "events:crisis-claims-xlsx": PAGES,
    "events:crisis-timelinejs": PAGES,
    "events:event-detail": PAGES,
    "events:event-brief": {"anon": "public-redirect", "analyst": 302, "editor": 302},
    "events:actor-detail": PAGES,
    "events:source-detail": PAGES,
    "admin:index": ADMIN_READ,
    "admin:login": {"anon": 200, "analyst": 302, "editor": 302},
    "admin:logout": {"anon": "home", "analyst": 405, "editor": 405},  # POST only
    "admin:password_change": ADMIN_READ,  # one's own password
    "admin:password_change_done": ADMIN_READ,
    "admin:autocomplete": {"anon": "login", "analyst": 200, "editor": 200},
    "admin:jsi18n": ADMIN_READ,
    "admin:view_on_site": {"anon": "login", "analyst": 404, "editor": 404},  # no model has a public URL there
    "admin:app_list": ADMIN_READ,
    "admin/(?P<url>.*)$": {"anon": "login", "analyst": 404, "editor": 404},
    "admin:events_source_ingest": ADMIN_WRITE,
    "admin:events_source_ingest_confirm": ADMIN_WRITE | {"editor": 302},  # GET goes back to the form
    "admin:events_source_ingest_revise": ADMIN_WRITE | {"editor": 302},  # GET goes back to the form
    "admin:events_source_ingested": ADMIN_READ,
    "admin:events_event_import": ADMIN_WRITE,
    # The review queue and the feeds are the editors' alone: a pending draft never reaches a reader.
    "admin:events_pendingarticle_review": ADMIN_WRITE,
    "admin:events_pendingarticle_retry": {"anon": "login", "analyst": 405, "editor": 405},  # POST only
    "admin:events_pendingarticle_reject": {"anon": "login", "analyst": 405, "editor": 405},
    "admin:events_pendingarticle_accept_all": {"anon": "login", "analyst": 405, "editor": 405},
    "admin:events_pendingarticle_counts": ADMIN_WRITE,
    "admin:events_pendingarticle_add": ADMIN_WRITE | {"editor": 403},  # rows come from ingest and feeds
    "admin:events_event_places": ADMIN_WRITE,
}
for _model in ("pendingarticle", "feed"):
    EXPECTED |= {
        f"admin:events_{_model}_changelist": ADMIN_WRITE,
        f"admin:events_{_model}_change": ADMIN_WRITE,
        f"admin:events_{_model}_delete": ADMIN_WRITE,
        f"admin:events_{_model}_history": ADMIN_WRITE,
        f"admin/events/{_model}/<path:object_id>/": {"anon": "login", "analyst": 302, "editor": 302},
    }
EXPECTED["admin:events_feed_add"] = ADMIN_WRITE
EXPECTED["admin:events_pendingarticle_delete"] = ADMIN_WRITE | {"editor": 403}  # reject instead: it is remembered
for _model in ("crisis", "source", "actor", "event", "claim", "actoralias"):
    EXPECTED |= {
        f"admin:events_{_model}_changelist": ADMIN_READ,
        f"admin:events_{_model}_add": ADMIN_WRITE,
        f"admin:events_{_model}_change": ADMIN_READ,
        f"admin:events_{_model}_delete": ADMIN_WRITE,
        f"admin:events_{_model}_history": ADMIN_READ,
        f"admin:events_{_model}_simple_history": ADMIN_READ,
        f"admin/events/{_model}/<path:object_id>/": {"anon": "login", "analyst": 302, "editor": 302},
    }
for _model in (
    "auth_group",
    "auth_user",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "django_tasks_database_dbtaskresult",  # the queue's own rows; editors follow their articles' states
):
    app, name = _model.rsplit("_", 1)
    EXPECTED |= {
        f"admin:{_model}_changelist": STAFF_ONLY,
        f"admin:{_model}_add": STAFF_ONLY,
        f"admin:{_model}_change": STAFF_ONLY,
        f"admin:{_model}_delete": STAFF_ONLY,
        f"admin:{_model}_history": STAFF_ONLY,
        f"admin/{app}/{name}/<path:object_id>/": {"anon": "login", "analyst": 302, "editor": 302},
    }
EXPECTED["admin:auth_user_password_change"] = STAFF_ONLY
# Contradictions are found from claims, never typed in: nobody adds one; editors decide on them.
EXPECTED |= {
    "admin:events_contradictiongroup_changelist": ADMIN_READ,
    "admin:events_contradictiongroup_add": STAFF_ONLY,
    "admin:events_contradictiongroup_change": ADMIN_READ,
    "admin:events_contradictiongroup_delete": ADMIN_WRITE,
    "admin:events_contradictiongroup_history": ADMIN_READ,
    "admin:events_contradictiongroup_simple_history": ADMIN_READ,
    "admin/events/contradictiongroup/<path:object_id>/": {"anon": "login", "analyst": 302, "editor": 302},
}
