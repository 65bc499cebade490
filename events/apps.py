from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Crisis timelines"

    def ready(self):
        from events import checks  # noqa: F401  (registers the system checks)
