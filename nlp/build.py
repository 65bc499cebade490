"""Rebuild the ``en_crisis_gum`` spaCy pipeline from GUM: convert, train, package, evaluate.

Steps (all paths relative to the repository root):

1. ``nlp/convert_gum.py``: GUM CoNLL-U files → ``nlp/corpus/{train,dev}.spacy`` (+ ``split.json``).
2. ``python -m spacy train nlp/config.cfg --output nlp/training`` (fixed seed, bounded step budget).
3. ``nlp/training/model-best`` → ``nlp/pipeline/`` with the pipeline's meta (name, licence, credit).
4. Evaluate ``nlp/pipeline/`` on the held-out documents → ``nlp/metrics.json`` (also in the meta).

The GUM folder defaults to ``../shared/nlp/gum`` next to the repository; ``GUM_DIR`` or ``--gum``
overrides it. Examples::

    .venv/bin/python nlp/build.py                       # the full rebuild (make nlp)
    GUM_DIR=/data/gum .venv/bin/python nlp/build.py
    .venv/bin/python nlp/build.py --max-steps 300       # a smoke run
    .venv/bin/python nlp/build.py --skip-train          # re-package and re-evaluate nlp/training
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import spacy
from convert_gum import convert  # this script's own folder is on sys.path
from spacy.scorer import Scorer
from spacy.tokens import DocBin
from spacy.training import Example

NLP_DIR = Path(__file__).resolve().parent
ROOT = NLP_DIR.parent

VERSION = "0.1.0"
LATENCY_WORDS = 600
META = {
    "name": "crisis_gum",
    "version": VERSION,
    "description": (
        "Small, fast English pipeline for Crisis Tracker: tokenizer, morphologizer (UPOS+FEATS), tagger (Penn "
        "XPOS), trainable lemmatizer, dependency parser (UD relations with subtypes; sentence boundaries) and "
        "NER (PERSON, ORG, PLACE, EVENT), trained from the GUM corpus (UD_English-GUM) without pretrained vectors."
    ),
    "author": "Crisis Tracker",
    "license": "CC BY (training data: GUM documents available under CC BY or public domain; see nlp/README.md)",
    "sources": [
        {
            "name": "GUM: the Georgetown University Multilayer corpus (UD_English-GUM, commit afb41ee9, "
            "not-to-release/sources; genres news, interview, bio, voyage, textbook, vlog, conversation, speech)",
            "url": "https://gucorpling.org/gum/",
            "license": "CC BY / public domain for these documents, per UD_English-GUM LICENSE.txt",
            "author": "Amir Zeldes and the GUM annotators (Zeldes 2017, The GUM Corpus: Creating Multilayer "
            "Resources in the Classroom, Language Resources and Evaluation 51(3))",
        }
    ],
}


def train(config: Path, corpus: Path, output: Path, overrides: list[str]) -> None:
    """Run ``spacy train`` in a subprocess on one BLAS thread (the same numbers on every run)."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(output)]
    command += ["--paths.train", str(corpus / "train.spacy"), "--paths.dev", str(corpus / "dev.spacy"), *overrides]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, env=env)


def package(model: Path, target: Path) -> None:
    """Save ``model`` with our meta to ``target`` (replaced as a whole, so it is never half-written)."""
    nlp = spacy.load(model)
    nlp.meta.update(META)
    nlp.meta.pop("performance", None)
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    nlp.to_disk(staging)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)


def universal_deps(examples: list[Example], punct: bool) -> dict[str, float]:
    """UAS/LAS on relations without subtypes (``nsubj:pass`` counts as ``nsubj``), optionally with punct."""
    scores = Scorer.score_deps(
        examples,
        "dep",
        getter=lambda token, _attr: token.dep_.lower().split(":")[0],
        ignore_labels=() if punct else ("punct",),
    )
    return {"uas": round(scores["dep_uas"] * 100, 2), "las": round(scores["dep_las"] * 100, 2)}


def genre_scores(nlp, gold: list, names: list[str], genre: str) -> dict[str, float]:
    """UAS/LAS, sentence F and NER F on the held-out documents of one genre."""
    examples = [
        Example(nlp.make_doc(doc.text), doc) for doc, name in zip(gold, names, strict=True) if f"_{genre}_" in name
    ]
    scores = nlp.evaluate(examples)
    keys = {"uas": "dep_uas", "las": "dep_las", "sents_f": "sents_f", "ner_f": "ents_f"}
    return {"docs": len(examples)} | {key: round((scores[name] or 0) * 100, 2) for key, name in keys.items()}


