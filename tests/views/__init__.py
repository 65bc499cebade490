"""Page tests, one file per area of events/views/. Shared request headers below."""

HX = {"HX-Request": "true"}
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


def headlines(response) -> list[str]:
    return [e.headline for e in response.context["entries"]]
