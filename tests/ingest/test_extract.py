import time
from datetime import date

import pytest

from events.ingest.extract import (
    _live_updated,
    _published_from_markup,
    clean_text,
    decode_input,
    extract_article,
    looks_like_html,
    split_sentences,
)
from events.ingest.types import IngestError


def test_cp1252_bytes_are_decoded():
    raw = "Protesters in S\u00e3o Paulo said \u201cenough\u201d on Monday.".encode("cp1252")
    text, warnings = decode_input(raw)
    assert "S\u00e3o Paulo" in text
    assert "\u201cenough\u201d" in text
    assert warnings == ()


def test_utf16_with_bom_is_decoded():
    text, _ = decode_input("Crowds marched on Saturday.".encode("utf-16"))
    assert text == "Crowds marched on Saturday."


def test_nul_bytes_are_stripped_with_a_warning():
    text, warnings = decode_input(b"Crowds\x00 marched.")
    assert text == "Crowds marched."
    assert warnings


def test_png_is_refused_with_a_human_message():
    with pytest.raises(IngestError, match="PNG image"):
        decode_input(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))


@pytest.mark.parametrize("raw", [b"", b"   \n\t", "", "\x00\x00"])
def test_empty_input_is_refused(raw):
    with pytest.raises(IngestError, match="empty"):
        decode_input(raw)


def test_binary_noise_is_refused():
    with pytest.raises(IngestError):
        decode_input(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 500)


def test_debris_is_removed_and_headline_found():
    pasted = "\n".join(
        [
            "Rebels take northern town in overnight push",
            "",
            "Story highlights Rebels say the army withdrew",
            "Share Tweet Post Email",
            "LISTEN TO ARTICLE 3:10",
            "Rebels entered the town of Ardo on Tuesday, residents said.",
            "Fighters celebrate in the square. JOHN SMITH / REUTERS",
            "Sign up for our daily newsletter",
            "x",
            "We and our partners use cookies to personalise content. By continuing to use this site you accept "
            "cookies.",
        ]
    )
    article = clean_text(pasted)
    assert article.title == "Rebels take northern town in overnight push"
    assert "Rebels entered the town of Ardo on Tuesday" in article.body
    assert "Fighters celebrate in the square." in article.body
    for debris in (
        "REUTERS",
        "Share Tweet",
        "LISTEN TO ARTICLE",
        "newsletter",
        "cookies",
        "Story highlights",
        "\n\nx\n",
    ):
        assert debris not in article.body


def test_tweet_trailer_and_drop_cap_are_repaired():
    article = clean_text(
        "Title of the story here\n\nT\nhe minister resigned.\n"
        "Big day for democracy pic.twitter.com/abc123 \u2014 Jane Roe (@janeroe) August 4, 2018"
    )
    assert "The minister resigned." in article.body
    assert "Big day for democracy" in article.body
    assert "@janeroe" not in article.body and "pic.twitter" not in article.body


def test_html_page_gives_headline_body_and_metadata_date():
    page = (
        "<!DOCTYPE html><html><head><title>Site | Story</title>"
        '<script type="application/ld+json">{"datePublished": "2020-05-04T10:00:00Z"}</script></head>'
        "<body><nav>Home News Sport</nav><h1>Parliament dissolved after vote of no confidence</h1><article>"
        + "".join(
            f"<p>Paragraph {i}: lawmakers voted on Monday to dissolve the assembly, officials said.</p>"
            for i in range(6)
        )
        + "</article><footer>Copyright</footer></body></html>"
    )
    assert looks_like_html(page)
    article = extract_article(page.encode())
    assert article.title == "Parliament dissolved after vote of no confidence"
    assert str(article.published) == "2020-05-04"
    assert "lawmakers voted on Monday" in article.body
    assert "Home News Sport" not in article.body


def test_hundred_thousand_nested_divs_do_not_crash():
    page = (
        "<html><body>"
        + "<div>" * 100_000
        + "<p>Police detained ten protesters in the capital on Friday.</p>"
        + "</div>" * 100_000
        + "</body></html>"
    )
    started = time.perf_counter()
    article = extract_article(page)
    assert "Police detained ten protesters" in article.body
    assert time.perf_counter() - started < 10


def test_huge_text_is_cut_with_a_warning():
    article = extract_article(("Crowds marched again today in the city. " * 20) + "\n\n" + "word " * 100_000)
    assert any("only the start was read" in w for w in article.warnings)


def test_sentences_keep_offsets_and_quotes_together():
    body = 'Lt. Gen. Ruiz spoke in the U.S. Embassy. "We lost. They won," he said.\n\nLater, rain.'
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == [
        "Lt. Gen. Ruiz spoke in the U.S. Embassy.",
        '"We lost. They won," he said.',
        "Later, rain.",
    ]
    assert all(body[s.start : s.end] == s.text for s in sentences)
    assert sentences[-1].paragraph == 1


def test_pasted_angle_brackets_that_are_not_markup_stay():
    text = "Title here\n\nThe minister said <this is a quote> when x < 3 and y > 2, and left <b>at once</b>.\n"
    body = clean_text(text).body
    assert "<this is a quote>" in body and "x < 3 and y > 2" in body
    assert "<b>" not in body and "at once" in body


def test_structured_dates_are_read_from_json_ld_and_meta_tags_in_any_case():
    posts = ",".join(f'{{"@type": "BlogPosting", "articleBody": "{"x" * 5000}"}}' for _ in range(100))  # ~0.5 MB
    page = (
        '<SCRIPT TYPE="Application/LD+JSON">{"@type": "LiveBlogPosting", "datePublished": "2024-08-04T08:00",'
        f'"liveBlogUpdate": [{posts}], "dateModified": "2024-08-05T19:49"}}</SCRIPT>'
        '<meta property="article:modified_time" content="2024-08-06T07:00">'
    )
    assert _published_from_markup(page) == date(2024, 8, 4)
    assert _live_updated(page) == date(2024, 8, 6)  # the latest of the block's and the tag's
    assert _published_from_markup("<p>no structured data</p>") is None
