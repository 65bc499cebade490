"""Exports and imports: the events CSV (with its COPY path), its ACLED profile, the claims CSV, TimelineJS
JSON, the CSV importer and the admin's import page and export action. Formats: docs/exports.md.

Modules: `common` (escaping, streaming, the read transaction), `events_csv`, `acled`, `claims`, `timelinejs`,
`import_rows` (cells → checked rows), `importer` (the one writer of imports), `admin_pages` (web side).
"""
