"""Flash-card decks of every scenario, made at build time: an Anki package and a CSV.

One job: from the catalog and each scenario page's Markdown, the question on the front, the
answer's key points ("In one minute") on the back, tagged by bucket, difficulty and technology.
No MkDocs here: ``macros/hooks.py`` adds the two files to the build, the tests call
:func:`anki_package` and :func:`csv_deck` directly.

The Anki IDs are fixed, and every note's GUID is derived from the scenario ID, so a reader who
imports a newer deck gets the cards updated in place, with their review history kept.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Mapping

import genanki
import markdown as markdown_lib

from macros import render
from macros.catalog import Catalog, Scenario

APKG_URI = "decks/de-interview-scenarios.apkg"
CSV_URI = "decks/de-interview-scenarios.csv"
DECK_ID = 1_764_650_001  # fixed forever: Anki recognises the deck on re-import
MODEL_ID = 1_764_650_002
DECK_NAME = "Data Engineering Interview Scenarios"
CSV_COLUMNS = ("id", "title", "difficulty", "bucket", "technologies", "question", "answer", "url")

CARD_CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.45; text-align: left;
        color: #1a1a1a; background: #ffffff; max-width: 42em; margin: 0 auto; }
.nightMode.card, .night_mode .card { color: #e6e6e6; background: #1e1e1e; }
.meta { font-size: 14px; opacity: 0.8; margin-bottom: 0.5em; }
a { color: #3f51b5; } .nightMode a, .night_mode a { color: #9fa8ff; }
"""

MODEL = genanki.Model(
    MODEL_ID,
    "Data engineering scenario",
    fields=[{"name": name} for name in ("ID", "Title", "Meta", "Question", "Answer", "URL")],
    templates=[
        {
            "name": "Question → answer",
            "qfmt": '<div class="meta">{{ID}} · {{Meta}}</div><h3>{{Title}}</h3>{{Question}}',
            "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}<p><a href="{{URL}}">The full answer</a></p>',
        }
    ],
    css=CARD_CSS,
    sort_field_index=0,
)


def card_converter() -> markdown_lib.Markdown:
    """The Markdown of the cards (fenced code, HTML output): one instance for a whole deck,
    reset before each card, gives what a new instance per card gives, without setting up the
    extensions thousands of times."""
    return markdown_lib.Markdown(extensions=["fenced_code"], output_format="html")


def _html(text: str, converter: markdown_lib.Markdown | None = None) -> str:
    converter = converter or card_converter()
    return converter.reset().convert(text)


def card_text(page_markdown: str) -> tuple[str, str]:
    """(question, answer) Markdown of a scenario page: its question and its "In one minute"."""
    question = render.section_text(page_markdown, render.QUESTION_HEADING)
    answer = render.section_text(page_markdown, render.ONE_MINUTE_HEADING)
    return question, answer


def tags(catalog: Catalog, scenario: Scenario) -> list[str]:
    """Anki tags (no spaces): ``bucket::streaming``, ``difficulty::medium``, ``technology::kafka``."""
    found = [f"bucket::{scenario.bucket}", f"difficulty::{scenario.difficulty}"]
    found += [f"bucket::{key}" for key in scenario.also_in]
    found += [f"technology::{key}" for key in scenario.technologies]
    return found


def _meta(catalog: Catalog, scenario: Scenario) -> str:
    return f"{render.DIFFICULTY_LABELS[scenario.difficulty]} · {catalog.bucket_by_key[scenario.bucket].name}"


def anki_package(catalog: Catalog, pages: Mapping[str, str], url_for: Mapping[str, str]) -> bytes:
    """The ``.apkg``: one note per scenario. ``pages``: src_uri -> Markdown; ``url_for``:
    src_uri -> absolute URL of the page."""
    deck = genanki.Deck(DECK_ID, DECK_NAME, description="One card per scenario: the question, then the answer in one minute.")
    converter = card_converter()
    for scenario in catalog.scenarios:
        question, answer = card_text(pages[scenario.src_uri])
        note = genanki.Note(
            model=MODEL,
            fields=[scenario.id, render.escape(scenario.title).replace("\\", ""), _meta(catalog, scenario),
                    _html(question, converter), _html(answer, converter), url_for[scenario.src_uri]],
            tags=tags(catalog, scenario),
            guid=genanki.guid_for("de-interview-scenarios", scenario.id),
        )
        deck.add_note(note)
    handle, path = tempfile.mkstemp(suffix=".apkg")
    os.close(handle)
    try:
        genanki.Package(deck).write_to_file(path)
        with open(path, "rb") as written:
            return written.read()
    finally:
        os.unlink(path)


def csv_deck(catalog: Catalog, pages: Mapping[str, str], url_for: Mapping[str, str]) -> str:
    """The CSV: one row per scenario, the question and answer as plain Markdown text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for scenario in catalog.scenarios:
        question, answer = card_text(pages[scenario.src_uri])
        writer.writerow([
            scenario.id, scenario.title, scenario.difficulty, scenario.bucket,
            " ".join(scenario.technologies), question, answer, url_for[scenario.src_uri],
        ])
    return out.getvalue()
