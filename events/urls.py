from django.urls import path

from events.views import pages

app_name = "events"

urlpatterns = [
    path("", pages.crisis_list, name="crisis-list"),
    path("crises/<slug:slug>/", pages.crisis_timeline, name="crisis-timeline"),
    path("events/<int:pk>/", pages.event_detail, name="event-detail"),
    path("actors/<int:pk>/", pages.actor_detail, name="actor-detail"),
    path("sources/<int:pk>/", pages.source_detail, name="source-detail"),
]
