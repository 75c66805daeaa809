"""Site search: what Pagefind indexes on a scenario page, the typo vocabulary, and running Pagefind.

One job: make the static search index of the built site. Pure functions, called by the thin hooks
in ``macros/hooks.py``:

- :func:`annotate_for_index` (``on_page_content``) marks a scenario page's HTML for Pagefind
  (:func:`annotate_scenario_html`) and gives the text Pagefind will index (:func:`indexed_text`
  of the result), from one reading of the page; :func:`exclude_selectors` names what Pagefind
  skips. Every scenario shares the same
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


# A page is read once into events (parse_events); both the annotation (from its top-level
# elements) and the indexed text (from every element) are computed from them. A build reads
# thousands of pages: the shortcuts below keep html.parser's results and skip most of its work.
START, STARTEND, END, DATA = "start", "startend", "end", "data"


# Pygments' code blocks hold most of a page's tags (one span per token), and neither the
# annotation nor the index reads inside them (div.highlight is left out whole): the parser is
# given each block's start and end tags only, when what is inside is plain balanced markup.
CODE_BLOCK_RE = re.compile(r'<div class="(?:[^"<>]*\s)?highlight(?:\s[^"<>]*)?">')
_UNUSUAL_MARKUP = ("<div", "<!", "<?", "<script", "<style", "<br", "<img", "<input", "<hr", "<wbr")


def without_code_inside(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` without the inside of its code blocks, where each cut is (in the text returned),
    and how far each part of it is from where it is in ``text``: an offset ``at`` of the text
    returned is ``at + shifts[n]`` in ``text``, ``n`` the number of cuts at or before ``at``.

    A block is cut only when its inside is tags and escaped text: no ``>`` but at the end of a
    tag, as many end tags as start tags, and nothing that changes how the rest is parsed
    (comments, scripts, nested blocks, void elements)."""
    pieces: list[str] = []
    cuts: list[int] = []
    shifts = [0]
    last = length = 0
    for match in CODE_BLOCK_RE.finditer(text):
        if match.start() < last:
            continue  # inside a block already cut
        end = text.find("</div>", match.end())
        inside = text[match.end() : end]
        tags = inside.count("<")
        if end < 0 or tags != 2 * inside.count("</") or tags != inside.count(">"):
            continue
        if any(markup in inside for markup in _UNUSUAL_MARKUP):
            continue
        pieces.append(text[last : match.end()])
        length += match.end() - last
        cuts.append(length)
        shifts.append(shifts[-1] + len(inside))
        last = end
    pieces.append(text[last:])
    return "".join(pieces), cuts, shifts


