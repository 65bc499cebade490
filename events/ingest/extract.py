"""Stage 1: raw bytes or text → cleaned article body plus metadata.

Saved web pages go through trafilatura (fast settings); pasted text goes through `clean_text`, which
drops the debris editors paste along with an article (consent banners, share and newsletter lines,
photo credits, video-player captions, tweet trailers, stray letters). Both end in the same body string,
which every later offset points into.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import charset_normalizer

from . import lexicon as lex
from .types import ExtractedArticle, IngestError, Sentence

# Past these sizes parsing gets slow without adding news value; the cut is reported as a warning.
MAX_HTML_CHARS = 1_500_000
MAX_TEXT_CHARS = 200_000

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
SCRIPT_OR_STYLE = re.compile(r"<(script|style|noscript|svg)\b[^>]*>.*?</\1\s*>", re.I | re.S)
LIVE_PAGE = re.compile(r'"@type"\s*:\s*"LiveBlogPosting"')
# Each alternative starts with a literal, so a 1 MB page is scanned at string-search speed.
DATE_MODIFIED = re.compile(
    r'modified_time["\'][^>]*content=["\'](\d{4}-\d\d-\d\d)|dateModified(?:"\s*:\s*"|["\'][^>]*content=["\'])(\d{4}-\d\d-\d\d)'
)
DATE_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"(\d{4})-(\d\d)-(\d\d)')
META_PUBLISHED = re.compile(
    r"<meta[^>]+(?:property|name|itemprop)=[\"'](?:article:published_time|datePublished|pubdate|date)[\"'][^>]*>",
    re.I,
)
META_CONTENT_DATE = re.compile(r"content=[\"'](\d{4})-(\d\d)-(\d\d)", re.I)
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.I | re.S)
TAG = re.compile(r"<[^>]{0,2000}>")
# In pasted text only real markup goes ("<figure>", "</p>", "<!-- -->"); "x < 3 and y > 2" or "<this> quote" stays.
HTML_ELEMENTS = (
    "a|abbr|article|aside|audio|b|blockquote|br|button|caption|cite|code|dd|div|dl|dt|em|figcaption|figure|footer|"
    "form|h[1-6]|header|hr|i|iframe|img|input|label|li|main|mark|nav|noscript|ol|option|p|path|picture|pre|q|s|"
    "script|section|select|small|source|span|strong|style|sub|sup|svg|table|tbody|td|textarea|th|thead|time|tr|u|"
    "ul|video"
)
PASTED_TAG = re.compile(rf"<!--.{{0,2000}}?-->|</?(?:{HTML_ELEMENTS})(?:\s[^<>]{{0,2000}})?/?>", re.I | re.S)
TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,40}$")

TWEET_TRAILER = re.compile(r"\s*(?:pic\.twitter\.com/\S+)?\s*[—–-]+\s*[^—–\n]{1,60}\(@\w+\)\s+\w+ \d{1,2}, \d{4}\s*$")
URL = re.compile(r"\s*(?:https?://|www\.|pic\.twitter\.com/)\S+")
MARKDOWN = re.compile(r"^#{1,6}\s+|\*\*|__")
STORY_HIGHLIGHTS = re.compile(r"^story highlights\s*", re.I)
BYLINE = re.compile(r"^By [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}(?:,[^.]*)?$")
FIGCAPTION_CREDIT = re.compile(r"([.!?])\s+[A-Z][\w]*(?: [A-Z][\w]*){0,2}\s*(?=</figcaption>)")
END_PUNCT = re.compile(r"[.!?\"”’')]$")


def decode_input(raw: bytes | str) -> tuple[str, tuple[str, ...]]:
    """Bytes or text → text without NULs, refusing binary files with a clear message.

    b"Caf\\xe9 protest" → ("Café protest", ())       (cp1252 detected)
    b"\\x89PNG\\r\\n..." → IngestError("This file is a PNG image, not an article …")
    """
    warnings: list[str] = []
    if isinstance(raw, bytes):
        if not raw.strip(b"\x00 \t\r\n"):
            raise IngestError("The article is empty.")
        for signature, label in lex.BINARY_SIGNATURES:
            if raw.startswith(signature):
                raise IngestError(f"This file is {label}, not an article. Paste the text or save the page as HTML.")
        text = _decode_bytes(raw)
    else:
        text = raw
    if "\x00" in text:
        text = text.replace("\x00", "")
        warnings.append("NUL bytes were removed from the input.")
    if not text.strip():
        raise IngestError("The article is empty.")
    sample = text[:20_000]
    if len(CONTROL_CHARS.findall(sample)) > max(10, len(sample) // 50):
        raise IngestError("This file looks binary (not text or HTML), so it cannot be read as an article.")
    return text, tuple(warnings)


def _decode_bytes(raw: bytes) -> str:
    """Pick the encoding: BOM, then strict UTF-8, then charset-normalizer's best guess.

    b"\\xff\\xfeH\\x00i\\x00" → "Hi";  b"\\x93Hi\\x94" → "“Hi”" (cp1252)
    """
    for bom, codec in lex.BOMS:
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace")
    even_nuls, odd_nuls = raw[0:2000:2].count(0), raw[1:2000:2].count(0)
    if max(even_nuls, odd_nuls) > len(raw[:2000]) // 4:  # BOM-less UTF-16: every other byte is NUL
        return raw.decode("utf-16-be" if even_nuls > odd_nuls else "utf-16-le", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(raw[:200_000]).best()
    if best is None or best.encoding is None:
        raise IngestError("The file's text encoding could not be recognised; save it as UTF-8 and try again.")
    # Short samples leave charset-normalizer torn between Latin code pages; for news in English the
    # Windows Western page (smart quotes at 0x91-0x94) is by far the likeliest of them.
    if best.encoding in lex.LATIN_PAGES:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return raw.decode(best.encoding, errors="replace")


def looks_like_html(text: str) -> bool:
    """True for a saved web page, False for pasted text (which may hold a stray <figure>).

    "<!DOCTYPE html><html>…" → True;  "Protesters marched.\\n<figure>…" → False
    """
    return bool(HTML_START.match(text[:5000]))


def extract_article(
    raw: bytes | str, *, is_html: bool | None = None, title: str | None = None, url: str | None = None
) -> ExtractedArticle:
    """Decode, pick HTML or text extraction, and return the cleaned article.

    b"Rally held\\n\\nThousands marched on Saturday." → ExtractedArticle(title="Rally held", body=…)
    """
    text, warnings = decode_input(raw)
    if is_html is None:
        is_html = looks_like_html(text)
    if is_html:
        article = extract_html(text, url=url)
    else:
        article = clean_text(text, title=title)
    if title:
        article = replace(article, title=title.strip())
    if not article.body.strip():
        raise IngestError("No article text was found in the input.")
    return replace(article, url=url, warnings=warnings + article.warnings)


def extract_html(page: str, *, url: str | None = None) -> ExtractedArticle:
    """A saved web page → body (trafilatura, fast) and metadata (headline, date, outlet, authors).

    "<html><h1>Rally</h1><article><p>Thousands marched.</p></article></html>"
      → ExtractedArticle(title="Rally", body="Thousands marched.", …)
    """
    import trafilatura  # imported here: it is heavy and only saved pages need it

    warnings: list[str] = []
    if len(page) > MAX_HTML_CHARS:
        page = page[:MAX_HTML_CHARS]
        warnings.append(f"The page was longer than {MAX_HTML_CHARS:,} characters; only the start was read.")
    published = _published_from_markup(page)
    headline = _headline_from_markup(page)
    # Scripts and styles carry no article text; dropping them first keeps lxml fast on big pages.
    slim = SCRIPT_OR_STYLE.sub(" ", page)
    try:
        doc = trafilatura.bare_extraction(
            slim,
            url=url,
            fast=True,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (RecursionError, ValueError, TypeError, MemoryError) as exc:  # pathological markup
        warnings.append(f"The page structure could not be parsed ({type(exc).__name__}); tags were stripped instead.")
        doc = None
    body = (doc.text or "") if doc is not None else ""
    if not body.strip():
        body = _strip_tags(slim)
        if doc is not None:
            warnings.append("No main article block was recognised; all page text was kept.")
    lede = _lede_outside_main_block(slim, doc.description if doc is not None else None, body)
    if lede:
        body = lede + "\n" + body
    cleaned = clean_text(body, title=headline or (doc.title if doc else None), detect_title=False)
    if published is None and doc is not None and doc.date:
        published = _iso_date(doc.date)
    meta_title = TITLE_SUFFIX.sub("", doc.title).strip() if doc is not None and doc.title else None
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip()) if doc is not None else ()
    return ExtractedArticle(
        title=headline or meta_title,
        body=cleaned.body,
        published=published,
        outlet=(doc.sitename or None) if doc is not None else None,
        authors=tuple(dict.fromkeys(a for a in authors if not a.isupper())) or authors[:1],
        warnings=tuple(warnings) + cleaned.warnings,
        live_updated=_live_updated(page),
    )


def _live_updated(page: str) -> date | None:
    """The day a live page (schema.org `LiveBlogPosting`) was last updated: its latest `dateModified` or
    `article:modified_time`. None for an ordinary article, whose own dates are read against its publication.

    '{"@type": "LiveBlogPosting", "dateModified": "2024-08-05T19:49:50Z"}' → date(2024, 8, 5)
    """
    if not LIVE_PAGE.search(page):
        return None
    days = [_iso_date(meta or json_ld) for meta, json_ld in DATE_MODIFIED.findall(page)]
    return max((day for day in days if day is not None), default=None)


def _lede_outside_main_block(page: str, description: str | None, body: str) -> str | None:
    """The page's summary paragraph when it is shown on the page but trafilatura left it out.

    Sites put the lede in a summary box beside the article block; the meta description repeats it.
    ('<meta name="description" content="Three died."><div class="summary">Three died.</div>', "Three died.",
     "Later…") → "Three died."
    """
    if not description or len(description) < 80 or description[:60] in body:
        return None
    visible = re.sub(r"<meta\b[^>]*>", " ", page)
    probe = html_lib.escape(description[:60], quote=False)
    if description[:60] in visible or probe in visible:
        return description.strip()
    return None


def _published_from_markup(page: str) -> date | None:
    """The publication date the page states in structured data (JSON-LD first, then meta tags).

    '<script type="application/ld+json">{"datePublished": "2019-11-20T05:47"}</script>' → date(2019, 11, 20)
    """
    for block in _json_ld_blocks(page[:MAX_HTML_CHARS]):
        if match := DATE_PUBLISHED.search(block):
            return _iso_date("-".join(match.groups()))
    for tag in META_PUBLISHED.findall(page):
        if match := META_CONTENT_DATE.search(tag):
            return _iso_date("-".join(match.groups()))
    return None


def _json_ld_blocks(page: str) -> Iterator[str]:
    """The text of each `<script type="application/ld+json">` block (found by string search: a live page's
    block can hold a megabyte, which a lazy regex crawls through character by character).

    '<script type="application/ld+json">{"a": 1}</script>' → ['{"a": 1}']
    """
    lowered, position = page.lower(), 0  # tags and types in any case, as HTML allows
    while (found := lowered.find("application/ld+json", position)) >= 0:
        start = lowered.find(">", found) + 1
        if start == 0:
            return
        end = lowered.find("</script", start)
        end = len(page) if end < 0 else end
        yield page[start:end]
        position = end


def _headline_from_markup(page: str) -> str | None:
    """The first non-empty <h1>, which is the headline more often than <title> is.

    "<h1 class='x'>Rally <b>held</b></h1>" → "Rally held"
    """
    for raw in H1.findall(page[:MAX_HTML_CHARS])[:3]:
        text = re.sub(r"\s+", " ", html_lib.unescape(TAG.sub(" ", raw))).strip()
        if 15 <= len(text) <= 300:
            return text
    return None


def _iso_date(value: str) -> date | None:
    """'2019-11-18T18:54:53Z' → date(2019, 11, 18); junk → None."""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _strip_tags(page: str) -> str:
    """Fallback for markup trafilatura cannot handle: tags out, block ends become line breaks.

    "<div><p>One.</p><p>Two.</p></div>" → "One.\\nTwo."
    """
    page = re.sub(r"(?i)</?(?:p|div|br|h\d|li|tr|article|section)\b[^>]{0,2000}>", "\n", page)
    text = html_lib.unescape(TAG.sub(" ", page))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def clean_text(text: str, *, title: str | None = None, detect_title: bool = True) -> ExtractedArticle:
    """Pasted article text → headline and cleaned body (one paragraph per line, debris removed).

    "Rally held\\n\\nCrowds marched.\\nAGUSTIN M / REUTERS\\n\\nWe use cookies to …"
      → ExtractedArticle(title="Rally held", body="Rally held\\n\\nCrowds marched.")
    """
    warnings: list[str] = []
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
        warnings.append(f"The text was longer than {MAX_TEXT_CHARS:,} characters; only the start was read.")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    if "<" in text:
        text = html_lib.unescape(PASTED_TAG.sub("\n", FIGCAPTION_CREDIT.sub(r"\1", text)))
    lines: list[str] = []
    seen: set[str] = set()
    for line in text.split("\n"):
        line = _clean_line(line)
        if line is None:
            continue
        # A drop cap pasted on its own line ("H" + "ong Kong is burning") belongs to the next line.
        if lines and len(lines[-1]) == 1 and lines[-1].isalpha() and line[:1].islower():
            lines[-1] += line
            continue
        key = line.casefold()
        if key in seen and len(line) > 20:  # captions and promos printed twice
            continue
        seen.add(key)
        lines.append(line)
    lines = [line for line in lines if len(line) > 2 or line.isdigit()]  # stray letters ("f")
    found_title = title
    if detect_title and not title and lines and _is_headline(lines[0]) and len(lines) > 1:
        found_title = lines[0]
    return ExtractedArticle(title=found_title, body="\n\n".join(lines), warnings=tuple(warnings))


def _clean_line(line: str) -> str | None:
    """One pasted line → cleaned line, or None when the whole line is debris.

    "Share Tweet Post Email" → None;  "Crowds gather. JOHN DOE / REUTERS" → "Crowds gather."
    """
    line = MARKDOWN.sub("", line.strip()).strip()
    line = STORY_HIGHLIGHTS.sub("", line)
    if not line or lex.DEBRIS_LINE.match(line) or lex.DEBRIS_ANYWHERE.search(line) or BYLINE.match(line):
        return None
    if line.startswith("- ") and not END_PUNCT.search(line):  # lists of related-story links
        return None
    line = lex.TRAILING_WIDGET.sub("", line)
    line = TWEET_TRAILER.sub("", line)
    line = URL.sub("", line)
    for _ in range(2):  # "caption. (Photo: X) Credit" can stack two credits
        line = lex.CREDIT.sub("", line).strip()
    if not line or not any(ch.isalpha() for ch in line):
        return None
    return re.sub(r"[ \t]+", " ", line)


def _is_headline(line: str) -> bool:
    """A first line reads as a headline when it is short and has no closing full stop.

    "Venezuelan opposition holds huge rally" → True;  "It was an upbeat crowd." → False
    """
    return 10 <= len(line) <= 200 and not line.endswith(".") and len(line.split()) >= 3


SENTENCE_END = re.compile(r"[.!?][\"”’')]*\s+(?=[\"“‘'(]?[A-Z0-9])")


def _inside_quote(so_far: str, ahead: str) -> bool:
    """True when a sentence end falls inside a quotation that closes soon after.

    ('"We lost. ', 'They won," he said.') → True;  ('He left. ', 'Then rain.') → False
    """
    straight = so_far.count('"') % 2 == 1
    curly = so_far.count("“") > so_far.count("”")
    if straight:
        return '"' in ahead
    return curly and "”" in ahead


def split_sentences(body: str) -> list[Sentence]:
    """The body's sentences with offsets; paragraphs are the blank-line-separated blocks.

    "Crowds marched. Police watched.\\n\\nLater, rain."
      → [(0, 15, "Crowds marched.", 0), (16, 31, "Police watched.", 0), (33, 45, "Later, rain.", 1)]
    """
    sentences: list[Sentence] = []
    for number, block in enumerate(re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", body)):
        start = block.start()
        text = block.group()
        cut = 0
        for end in SENTENCE_END.finditer(text):
            word = re.search(r"(\S+)$", text[cut : end.start()])
            word = word.group(1).lower().strip('("“') if word else ""
            if word in lex.ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", word):  # "Lt. Gen.", "C.Y. Leung"
                continue
            if _inside_quote(text[cut : end.start() + 1], text[end.end() : end.end() + 600]):
                continue  # "Extremists seized Kiev. Russia must help," said …: one sentence, one claim
            piece = text[cut : end.end()].rstrip()
            if piece.strip():
                sentences.append(Sentence(start + cut, start + cut + len(piece), piece, number))
            cut = end.end()
        piece = text[cut:].rstrip()
        if piece.strip():
            sentences.append(Sentence(start + cut, start + cut + len(piece), piece, number))
    return sentences
