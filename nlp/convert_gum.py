"""Convert GUM CoNLL-U documents (one file per document) into spaCy ``DocBin`` training files.

Each ``GUM_<genre>_<name>.conllu`` file becomes gold ``Doc`` objects carrying: the syntactic words
(multiword-token range lines such as ``7-8`` and empty nodes such as ``8.1`` are skipped), their
spacing (``SpaceAfter=No`` in MISC, read from the range line for a multiword token), sentence starts,
UPOS (``pos_``), XPOS (``tag_``), FEATS (``morph``), LEMMA, and the basic dependency tree with UD
relations *including* subtypes (``nsubj:pass``, ``obl:tmod``, ``acl:relcl``...; the root is ``ROOT``).
Subtypes are kept because downstream code tells passive subjects and clausal relations apart.

Named entities come from GUM's ``Entity=`` MISC brackets: a mention opens as ``(id-type-...`` and
closes as ``id)`` (``(id-type-...)`` is a one-word mention); mentions nest and span many words. A
mention is *named* when its head (the word whose HEAD lies outside the mention) is a PROPN. Types map
to labels by ``LABELS``; other types (abstract, time, object...) are dropped. Spans lose leading
determiners and punctuation and trailing punctuation and possessive ``'s``; the outermost named
mention wins when they nest, and kept spans never overlap.

Documents are split by a fixed rule: within each genre, sorted by file name, the document at
position ``i`` is held out when ``i % every == 3``, with ``every`` 5 for news and 10 otherwise.
Training documents are written in chunks of ``--chunk`` sentences (more, smaller updates per epoch);
held-out documents stay whole.

Examples::

    python nlp/convert_gum.py --gum ../shared/nlp/gum --out nlp/corpus
    python nlp/convert_gum.py --gum ../shared/nlp/gum --out /tmp/corpus --chunk 0   # whole documents

    >>> doc = to_doc(parse_conllu(Path("GUM_news_x.conllu").read_text()), Vocab())
    >>> [(e.text, e.label_) for e in doc.ents]
    [('Donald Trump', 'PERSON'), ('Washington , DC', 'PLACE')]
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

LABELS = {"person": "PERSON", "organization": "ORG", "place": "PLACE", "event": "EVENT"}
LEADING_DETERMINERS = {"the", "a", "an"}
HOLDOUT_EVERY = {"news": 5}
HOLDOUT_DEFAULT = 10
HOLDOUT_AT = 3
# Relations that always stay inside a name ("Daniel Bernoulli", "New York", "World War II").
NAME_RELS = {"flat", "flat:name", "flat:foreign", "fixed", "goeswith"}
# An opening bracket "(id-type-rest" (its fields never contain brackets: GUM %-encodes them), optionally
# closed at once by a bare ")", or a closing bracket "id)".
BRACKET = re.compile(r"\((?P<open>\d+)-(?P<etype>[a-z]+)[^()]*(?P<single>\))?|(?P<close>\d+)\)")


@dataclass
class Word:
    """One syntactic word; ``head`` is a document-wide index (the word's own index for the root)."""

    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    dep: str
    space: bool
    sent_start: bool


@dataclass
class Mention:
    """An entity mention over words ``start`` .. ``end - 1`` with its GUM type."""

    start: int
    end: int
    etype: str


@dataclass
class GumDoc:
    """A parsed CoNLL-U document: words, mentions, and the document's genre and id."""

    name: str = ""
    genre: str = ""
    words: list[Word] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


def misc_value(misc: str, key: str) -> str | None:
    """Return the value of ``key`` in a CoNLL-U MISC column, or None when absent."""
    for item in misc.split("|"):
        name, _, value = item.partition("=")
        if name == key:
            return value
    return None


def entity_events(value: str) -> Iterator[tuple[str, str, str]]:
    """Yield ``("open", id, type)``, ``("single", id, type)`` and ``("close", id, "")`` in order.

    >>> list(entity_events("(1-event-new-x(2-abstract-new-y)3)"))
    [('open', '1', 'event'), ('single', '2', 'abstract'), ('close', '3', '')]
    """
    for match in BRACKET.finditer(value):
        if match["close"]:
            yield "close", match["close"], ""
        else:
            yield ("single" if match["single"] else "open"), match["open"], match["etype"]


def track_mentions(value: str, index: int, open_: dict[str, list[tuple[int, str]]], out: list[Mention]) -> None:
    """Apply one word's ``Entity=`` value: push openings, pop closings into ``out``."""
    for kind, eid, etype in entity_events(value):
        if kind == "single":
            out.append(Mention(index, index + 1, etype))
        elif kind == "open":
            open_.setdefault(eid, []).append((index, etype))
        elif open_.get(eid):
            start, etype = open_[eid].pop()
            out.append(Mention(start, index + 1, etype))


def parse_conllu(text: str, name: str = "") -> GumDoc:
    """Parse one CoNLL-U document into words (document-wide heads) and entity mentions."""
    doc = GumDoc(name=name)
    open_: dict[str, list[tuple[int, str]]] = {}
    offset = len(doc.words)
    mwt_end, mwt_space = 0, True
    for line in text.splitlines():
        if line.startswith("#"):
            key, _, value = line[1:].partition("=")
            if key.strip() == "meta::genre":
                doc.genre = value.strip()
            continue
        if not line.strip():
            offset, mwt_end = len(doc.words), 0
            continue
        cols = line.split("\t")
        if "." in cols[0]:
            continue
        if "-" in cols[0]:
            mwt_end = int(cols[0].split("-")[1])
            mwt_space = misc_value(cols[9], "SpaceAfter") != "No"
            continue
        wid = int(cols[0])
        space = misc_value(cols[9], "SpaceAfter") != "No"
        if wid < mwt_end:
            space = False
        elif wid == mwt_end:
            space = mwt_space
        head = offset + int(cols[6]) - 1 if cols[6] != "0" else offset + wid - 1
        dep = "ROOT" if cols[7] == "root" else cols[7]
        feats = "" if cols[5] == "_" else cols[5]
        doc.words.append(Word(cols[1], cols[2], cols[3], cols[4], feats, head, dep, space, wid == 1))
        track_mentions(misc_value(cols[9], "Entity") or "", len(doc.words) - 1, open_, doc.mentions)
    return doc


def mention_head(words: list[Word], start: int, end: int) -> int:
    """Index of the mention's head: its first word whose HEAD is outside the mention (or is itself)."""
    for i in range(start, end):
        head = words[i].head
        if head == i or not start <= head < end:
            return i
    return start


def joins_name(words: list[Word], child: int, root: int, label: str, ctx: tuple[dict, set]) -> bool:
    """Whether ``child`` belongs to its parent's name (``Catholic Church``, ``University of Paris``).

    ``root`` is the mention's head, ``ctx`` the document's children lists and named-mention heads.
    """
    kids, heads = ctx
    word, parent = words[child], words[child].head
    if word.dep in NAME_RELS or (word.dep == "nmod:desc" and label != "PERSON"):
        return True
    if word.dep in {"amod", "compound"}:  # "Catholic Church", "United States", "Terminal 2", not "fashion designer"
        return word.form[:1].isupper() or word.upos == "NUM"
    if word.dep == "nmod" and word.upos == "PROPN" and child > parent:
        if label == "PERSON" and child in heads:  # "President" of "the Linguistic Society", two names
            return False
        cases = [words[k].form.lower() for k in kids.get(child, []) if words[k].dep == "case"]
        between = (w.upos == "PUNCT" for w in words[parent + 1 : child])
        return cases in (["of"], ["for"]) and not any(between)
    if word.dep == "conj" and word.upos == "PROPN":
        # "Globe and Mail" is one name; "Albert and Marcia" are two people GUM also marks one by one.
        return not heads.intersection(subtree(child, kids)) and "," not in (w.form for w in words[parent:child])
    # "of"/"the"/"and" inside an "of" modifier or a coordination already taken in; never the head's own.
    return word.dep in {"case", "det", "cc"} and words[parent].dep in {"nmod", "conj"} and parent != root


def subtree(index: int, kids: dict[int, list[int]]) -> set[int]:
    """``index`` and all its descendants."""
    found, todo = set(), [index]
    while todo:
        found.add(todo[-1])
        todo.extend(kids.get(todo.pop(), []))
    return found


def name_core(doc: GumDoc, head: int, span: tuple[int, int], label: str, ctx: tuple[dict, set]) -> tuple[int, int]:
    """The contiguous name inside a mention, grown from its head along name-internal relations.

    GUM mentions are maximal ("Basel, in Switzerland", "Jacob Bernoulli (who was ...)"); the name is
    what hangs off the head through flat/compound/fixed, capitalised modifiers, "of"/"for" PROPN
    modifiers and undivided coordination ("Globe and Mail"), then ``trim``-med.
    """
    kids = ctx[0]
    core, todo = {head}, [head]
    while todo:
        for child in kids.get(todo.pop(), []):
            if span[0] <= child < span[1] and joins_name(doc.words, child, head, label, ctx):
                core.add(child)
                todo.append(child)
    return trim(doc.words, min(core), max(core) + 1)


def trim(words: list[Word], start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners/punctuation and trailing punctuation/possessive 's from a span."""
    while start < end and (words[start].upos == "PUNCT" or words[start].form.lower() in LEADING_DETERMINERS):
        start += 1
    while end > start and (words[end - 1].upos == "PUNCT" or words[end - 1].xpos == "POS"):
        end -= 1
    return start, end


def named_entities(doc: GumDoc) -> list[tuple[int, int, str]]:
    """Named entity spans ``(start, end, label)``: PROPN-headed names, outermost first, never overlapping."""
    kids: dict[int, list[int]] = {}
    for i, word in enumerate(doc.words):
        if word.head != i:
            kids.setdefault(word.head, []).append(i)
    named = []
    for mention in doc.mentions:
        head = mention_head(doc.words, mention.start, mention.end)
        if mention.etype in LABELS and doc.words[head].upos == "PROPN":
            named.append((mention, head))
    heads = {head for _, head in named}
    candidates = []
    for mention, head in named:
        label = LABELS[mention.etype]
        start, end = name_core(doc, head, (mention.start, mention.end), label, (kids, heads))
        if start < end:
            candidates.append((start - end, mention.start - mention.end, start, end, label))
    taken: set[int] = set()
    spans = []
    for _, _, start, end, label in sorted(candidates):
        if not taken.intersection(range(start, end)):
            taken.update(range(start, end))
            spans.append((start, end, label))
    return sorted(spans)


def to_doc(gum: GumDoc, vocab: Vocab) -> Doc:
    """Build a gold spaCy ``Doc``; words outside the named entities are marked as outside ("O")."""
    words = gum.words
    doc = Doc(
        vocab,
        words=[w.form for w in words],
        spaces=[w.space for w in words],
        pos=[w.upos for w in words],
        tags=[w.xpos for w in words],
        morphs=[w.feats for w in words],
        lemmas=[w.lemma for w in words],
        heads=[w.head for w in words],
        deps=[w.dep for w in words],
        sent_starts=[w.sent_start for w in words],
    )
    ents = [Span(doc, start, end, label=label) for start, end, label in named_entities(gum)]
    doc.set_ents(ents, default="outside")
    return doc


def chunks(doc: Doc, size: int) -> Iterator[Doc]:
    """Split a gold ``Doc`` into consecutive pieces of ``size`` sentences (``size`` < 1: whole doc)."""
    sents = list(doc.sents)
    if size < 1 or len(sents) <= size:
        yield doc
        return
    for i in range(0, len(sents), size):
        yield doc[sents[i].start : sents[min(i + size, len(sents)) - 1].end].as_doc()


def held_out(names_by_genre: dict[str, list[str]]) -> set[str]:
    """The held-out document names under the fixed rule described in the module docstring."""
    chosen = set()
    for genre, names in names_by_genre.items():
        every = HOLDOUT_EVERY.get(genre, HOLDOUT_DEFAULT)
        chosen.update(name for i, name in enumerate(sorted(names)) if i % every == HOLDOUT_AT)
    return chosen


def read_corpus(gum_dir: Path) -> list[GumDoc]:
    """Parse every ``*.conllu`` file of ``gum_dir`` (sorted by name); the genre falls back to the name."""
    docs = []
    for path in sorted(gum_dir.glob("*.conllu")):
        doc = parse_conllu(path.read_text(encoding="utf-8"), name=path.stem)
        doc.genre = doc.genre or path.stem.split("_")[1]
        docs.append(doc)
    return docs


def write(docs: Iterable[Doc], path: Path) -> None:
    DocBin(store_user_data=False, docs=docs).to_disk(path)


def convert(gum_dir: Path, out_dir: Path, chunk: int = 10) -> dict:
    """Convert and split the corpus; write ``train.spacy``, ``dev.spacy`` and ``split.json``."""
    gum_docs = read_corpus(gum_dir)
    if not gum_docs:
        raise SystemExit(f"no .conllu files in {gum_dir}")
    by_genre: dict[str, list[str]] = {}
    for gum in gum_docs:
        by_genre.setdefault(gum.genre, []).append(gum.name)
    dev_names = held_out(by_genre)
    vocab = Vocab()
    train, dev = [], []
    for gum in gum_docs:
        doc = to_doc(gum, vocab)
        (dev.append(doc) if gum.name in dev_names else train.extend(chunks(doc, chunk)))
    out_dir.mkdir(parents=True, exist_ok=True)
    write(train, out_dir / "train.spacy")
    write(dev, out_dir / "dev.spacy")
    split = {
        "train_docs": len(gum_docs) - len(dev_names),
        "dev_docs": len(dev_names),
        "train_tokens": sum(len(d) for d in train),
        "dev_tokens": sum(len(d) for d in dev),
        "dev_names": sorted(dev_names),
    }
    (out_dir / "split.json").write_text(json.dumps(split, indent=2) + "\n", encoding="utf-8")
    return split


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gum", type=Path, required=True, help="folder of GUM .conllu files")
    parser.add_argument("--out", type=Path, required=True, help="output folder for train/dev .spacy")
    parser.add_argument("--chunk", type=int, default=10, help="sentences per training Doc (0: whole documents)")
    args = parser.parse_args(argv)
    split = convert(args.gum, args.out, args.chunk)
    print(f"train: {split['train_docs']} docs, {split['train_tokens']} tokens; ", end="")
    print(f"dev: {split['dev_docs']} docs, {split['dev_tokens']} tokens -> {args.out}")


if __name__ == "__main__":
    main()
