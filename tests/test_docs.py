"""The documentation's code runs: an example that stops working fails here, not in a reader's hands."""

import re
import types
from pathlib import Path

from events.models import PendingArticle, Source

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "events" / "demo" / "venezuela.txt"


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_the_background_ingest_example_in_scaling_md_runs(crisis, editor, run_tasks):
    (block,) = python_blocks(ROOT / "docs" / "scaling.md")
    module = types.ModuleType("scaling_example")
    exec(compile(block, "docs/scaling.md", "exec"), module.__dict__)

    pending = module.queue_pasted_article(text=DEMO.read_text(encoding="utf-8"), crisis=crisis, user=editor)
    assert pending.state == PendingArticle.State.QUEUED and not Source.objects.exists()
    assert run_tasks() == 1
    pending.refresh_from_db()
    assert pending.state == PendingArticle.State.READY and pending.payload["events"]
