"""Site search: what Pagefind indexes on a scenario page, the typo vocabulary, and running Pagefind.

One job: make the static search index of the built site. Pure functions, called by the thin hooks
in ``macros/hooks.py``:

- :func:`annotate_scenario_html` (``on_page_content``) marks a scenario page's HTML for Pagefind,
  and :func:`exclude_selectors` names what Pagefind skips. Every scenario shares the same
  headings ("Interview Question", "Immediate fix", ...) and the same generated blocks (pagers,
  "About this scenario", related links): indexed, they match every query that uses those words
  and say nothing about which scenario is meant, so they are left out. So are the author's
  original notes (they hold the wrong claims that the page corrects) and code blocks. The
  question weighs more than the body, the summary ("In one minute") too; the page's ``aliases``
  (front matter: words readers use that the page does not) are indexed in a hidden line under
  the title, with a title's weight.
- :func:`page_words` and :func:`vocabulary_files`: every word Pagefind indexed, by first letter,
  most frequent first, written as ``pagefind/vocabulary/<letter>.txt``. The browser fetches the
  letters of a query's words to correct a typo to a word the index has
  (docs/javascripts/search.js).
- :func:`run_pagefind` (``on_post_build``) indexes the built site with the Pagefind binary that
  the ``pagefind[extended]`` wheel ships (nothing is downloaded), into ``<site>/pagefind/``.

Only pages that carry ``data-pagefind-body`` are indexed: overrides/main.html puts it on the
article of scenario pages, so listing pages (home, buckets, indexes), which repeat every title,
never compete with the scenarios themselves.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser
from pathlib import Path

BUNDLE_DIR = "pagefind"  # inside the site: pagefind.js, the index, and our vocabulary
VOCABULARY_DIR = "vocabulary"  # inside the bundle: a.txt ... z.txt
# Only scenario pages carry data-pagefind-body; the glob spares Pagefind reading the others.
PAGE_GLOB = "scenarios/**/*.html"

# Weights (Pagefind's scale: body text 1, h1 7, at most 10).
ALIAS_WEIGHT = 10
QUESTION_WEIGHT = 8
# The weight of the text under these headings (h2 or h3); other text weighs 1. The one-minute
# answer is the page in a few sentences; what to tell stakeholders and the follow-ups share
# their words with every page ("dashboard", "owners", "report") and say less about the problem.
SECTION_WEIGHTS = {
    "in one minute": 2.0,
    "how to communicate it": 0.5,
    "follow-up questions": 0.5,
}
QUESTION_SECTION = "interview question"
# Sections left out whole: the author's notes (they quote the claims the page corrects) and
# what the build appends (about, related scenarios, the bucket's pager).
IGNORED_SECTIONS = frozenset({"original notes", "about this scenario", "related scenarios", "in this bucket"})

# Left out by Pagefind's --exclude-selectors rather than by an attribute, so that these elements
# stay exactly as the build writes them (practice mode and other tests read them): the headings
# every scenario has (CONTRIBUTING.md's template, and the sections the build appends), by their
# anchors, and the generated paragraphs (ID, badge and short link; pagers; about; checked), by
# class. A heading's words are not indexed; the text under it is, unless its section is ignored.
TEMPLATE_HEADING_IDS = (
    "interview-question", "in-one-minute", "whats-happening", "answer", "immediate-fix",
    "long-term-prevention", "how-to-communicate-it", "trade-offs-and-pitfalls", "follow-up-questions",
    "original-notes", "what-was-corrected", "about-this-scenario", "related-scenarios", "in-this-bucket",
)
GENERATED_CLASSES = frozenset({"scenario-meta", "scenario-pager", "scenario-about", "scenario-checked"})
# Code blocks (pymdownx.highlight's div.highlight) are left out too: their identifiers (df, spark,
# events, user_id) are in every example and match everything; the API and configuration names a
# reader searches for are named in the prose, in inline code, which is indexed.
CODE_BLOCK_CLASS = "highlight"
# The labels of the one-minute answer's three steps, on every page.
STEP_LABEL_RE = re.compile(r"<strong>(Immediate fix|Long-term prevention|How to communicate it):</strong>")

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
HEADING_RE = re.compile(r"^h[1-6]$")


def exclude_selectors() -> str:
    """The CSS selectors Pagefind skips: template headings, generated paragraphs, code blocks."""
    headings = [f"h{level}#{anchor}" for anchor in TEMPLATE_HEADING_IDS for level in (2, 3)]
    return ", ".join([*headings, *(f".{name}" for name in sorted(GENERATED_CLASSES)), f"div.{CODE_BLOCK_CLASS}"])


class _TopLevel(HTMLParser):
    """The top-level elements of an HTML fragment, with offsets: ``start`` (the ``<``),
    ``name_end`` (after the tag name), ``open_end`` (after the start tag), ``close_start``
    (the end tag's ``<``), and their class names and text. Markdown's output is well formed,
    so counting depth is exact."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.elements: list[dict] = []
        self._depth = 0
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _top(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        self.elements.append({
            "tag": tag, "start": start, "name_end": start + 1 + len(tag),
            "open_end": start + len(self.get_starttag_text() or ""), "close_start": None,
            "classes": set((dict(attrs).get("class") or "").split()), "id": dict(attrs).get("id"), "text": [],
        })

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth == 0:
            self._top(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self._depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth == 0:
            self._top(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        self._depth = max(0, self._depth - 1)
        if self._depth == 0 and self.elements:
            self.elements[-1]["close_start"] = self._offset()

    def handle_data(self, data: str) -> None:
        if self._depth > 0 and self.elements:
            self.elements[-1]["text"].append(data)


def heading_text(element: dict) -> str:
    """A heading's words as a reader sees them, lowercased, without the permalink's pilcrow."""
    text = "".join(element["text"]).replace("\u00b6", "")
    return " ".join(text.replace("\u2019", "'").split()).lower()


def annotate_scenario_html(content: str, aliases: Sequence[str] = ()) -> str:
    """A scenario page's HTML with Pagefind's attributes added; nothing else changes.

    Only attributes are added, and only to elements that nothing else reads by their markup:
    the template's headings and the generated paragraphs are left out by
    :func:`exclude_selectors` instead. The question paragraph keeps its ``<p>``: its content is
    wrapped in a ``<span>`` that carries the question's weight and its ``question`` metadata
    (shown under each search result).
    """
    inserts: list[tuple[int, str]] = []
    section = subsection = ""
    question_seen = False
    for element in _TopLevel(content).elements:
        tag = element["tag"]
        if tag == "h2":
            section, subsection = heading_text(element), ""
        elif tag == "h3":
            subsection = heading_text(element)
        if HEADING_RE.match(tag) or element["classes"] & GENERATED_CLASSES:
            continue  # headings weigh by their level; template ones and generated blocks: excluded
        if section in IGNORED_SECTIONS:
            inserts.append((element["name_end"], ' data-pagefind-ignore="all"'))
        elif section == QUESTION_SECTION and tag == "p" and element["close_start"] is not None:
            meta = "" if question_seen else ' data-pagefind-meta="question"'
            question_seen = True
            inserts.append((element["open_end"], f'<span data-pagefind-weight="{QUESTION_WEIGHT}"{meta}>'))
            inserts.append((element["close_start"], "</span>"))
        elif section == QUESTION_SECTION:
            inserts.append((element["name_end"], f' data-pagefind-weight="{QUESTION_WEIGHT}"'))
        else:
            weight = SECTION_WEIGHTS.get(subsection, SECTION_WEIGHTS.get(section))
            if weight is not None:
                inserts.append((element["name_end"], f' data-pagefind-weight="{weight:g}"'))
    pieces, last = [], 0
    for at, text in sorted(inserts, key=lambda insert: insert[0]):
        pieces += [content[last:at], text]
        last = at
    pieces.append(content[last:])
    annotated = STEP_LABEL_RE.sub(r"<strong data-pagefind-ignore>\1:</strong>", "".join(pieces))
    if aliases:
        annotated = _insert_after_title(annotated, alias_line(aliases))
    return annotated


def alias_line(aliases: Sequence[str]) -> str:
    """The page's aliases: indexed with a title's weight and as ``aliases`` metadata, never shown
    (``hidden``)."""
    words = " · ".join(html.escape(alias) for alias in aliases)
    return f'<p hidden data-pagefind-weight="{ALIAS_WEIGHT}" data-pagefind-meta="aliases">{words}</p>'


def _insert_after_title(content: str, line: str) -> str:
    end = content.find("</h1>")
    if end < 0:
        return line + "\n" + content
    end += len("</h1>")
    return f"{content[:end]}\n{line}{content[end:]}"


# --- the typo vocabulary ----------------------------------------------------------------------


class _IndexedText(HTMLParser):
    """The text Pagefind indexes from an annotated fragment: everything outside elements marked
    ``data-pagefind-ignore``, matched by :func:`exclude_selectors`, or not text (scripts)."""

    SKIPPED = frozenset({"script", "style", "svg", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[bool] = []  # per open element: is it ignored?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        ignored = (
            tag in self.SKIPPED
            or "data-pagefind-ignore" in found
            or (tag in ("h2", "h3") and found.get("id") in TEMPLATE_HEADING_IDS)
            or bool(set((found.get("class") or "").split()) & GENERATED_CLASSES)
            or (tag == "div" and CODE_BLOCK_CLASS in (found.get("class") or "").split())
        )
        if tag not in VOID_ELEMENTS:
            self._stack.append(ignored or (bool(self._stack) and self._stack[-1]))
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_ELEMENTS and self._stack:
            self._stack.pop()
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not (self._stack and self._stack[-1]):
            self.parts.append(data)


def indexed_text(content: str) -> str:
    """The words of an annotated page that Pagefind indexes, as plain text."""
    parser = _IndexedText()
    parser.feed(content)
    parser.close()
    return " ".join("".join(parser.parts).split())


CAMEL_RE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
# Single letters are no use to a reader (the browser never corrects to them).
MIN_WORD_LENGTH = 2


def page_words(text: str) -> set[str]:
    """The distinct words of ``text`` a reader could type, lowercased and made of letters only:
    each word, and each part of a camelCase, snake_case, dotted or hyphenated name
    (``mapGroupsWithState`` gives ``mapgroupswithstate``, ``map``, ``groups``, ``with``,
    ``state``), as Pagefind indexes them. Words with digits or symbols are never corrected, so
    they are left out."""
    words: set[str] = set()
    for token in re.findall(r"[A-Za-z0-9_.'’-]+", text):
        token = token.strip("._'’-")
        words.add(re.sub(r"[.'’-]", "", token).lower())
        for part in re.split(r"[_.'’-]+", token):
            words.add(part.lower())
            words.update(piece.lower() for piece in CAMEL_RE.findall(part))
    return {w for w in words if len(w) >= MIN_WORD_LENGTH and re.fullmatch(r"[a-z]+", w)}


def vocabulary_files(pages: Iterable[set[str]]) -> dict[str, str]:
    """The vocabulary, one file per first letter (``a.txt`` ... ``z.txt``): one word a line,
    the words of most pages first (ties alphabetical). The browser fetches the files of the
    first letters of a query's words, checks that each word is one the index has, and corrects
    one it does not have to the closest word of the same file (a typo rarely hits the first
    letter), preferring the more common of two that are as close."""
    counts = Counter(word for words in pages for word in words)
    ordered = sorted(counts, key=lambda word: (-counts[word], word))
    files: dict[str, list[str]] = {}
    for word in ordered:
        files.setdefault(f"{word[0]}.txt", []).append(word)
    return {name: "".join(f"{word}\n" for word in words) for name, words in sorted(files.items())}


# --- the index ----------------------------------------------------------------------------------


class SearchIndexError(RuntimeError):
    """Pagefind failed: its output says why."""


def pagefind_command(site_dir: Path) -> list[str]:
    """The command that indexes ``site_dir`` (the pagefind wheel's own binary, via its module)."""
    return [
        sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", PAGE_GLOB,
        "--exclude-selectors", exclude_selectors(), "--quiet",
    ]


def run_pagefind(site_dir: Path, vocabulary: dict[str, str]) -> None:
    """Index the built site into ``<site_dir>/pagefind/`` and write the typo vocabulary there."""
    done = subprocess.run(pagefind_command(site_dir), capture_output=True, text=True)
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()
        raise SearchIndexError(f"pagefind failed (exit {done.returncode}) on {site_dir}:\n{output}")
    folder = site_dir / BUNDLE_DIR / VOCABULARY_DIR
    if folder.is_dir():
        shutil.rmtree(folder)  # a letter no page uses any more leaves no file behind
    folder.mkdir(parents=True)
    for name, text in vocabulary.items():
        (folder / name).write_text(text, encoding="utf-8")