class _Events(HTMLParser):
    """Every event of an HTML fragment, in order, as :func:`parse_events` gives them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.events: list[tuple] = []
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append((START, tag, attrs, self._offset(), len(self.get_starttag_text() or "")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append((STARTEND, tag, attrs, self._offset(), len(self.get_starttag_text() or "")))

    def handle_endtag(self, tag: str) -> None:
        self.events.append((END, tag, None, self._offset(), 0))

    def handle_data(self, data: str) -> None:
        self.events.append((DATA, data, None, -1, 0))


# Tags as Markdown writes them: a name of letters and digits, attributes with a double-quoted
# value or none, separated by HTML's whitespace. html.parser reads these the same way (names
# lowercased, values unescaped); anything else (comments, scripts, quotes of another kind, a
# ">" in a value, a "<" that starts no tag) sends the page to html.parser itself.
_SPACE = "[ \t\n\r\f]"
_START_TAG_RE = re.compile(
    rf'<([a-zA-Z][a-zA-Z0-9]*)((?:{_SPACE}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>]*")?)*){_SPACE}*(/?)>'
)
_ATTRIBUTE_RE = re.compile(r'([^\s=]+)(?:="([^"]*)")?')
_END_TAG_RE = re.compile(r"</([a-zA-Z][a-zA-Z0-9]*)>")
_RAW_TEXT_ELEMENTS = frozenset({"script", "style"})  # html.parser reads their content as text


_TAG_RE = re.compile(rf"{_END_TAG_RE.pattern}|{_START_TAG_RE.pattern}")


def _plain_events(text: str) -> list[tuple] | None:
    """The events of a fragment made only of such tags and text, or None for anything else."""
    events: list[tuple] = []
    append = events.append
    unescape = html.unescape
    at = 0
    for match in _TAG_RE.finditer(text):
        start = match.start()
        if start > at:
            data = text[at:start]
            if "<" in data:
                return None  # a "<" that is not one of these tags
            append((DATA, unescape(data), None, -1, 0))
        end_tag, tag, attributes, closed = match.groups()
        if end_tag:
            append((END, end_tag.lower(), None, start, 0))
        else:
            tag = tag.lower()
            if tag in _RAW_TEXT_ELEMENTS:
                return None
            attrs = [
                (name.lower(), unescape(value) if value else value)
                for name, value in (found.groups() for found in _ATTRIBUTE_RE.finditer(attributes))
            ] if attributes else []
            append((STARTEND if closed else START, tag, attrs, start, match.end() - start))
        at = match.end()
    if at < len(text):
        data = text[at:]
        if "<" in data:
            return None
        append((DATA, unescape(data), None, -1, 0))
    return events


def parse_events(text: str) -> list[tuple]:
    """Every event of an HTML fragment, in order, as html.parser reads it: ``(kind, tag, attrs,
    offset, length)`` for a start tag (``offset`` of its ``<``, ``length`` of the whole start
    tag), ``(END, tag, None, offset, 0)`` for an end tag, ``(DATA, text, None, -1, 0)`` for text
    (character references converted). Comments, declarations and processing instructions give
    none. Nothing is reported from inside a code block (see :func:`without_code_inside`)."""
    parsed, cuts, shifts = without_code_inside(text)
    events = _plain_events(parsed)
    if events is None:
        events = _Events(parsed).events
    passed = 0
    for index, (kind, tag, attrs, offset, length) in enumerate(events):
        if kind is DATA or not cuts:
            continue
        while passed < len(cuts) and cuts[passed] <= offset:
            passed += 1
        if shifts[passed]:
            events[index] = (kind, tag, attrs, offset + shifts[passed], length)
    return events


def _top_level(events: Sequence[tuple]) -> list[dict]:
    """The top-level elements of a fragment, with offsets: ``start`` (the ``<``), ``name_end``
    (after the tag name), ``open_end`` (after the start tag), ``close_start`` (the end tag's
    ``<``), and their class names and text. Markdown's output is well formed, so counting depth
    is exact."""
    elements: list[dict] = []
    depth = 0
    for kind, tag, attrs, offset, length in events:
        if kind is DATA:
            if depth > 0 and elements:
                elements[-1]["text"].append(tag)
        elif kind is END:
            if tag in VOID_ELEMENTS:
                continue
            depth = max(0, depth - 1)
            if depth == 0 and elements:
                elements[-1]["close_start"] = offset
        else:
            if depth == 0:
                found = dict(attrs)
                elements.append({
                    "tag": tag, "start": offset, "name_end": offset + 1 + len(tag), "open_end": offset + length,
                    "close_start": None, "classes": set((found.get("class") or "").split()), "id": found.get("id"),
                    "text": [],
                })
            if kind is START and tag not in VOID_ELEMENTS:
                depth += 1
    return elements


def heading_text(element: dict) -> str:
    """A heading's words as a reader sees them, lowercased, without the permalink's pilcrow."""
    text = "".join(element["text"]).replace("\u00b6", "")
    return " ".join(text.replace("\u2019", "'").split()).lower()


def _inserts(elements: Sequence[dict], ignored: set[int] | None = None) -> list[tuple[int, str]]:
    """What :func:`annotate_scenario_html` inserts, as (offset, text), in document order; the
    start of each element it marks ``data-pagefind-ignore`` is added to ``ignored``."""
    inserts: list[tuple[int, str]] = []
    section = subsection = ""
    question_seen = False
    for element in elements:
        tag = element["tag"]
        if tag == "h2":
            section, subsection = heading_text(element), ""
        elif tag == "h3":
            subsection = heading_text(element)
        if HEADING_RE.match(tag) or element["classes"] & GENERATED_CLASSES:
            continue  # headings weigh by their level; template ones and generated blocks: excluded
        if section in IGNORED_SECTIONS:
            inserts.append((element["name_end"], ' data-pagefind-ignore="all"'))
            if ignored is not None:
                ignored.add(element["start"])
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
    return sorted(inserts, key=lambda insert: insert[0])


def _annotated(content: str, inserts: Sequence[tuple[int, str]], aliases: Sequence[str]) -> str:
    pieces, last = [], 0
    for at, text in inserts:
        pieces += [content[last:at], text]
        last = at
    pieces.append(content[last:])
    annotated = STEP_LABEL_RE.sub(r"<strong data-pagefind-ignore>\1:</strong>", "".join(pieces))
    if aliases:
        annotated = _insert_after_title(annotated, alias_line(aliases))
    return annotated


def annotate_scenario_html(content: str, aliases: Sequence[str] = ()) -> str:
    """A scenario page's HTML with Pagefind's attributes added; nothing else changes.

    Only attributes are added, and only to elements that nothing else reads by their markup:
    the template's headings and the generated paragraphs are left out by
    :func:`exclude_selectors` instead. The question paragraph keeps its ``<p>``: its content is
    wrapped in a ``<span>`` that carries the question's weight and its ``question`` metadata
    (shown under each search result).
    """
    return _annotated(content, _inserts(_top_level(parse_events(content))), aliases)


def annotate_for_index(content: str, aliases: Sequence[str] = ()) -> tuple[str, str]:
    """``(annotate_scenario_html(content, aliases), indexed_text(<that>))`` from one parse of
    ``content``: the text is computed from the original page's events and what the annotation
    adds (ignored elements, the step labels, the alias line), not by parsing the result again.
    A page whose title end tag is not a real one (in a comment, say) takes the two passes."""
    events = parse_events(content)
    ignored: set[int] = set()  # the start of every element the annotation marks ignored
    inserts = _inserts(_top_level(events), ignored)
    annotated = _annotated(content, inserts, aliases)
    # The step labels too, unless an insert falls inside one (then the pattern does not match).
    positions = {at for at, _ in inserts}
    for kind, tag, _, offset, _ in events:
        if kind is START and tag == "strong":
            label = STEP_LABEL_RE.match(content, offset)
            if label and not any(offset < at < label.end() for at in positions):
                ignored.add(offset)
    title_end = content.find("</h1>")
    alias_text = " · ".join(aliases) if aliases else None
    if alias_text is not None and title_end >= 0 and not any(
        kind is END and tag == "h1" and offset == title_end for kind, tag, _, offset, _ in events
    ):
        return annotated, indexed_text(annotated)
    parts: list[str] = []
    if alias_text is not None and title_end < 0:
        parts += [" ", alias_text, " "]  # the alias line opens the page
    stack: list[bool] = []  # per open element: is it ignored?
    for kind, tag, attrs, offset, _ in events:
        if kind is DATA:
            if not (stack and stack[-1]):
                parts.append(tag)
            continue
        if kind is not END:
            hidden = offset in ignored or _ignored_element(tag, attrs)
            if tag not in VOID_ELEMENTS:
                stack.append(hidden or (bool(stack) and stack[-1]))
            parts.append(" ")
            if kind is STARTEND:  # html.parser's default: a start tag, then an end tag
                kind = END
            else:
                continue
        if tag not in VOID_ELEMENTS and stack:
            stack.pop()
        parts.append(" ")
        if alias_text is not None and tag == "h1" and offset == title_end:
            parts += ["\n", " "]
            if not (stack and stack[-1]):
                parts.append(alias_text)
            parts.append(" ")
            alias_text = None
    return annotated, " ".join("".join(parts).split())


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


SKIPPED_ELEMENTS = frozenset({"script", "style", "svg", "template"})


def _ignored_element(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """Whether Pagefind skips an element (and all it holds): marked ``data-pagefind-ignore``,
    matched by :func:`exclude_selectors`, or not text (scripts)."""
    if tag in SKIPPED_ELEMENTS:
        return True
    found = dict(attrs)
    if "data-pagefind-ignore" in found:
        return True
    if tag in ("h2", "h3") and found.get("id") in TEMPLATE_HEADING_IDS:
        return True
    classes = (found.get("class") or "").split()
    return bool(GENERATED_CLASSES.intersection(classes)) or (tag == "div" and CODE_BLOCK_CLASS in classes)


class _IndexedText(HTMLParser):
    """The text Pagefind indexes from an annotated fragment: everything outside elements marked
    ``data-pagefind-ignore``, matched by :func:`exclude_selectors`, or not text (scripts)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[bool] = []  # per open element: is it ignored?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ignored = _ignored_element(tag, attrs)
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
    for token in set(TOKEN_RE.findall(text)):
        found = _TOKEN_WORDS.get(token)
        if found is None:
            if len(_TOKEN_WORDS) >= TOKEN_CACHE_SIZE:
                _TOKEN_WORDS.clear()
            found = _TOKEN_WORDS[token] = token_words(token)
        words |= found
    return words


TOKEN_RE = re.compile(r"[A-Za-z0-9_.'’-]+")
_WORD_RE = re.compile(r"[a-z]+")
# token -> its words: pages share most of their tokens, so each is split once per process.
_TOKEN_WORDS: dict[str, frozenset[str]] = {}
TOKEN_CACHE_SIZE = 1 << 17


def token_words(token: str) -> frozenset[str]:
    """The words :func:`page_words` takes from one token: the token without dots, apostrophes
    and hyphens, and each of its parts, when made of two letters or more and nothing else."""
    token = token.strip("._'’-")
    words = {re.sub(r"[.'’-]", "", token).lower()}
    for part in re.split(r"[_.'’-]+", token):
        words.add(part.lower())
        words.update(piece.lower() for piece in CAMEL_RE.findall(part))
    return frozenset(w for w in words if len(w) >= MIN_WORD_LENGTH and _WORD_RE.fullmatch(w))


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
