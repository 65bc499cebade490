"""The documentation's code runs: an example that stops working fails here, not in a reader's hands."""

import re
import sys
import types
from pathlib import Path

from events.models import Source

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "events" / "demo" / "venezuela.txt"


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_the_background_ingest_example_in_scaling_md_runs(crisis, editor, monkeypatch):
    (block,) = python_blocks(ROOT / "docs" / "scaling.md")
    # A real module, as a task must live in one (the tasks framework refuses functions it cannot import).
    module = types.ModuleType("scaling_example")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    exec(compile(block, "docs/scaling.md", "exec"), module.__dict__)

    article = DEMO.read_text(encoding="utf-8")
    result = module.ingest_article.enqueue(text=article, crisis_id=crisis.pk, user_id=editor.pk)
    source = Source.objects.get()
    assert result.return_value == source.pk
    assert source.evidence.exists() and source.created_by == editor
    # Retried, the same article is refused: the task is idempotent.
    assert module.ingest_article.enqueue(text=article, crisis_id=crisis.pk, user_id=editor.pk).return_value == source.pk
    assert Source.objects.count() == 1
