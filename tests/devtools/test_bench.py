from io import StringIO

from django.core.management import call_command


def test_bench_runs_on_tiny_data_and_writes_its_section(db, tmp_path):
    # The real runs (100k and 1M events) are `make bench`; this only keeps the command working.
    call_command("seed_synthetic", events=120, crises=2, actors=20, seed=1, stdout=StringIO(), verbosity=0)
    target = tmp_path / "BENCHMARKS.md"
    target.write_text("# Benchmarks\n\nHand-written notes stay.\n")
    out = StringIO()
    call_command("bench", requests=2, warmup=1, no_ingest=True, output=str(target), stdout=out)
    text = target.read_text()
    assert "Hand-written notes stay." in text
    assert "<!-- bench:120 -->" in text and "<!-- /bench:120 -->" in text
    for variant in (
        "framework floor",
        "first page",
        "one actor",
        "search, common term",
        "htmx partial",
        "map",
        "actors index",
    ):
        assert variant in text
    assert "events CSV" in text

    # A second run replaces its own section instead of adding another.
    call_command("bench", requests=1, warmup=0, no_ingest=True, output=str(target), stdout=StringIO())
    assert target.read_text().count("<!-- bench:120 -->") == 1


def test_bench_reports_cached_figures_and_explains_on_postgresql(db, tmp_path):
    from django.db import connection

    call_command("seed_synthetic", events=120, crises=2, actors=20, seed=1, stdout=StringIO(), verbosity=0)
    target, plans = tmp_path / "BENCHMARKS.md", tmp_path / "benchmarks" / "explain.txt"
    call_command(
        "bench",
        requests=2,
        warmup=1,
        no_ingest=True,
        explain=True,
        output=str(target),
        explain_output=str(plans),
        stdout=StringIO(),
    )
    text = target.read_text()
    assert "explain-120" not in text  # the tables stay short: plans never go into BENCHMARKS.md
    # Each page variant measured twice: cache off (the work) and cache on (a repeated URL).
    row = next(line for line in text.splitlines() if line.startswith("| first page |"))
    assert row.count("|") == 9 and "(" in row.split("|")[-2]
    if connection.vendor == "postgresql":
        written = plans.read_text()
        assert "<!-- bench:explain-120 -->" in written and "Index" in written and "actual time" in written
    else:
        assert not plans.exists()