def speed(nlp, texts: list[str], latency_text: str) -> dict[str, float]:
    """Tokens per second of ``nlp.pipe`` over the held-out texts (best of 3), and ms for one article.

    The machine is shared: the load average is recorded with the figures, and the minimum of 20 runs is the
    figure to compare; the median shows what other work cost.
    """
    nlp(latency_text)
    words = sum(len(doc) for doc in nlp.tokenizer.pipe(texts))
    best = min(_timed(lambda: list(nlp.pipe(texts))) for _ in range(3))
    runs = [_timed(lambda: nlp(latency_text)) for _ in range(20)]
    return {
        "words_per_second": round(words / best),
        "article_words": len(latency_text.split()),
        "article_tokens": len(nlp.make_doc(latency_text)),
        "article_ms_min": round(min(runs) * 1000, 1),
        "article_ms_median": round(statistics.median(runs) * 1000, 1),
        "load_average": round(os.getloadavg()[0], 2),
    }


def _timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def evaluate(pipeline: Path, corpus: Path) -> dict:
    """Score the pipeline on the held-out documents (spaCy's scorer, raw text in, gold tokens aligned)."""
    nlp = spacy.load(pipeline)
    gold = list(DocBin().from_disk(corpus / "dev.spacy").get_docs(nlp.vocab))
    split = json.loads((corpus / "split.json").read_text(encoding="utf-8"))
    examples = [Example(nlp.make_doc(doc.text), doc) for doc in gold]
    scores = nlp.evaluate(examples)
    parsed = nlp.pipe(doc.text for doc in gold)
    predicted = [Example(doc, ref) for doc, ref in zip(parsed, gold, strict=True)]
    news = " ".join(doc.text for doc, name in zip(gold, split["dev_names"], strict=True) if "_news_" in name)
    pct = {key: round(scores[key] * 100, 2) for key in ("pos_acc", "morph_acc", "tag_acc", "lemma_acc")}
    per_label = {
        label: {key: round(value * 100, 2) for key, value in prf.items()}
        for label, prf in sorted(scores["ents_per_type"].items())
    }
    return {
        "pipeline": f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}",
        "held_out": "GUM documents held out by convert_gum.held_out; raw text in, scored against gold words",
        "upos_acc": pct["pos_acc"],
        "xpos_acc": pct["tag_acc"],
        "morph_acc": pct["morph_acc"],
        "lemma_acc": pct["lemma_acc"],
        "uas": round(scores["dep_uas"] * 100, 2),
        "las": round(scores["dep_las"] * 100, 2),
        "deps_note": "uas/las: spaCy scorer, punctuation excluded, full labels (nsubj:pass != nsubj)",
        "deps_universal": universal_deps(predicted, punct=False),
        "deps_universal_with_punct": universal_deps(predicted, punct=True),
        "sents_f": round(scores["sents_f"] * 100, 2),
        "ner": {key: round(scores[f"ents_{key}"] * 100, 2) for key in ("p", "r", "f")},
        "ner_per_label": per_label,
        "news_only": genre_scores(nlp, gold, split["dev_names"], "news"),
        "data": {key: split[key] for key in ("train_docs", "train_tokens", "dev_docs", "dev_tokens", "dev_names")},
        "speed": speed(nlp, [doc.text for doc in gold], " ".join(news.split()[:LATENCY_WORDS])),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    default_gum = Path(os.environ.get("GUM_DIR") or ROOT.parent / "shared" / "nlp" / "gum")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gum", type=Path, default=default_gum, help="GUM .conllu folder (env GUM_DIR)")
    parser.add_argument("--max-steps", type=int, help="override training.max_steps (smoke runs)")
    parser.add_argument("--skip-train", action="store_true", help="re-use nlp/training/model-best")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    corpus, training, pipeline = NLP_DIR / "corpus", NLP_DIR / "training", NLP_DIR / "pipeline"
    split = convert(args.gum, corpus)
    print(f"converted: {split['train_docs']} training docs, {split['dev_docs']} held out", flush=True)
    if not args.skip_train:
        overrides = [] if args.max_steps is None else ["--training.max_steps", str(args.max_steps)]
        train(NLP_DIR / "config.cfg", corpus, training, overrides)
    package(training / "model-best", pipeline)
    metrics = evaluate(pipeline, corpus)
    text = json.dumps(metrics, indent=2, ensure_ascii=False) + "\n"
    (NLP_DIR / "metrics.json").write_text(text, encoding="utf-8")
    meta_path = pipeline / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["performance"] = {key: value for key, value in metrics.items() if key not in {"data", "held_out"}}
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
