"""Ingest's web side: the admin's ingest pages (`views`), the input and review forms with the signed preview
(`forms`), and the upload cap (`uploads`). They call `events.ingest.service` to read and parse, and
`events.ingest.commit.commit_ingest` to save."""
