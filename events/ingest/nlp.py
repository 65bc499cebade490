"""The linguistic layer: the only module that loads models (the spaCy pipeline, the language identifier).

Each is loaded once per process and reused; `warm_up()` loads both at worker start. The stages never
load anything: `pipeline.parse_article` hands them the parsed sentences (spaCy `Doc`s) built here. The
pipeline to load is named by the caller (the entry point passes `settings.INGEST_NLP_PIPELINE`): the one
trained in this repository from GUM (`nlp/pipeline`, rebuilt by `make nlp`) by default, or the name or
path of any spaCy English pipeline a site installs. The stages read only universal attributes (UPOS
`pos_`, UD relations `dep_`, `lemma_`, and entity labels mapped by `syntax.entity_kind`), so either works.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

# The pipeline trained in this repository (`make nlp`); a site names another with INGEST_NLP_PIPELINE.
DEFAULT_PIPELINE = str(Path(__file__).resolve().parents[2] / "nlp" / "pipeline")

# Parsing gets slower per word past this length without adding anything: a "sentence" this long is a
# run-on list or debris, and is parsed in pieces.
MAX_PARSE_CHARS = 1_000
BATCH_SIZE = 64
# Below this many letters a language guess is noise ("Reuters", a caption): the article is taken as English.
MIN_LETTERS_FOR_LANGUAGE = 40


def warm_up(pipeline: str = DEFAULT_PIPELINE) -> None:
    """Load the spaCy pipeline and the language identifier now (~1-2 s), e.g. at worker start.

    warm_up() → None; afterwards parse_sentences(["Crowds marched."]) takes milliseconds.
    """
    parse_sentences(["Crowds marched in the capital on Saturday."], pipeline)
    detect_language("Crowds marched in the capital on Saturday against the government.")


@lru_cache(maxsize=4)
def load_pipeline(name: str):
    """The spaCy pipeline `name` (a path or an installed package), loaded once per process.

    load_pipeline("nlp/pipeline").pipe_names
      → ["tok2vec", "morphologizer", "tagger", "trainable_lemmatizer", "parser", "ner"]
    """
    import spacy  # heavy import, only needed when an article is parsed

    return spacy.load(name)


def parse_sentences(texts: Sequence[str], pipeline: str = DEFAULT_PIPELINE) -> list:
    """One parsed `Doc` per sentence text, in order; over-long texts are cut to MAX_PARSE_CHARS.

    parse_sentences(["Police arrested 80 people.", "Crowds marched."]) → [Doc(5 tokens), Doc(3 tokens)]
    """
    nlp = load_pipeline(pipeline)
    return list(nlp.pipe((text[:MAX_PARSE_CHARS] for text in texts), batch_size=BATCH_SIZE))


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's identifier (its model ships inside the package; ~1 s to load)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of the text's language and the identifier's confidence (0-1).

    detect_language("Thousands marched in Caracas on Saturday …") → ("en", 0.99)
    detect_language("Des milliers de personnes ont manifesté samedi …") → ("fr", 0.99)
    detect_language("Reuters") → ("en", 0.0)  (too little text to tell)
    """
    sample = text[:5_000]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS_FOR_LANGUAGE:
        return "en", 0.0
    # All-capital text reads as another language to character n-grams: judge its lower-case form.
    language, confidence = _identifier().classify(sample.lower() if sample.isupper() else sample)
    return language, float(confidence)
