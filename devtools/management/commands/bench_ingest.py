"""Time the pipeline in-process over the dev corpus plus a synthetic 100 kB article."""

import json
import resource
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from events.ingest.pipeline import parse_article, warm_up

SIZES = (20_000, 200_000)  # characters of the linearity check
PARAGRAPH = (
    "Thousands of protesters marched through the capital on Saturday, and police fired tear gas near the "
    "parliament building, the interior ministry said. Opposition leader Maria Lopez said on Friday that "
    '"the government has lost the street" and claimed 60 percent of voters back new elections in March. '
    "President Pedro Alvarez denied the figures in a statement late Sunday; last week he appointed a new "
    "army chief, General Tomas Ruiz, who warned on Monday that troops would not allow further unrest.\n\n"
)


class Command(BaseCommand):
    help = "Benchmark parse_article: median and p95 ms per article over a corpus, plus a synthetic 100 kB article."

    def add_arguments(self, parser):
        default = Path(settings.BASE_DIR).parent / "shared" / "corpus" / "dev"
        parser.add_argument("--corpus", default=str(default), help="folder of .txt/.html articles")
        parser.add_argument("--repeat", type=int, default=3, help="runs per article (default 3)")

    def handle(self, *args, **options):
        corpus = Path(options["corpus"])
        repeat = max(1, options["repeat"])
        files = sorted(p for p in corpus.glob("*") if p.suffix in (".txt", ".html") and ".expected" not in p.name)
        if not files:
            raise CommandError(f"No .txt or .html articles in {corpus}.")
        started, before = time.perf_counter(), self.rss_mb()
        warm_up(settings.INGEST_NLP_PIPELINE)
        self.stdout.write(
            f"warm-up: {1000 * (time.perf_counter() - started):.0f} ms; "
            f"peak memory {before:.0f} MB before, {self.rss_mb():.0f} MB after (the models, once per process)"
        )
        rows = []
        for path in files:
            meta = path.with_name(path.name.rsplit(".", 1)[0] + ".meta.json")
            given = json.loads(meta.read_text()).get("given", {}) if meta.exists() else {}
            raw = path.read_bytes()
            times = self.measure(raw, path.suffix == ".html", given, repeat)
            rows.append((path.name, len(raw), times))
        synthetic = (PARAGRAPH * (100_000 // len(PARAGRAPH) + 1))[:100_000].encode()
        rows.append(
            ("synthetic-100kB.txt", len(synthetic), self.measure(synthetic, False, {"published": "2024-03-04"}, repeat))
        )
        self.stdout.write(f"{'article':<48} {'kB':>6} {'median ms':>10} {'p95 ms':>8}")
        for name, size, times in rows:
            self.stdout.write(
                f"{name:<48} {size / 1000:>6.1f} {statistics.median(times):>10.1f} {self.p95(times):>8.1f}"
            )
        corpus_times = [t for _name, _size, times in rows[:-1] for t in times]
        median, p95 = statistics.median(corpus_times), self.p95(corpus_times)
        self.stdout.write(f"{'ALL corpus articles':<48} {'':>6} {median:>10.1f} {p95:>8.1f}")
        self.linearity()
        self.stdout.write(f"peak memory after the run: {self.rss_mb():.0f} MB")

    def linearity(self) -> None:
        """Time grows linearly with length: 200k characters of short quoted sentences against 20k."""
        unit = '"We will stay in the streets," said Ana Ruiz. Police fired tear gas on Saturday. '
        texts = {size: ("Protest news\n\n" + unit * (size // len(unit) + 1))[:size].encode() for size in SIZES}
        runs: dict[int, list[float]] = {size: [] for size in texts}
        for _round in range(3):  # interleaved, so a drift in the machine's speed weighs on both sizes alike
            for size, text in texts.items():
                runs[size] += self.measure(text, False, {"published": "2019-02-03"}, 1)
        timings = {size: min(times) for size, times in runs.items()}
        ratio = timings[200_000] / timings[20_000]
        self.stdout.write(
            f"linearity: 20k chars {timings[20_000]:.0f} ms, 200k chars {timings[200_000]:.0f} ms ({ratio:.1f}x)"
        )

    @staticmethod
    def rss_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def measure(self, raw: bytes, is_html: bool, given: dict, repeat: int) -> list[float]:
        import datetime as dt

        published = dt.date.fromisoformat(given["published"]) if given.get("published") else None
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            parse_article(
                raw,
                is_html=is_html or None,
                published=published,
                title=given.get("title"),
                nlp_pipeline=settings.INGEST_NLP_PIPELINE,
            )
            times.append(1000 * (time.perf_counter() - started))
        return times

    @staticmethod
    def p95(times: list[float]) -> float:
        ordered = sorted(times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
