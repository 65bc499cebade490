from django.urls import path

from events.views import actors, claims, contradictions, detail, exports, maps, timeline

app_name = "events"

urlpatterns = [
    path("", timeline.crisis_list, name="crisis-list"),
    path("crises/<slug:slug>/", timeline.crisis_timeline, name="crisis-timeline"),
    path("crises/<slug:slug>/actors/", actors.crisis_actors, name="crisis-actors"),
    path("crises/<slug:slug>/claims/", claims.crisis_claims, name="crisis-claims"),
    path("crises/<slug:slug>/map/", maps.crisis_map, name="crisis-map"),
    path(
        "crises/<slug:slug>/contradictions/",
        contradictions.crisis_contradictions,
        name="crisis-contradictions",
    ),
    path("crises/<slug:slug>/events.csv", exports.crisis_events_csv, name="crisis-events-csv"),
    path("crises/<slug:slug>/events.xlsx", exports.crisis_events_xlsx, name="crisis-events-xlsx"),
    path("crises/<slug:slug>/claims.xlsx", exports.crisis_claims_xlsx, name="crisis-claims-xlsx"),
    path("crises/<slug:slug>/claims.csv", exports.crisis_claims_csv, name="crisis-claims-csv"),
    path("crises/<slug:slug>/timeline.json", exports.crisis_timelinejs, name="crisis-timelinejs"),
    path("events/<int:pk>/", detail.event_detail, name="event-detail"),
    path("events/<int:pk>/brief/", detail.event_brief, name="event-brief"),
    path("actors/<int:pk>/", detail.actor_detail, name="actor-detail"),
    path("sources/<int:pk>/", detail.source_detail, name="source-detail"),
]
