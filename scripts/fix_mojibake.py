#!/usr/bin/env python3
"""Repair mojibake: UTF-8 text that was decoded with a single-byte code page.

The one job of this module is to undo that damage exactly, including the
damage that loses bytes, and to say so wherever it cannot be sure.

How it works
------------
* ftfy does what it does well: its "sloppy" codecs give the byte tables of
  Windows-1252 and Windows-1250 (with C1 controls for undefined bytes), and its
  ``badness`` heuristic tells how mojibake-like a piece of text looks.
* A per-file vote picks the code page (cp1252, Mac Roman, Latin-1, cp1250) and
  the depth (1, or 2 for double encoding) that explains the text best: the
  cost that decoding whole runs saves.  A file with no evidence is clean and is
  returned unchanged; a file with some, but too little to be sure, is returned
  unchanged with the suspicious spans reported as ambiguous.
* Each run of non-ASCII characters is mapped back to bytes and decoded by a
  k-best search over UTF-8 tokens.  Where a code page leaves bytes undefined
  (0x81 0x8D 0x8F 0x90 0x9D in cp1252) a decoder may have dropped them, so
  candidate bytes are re-inserted into cut-short sequences.  Tokens include
  whole emoji sequences from the ``emoji`` package (ZWJ, keycap, flag,
  skin-tone, VS16) so that a sequence wins over stray joiners and selectors.
* Costs prefer typography and letters over rare symbols, format characters
  and variation selectors; unassigned code points (``unicodedata2``, current
  Unicode), controls and private-use characters are never produced.
* Where candidates come within ``TIE_MARGIN`` of each other, word and
  character frequencies (``wordfreq``) settle the tie if one candidate is at
  least ten times as frequent.  Otherwise the span is left as it is and
  reported as ambiguous: the tool never guesses silently.

Usage
-----
    fix_mojibake.py [FILE...]            repair files (or stdin) to stdout
    fix_mojibake.py --report FILE...     also list repairs and ambiguities on stderr
    fix_mojibake.py --check PATH...      exit 1 and list suspected mojibake

Examples
--------
    $ echo 'a ‚Üí b' | python scripts/fix_mojibake.py
    a → b
    $ python scripts/fix_mojibake.py --check docs/
"""

from __future__ import annotations

import argparse
import bisect
import functools
import itertools
import math
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import emoji
import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-* codecs)
import unicodedata2 as ud
from ftfy.badness import badness

# --------------------------------------------------------------------------
# Tunable costs.  Lower is more plausible.  A candidate decode is the sum of
# its tokens' costs; see ``char_cost`` for single characters.
# --------------------------------------------------------------------------
INSERT_COST = 0.5  # per re-inserted (dropped) byte
KEEP_COST = 6.0  # per character left undecoded inside a damaged run
REJECT_LITERAL_COST = 8.0  # a control or private-use character in "clean" text
BADNESS_WEIGHT = 3.0  # per ftfy badness point of a literal run
VOTE_MIN_EVIDENCE = 2.0  # total cost saved before a file counts as damaged
MIXED_SCRIPT_COST = 3.0  # a decoded non-Latin letter glued to ASCII letters
TIE_MARGIN = 1.0  # candidates closer than this are a tie
LEXICAL_MARGIN = 1.0  # zipf difference (10x frequency) that settles a tie
K_BEST = 32  # partial decodes kept per byte position
MAX_INSERTS_PER_CHAR = 2

EMOJI_STATUS_COST = {
    emoji.STATUS["fully_qualified"]: 1.0,
    emoji.STATUS["minimally_qualified"]: 2.0,
    emoji.STATUS["unqualified"]: 2.5,
    emoji.STATUS["component"]: 6.0,
}
KEYCAP_BASES = frozenset("0123456789#*")

# Typography and symbols that ordinary prose uses; everything else in the
# punctuation and symbol categories costs more.
TYPOGRAPHY = frozenset(
    "“”‘’‚„–—…•→←↑↓↔⇒⇐×÷±≤≥≠≈∞·°€£¥¢©®™§¶†‡‰′″«»‹›¿¡\u00a0"
    "✓✔✗✘★☆■□▪▸►◆●○¼½¾¹²³µ¬¦¤¨¯´¸ªº"
)

# Blocks whose letters are everyday text in some language.
COMMON_LETTER_BLOCKS = (
    (0x00C0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x0370, 0x052F),  # Greek, Cyrillic (+ supplement)
    (0x0530, 0x08FF),  # Armenian, Hebrew, Arabic, Syriac ...
    (0x0900, 0x0DFF),  # Indic scripts
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1E00, 0x1FFF),  # Latin Extended Additional (Vietnamese), Greek Extended
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
)
RARE_LETTER_BLOCKS = (
    (0x0180, 0x024F),  # Latin Extended-B: seldom in prose, but see below
    (0x0250, 0x02FF),  # IPA, spacing modifier letters
    (0x3400, 0x4DBF),  # CJK Extension A
)
# Latin Extended-B letters that whole languages use: Vietnamese, Romanian, Pinyin.
COMMON_EXTENDED_B = frozenset("ƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜȘșȚțǦǧǨǩǪǫ")


# --------------------------------------------------------------------------
# Code pages
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class CodePage:
    """The byte table of a single-byte code page, seen from the damaged side."""

    name: str
    byte_of: dict[str, int]  # character -> byte, for bytes 0x80..0xFF
    droppable: frozenset[int]  # bytes the strict codec leaves undefined

    def encode_run(self, run: str) -> bytes:
        return bytes(self.byte_of[ch] for ch in run)


def _code_page(name: str, codec: str, strict_codec: str | None) -> CodePage:
    byte_of: dict[str, int] = {}
    droppable: set[int] = set()
    for byte in range(0x80, 0x100):
        byte_of[bytes([byte]).decode(codec)] = byte
        if strict_codec:
            try:
                bytes([byte]).decode(strict_codec)
            except UnicodeDecodeError:
                droppable.add(byte)
    return CodePage(name, byte_of, frozenset(droppable))


@functools.cache
def code_pages() -> tuple[CodePage, ...]:
    """The code pages that are tried, most common damage first."""
    return (
        _code_page("cp1252", "sloppy-windows-1252", "cp1252"),
        _code_page("mac-roman", "mac_roman", None),
        _code_page("latin-1", "latin-1", None),
        _code_page("cp1250", "sloppy-windows-1250", "cp1250"),
    )


# --------------------------------------------------------------------------
# Character plausibility
# --------------------------------------------------------------------------
def _in_blocks(cp: int, blocks: Iterable[tuple[int, int]]) -> bool:
    return any(lo <= cp <= hi for lo, hi in blocks)


def is_rejected(ch: str) -> bool:
    """Characters a repair must never produce."""
    cp = ord(ch)
    cat = ud.category(ch)
    if cat in ("Cc", "Cn", "Co", "Cs"):
        return True
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


@functools.lru_cache(maxsize=None)
def char_cost(ch: str) -> float | None:
    """How implausible one character is in text; None if it must not appear."""
    if ord(ch) < 0x80:
        return 0.0
    if is_rejected(ch):
        return None
    if ch in TYPOGRAPHY:
        return 1.0  # before emoji: ™ © ® are text first
    data = emoji.EMOJI_DATA.get(ch)
    if data is not None:
        return EMOJI_STATUS_COST[data["status"]]
    cp = ord(ch)
    cat = ud.category(ch)
    if cat.startswith("L"):
        if ch in COMMON_EXTENDED_B:
            return 2.0
        if _in_blocks(cp, RARE_LETTER_BLOCKS):
            return 4.0
        return 2.0 if _in_blocks(cp, COMMON_LETTER_BLOCKS) else 3.0
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
        return 8.0  # a variation selector outside an emoji sequence
    if cat == "Cf":
        return 8.0  # joiners, direction marks, soft hyphen
    if cat.startswith("M"):
        return 5.0
    if cat.startswith("N"):
        return 3.5
    if cat == "Zs":
        return 5.0
    return 4.0  # other punctuation and symbols


def literal_cost(text: str, context: str) -> float:
    """Cost of reading ``text`` as it stands (clean), with ftfy's opinion of it."""
    total = 0.0
    for ch in text:
        cost = char_cost(ch)
        total += REJECT_LITERAL_COST if cost is None else cost
    return total + BADNESS_WEIGHT * badness(context)


# --------------------------------------------------------------------------
# Tokens: the ways a position in a run of bytes can be read
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Token:
    text: str
    consumed: int  # bytes of the run it covers
    inserted: int  # dropped bytes it restores
    cost: float
    decoded: bool  # False for a character kept as it was


def _utf8_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


@functools.lru_cache(maxsize=500_000)
def _char_readings(window: bytes, droppable: frozenset[int]) -> tuple[tuple[str, int, int], ...]:
    """Every (char, bytes consumed, bytes inserted) reading of ``window``'s start."""
    lead = window[0]
    length = _utf8_length(lead)
    if not length:
        return ()
    available = 0
    for byte in window[1:length]:
        if 0x80 <= byte <= 0xBF:
            available += 1
        else:
            break
    fills = sorted(droppable)
    readings = []
    for real in range(available, -1, -1):
        need = length - 1 - real
        if need and (not fills or need > MAX_INSERTS_PER_CHAR):
            continue
        real_bytes = window[1 : 1 + real]
        for slots in itertools.combinations(range(length - 1), need):
            for fill in itertools.product(fills, repeat=need):
                cont, real_iter, fill_iter = [], iter(real_bytes), iter(fill)
                for slot in range(length - 1):
                    cont.append(next(fill_iter) if slot in slots else next(real_iter))
                try:
                    ch = bytes([lead, *cont]).decode("utf-8")
                except UnicodeDecodeError:
                    continue
                readings.append((ch, 1 + real, need))
    return tuple(readings)


@functools.cache
def _emoji_index(droppable: frozenset[int]) -> tuple[dict, dict, tuple[int, ...]]:
    """Multi-code-point emoji sequences keyed by their bytes as damage leaves them.

    Returns (sequences, keycap tails, key lengths).  Keycap sequences start
    with an ASCII base, so only their tail is matched, after such a base.
    """
    sequences: dict[bytes, list[tuple[str, int, float]]] = defaultdict(list)
    tails: dict[bytes, list[tuple[str, int, float]]] = defaultdict(list)
    for seq, data in emoji.EMOJI_DATA.items():
        if len(seq) < 2:
            continue  # single code points are read by _char_readings
        cost = EMOJI_STATUS_COST[data["status"]]
        target, key_seq = (tails, seq[1:]) if seq[0] in KEYCAP_BASES else (sequences, seq)
        full = key_seq.encode("utf-8")
        if min(full) < 0x80:
            continue
        forms = {full: 0}
        if droppable:
            kept = full.translate(None, bytes(sorted(droppable)))
            forms.setdefault(kept, len(full) - len(kept))
        for form, inserted in forms.items():
            target[form].append((key_seq, inserted, cost))
    lengths = tuple(sorted({len(key) for key in itertools.chain(sequences, tails)}))
    return dict(sequences), dict(tails), lengths


def _tokens_at(data: bytes, run: str, i: int, page: CodePage, keycap_base: bool) -> list[Token]:
    tokens = [Token(run[i], 1, 0, KEEP_COST, False)]
    for ch, consumed, inserted in _char_readings(data[i : i + 4], page.droppable):
        cost = char_cost(ch)
        if cost is not None:
            tokens.append(Token(ch, consumed, inserted, cost + INSERT_COST * inserted, True))
    sequences, tails, lengths = _emoji_index(page.droppable)
    for length in lengths:
        if i + length > len(data):
            break
        key = data[i : i + length]
        for seq, inserted, cost in sequences.get(key, ()):
            tokens.append(Token(seq, length, inserted, cost + INSERT_COST * inserted, True))
        if keycap_base and i == 0:
            for seq, inserted, cost in tails.get(key, ()):
                tokens.append(Token(seq, length, inserted, cost + INSERT_COST * inserted, True))
    return tokens


@dataclass(frozen=True)
class Reading:
    text: str
    cost: float
    tokens: tuple[Token, ...]

    @property
    def decoded(self) -> bool:
        return any(t.decoded for t in self.tokens)

    @property
    def kept(self) -> str:
        return "".join(t.text for t in self.tokens if not t.decoded)

    @property
    def inserted(self) -> int:
        return sum(t.inserted for t in self.tokens)


def _mixed_script_cost(text: str, left: str, right: str) -> float:
    """Penalty for letters of another script glued to the ASCII letters around."""
    cost = 0.0
    if text and left.isascii() and left.isalpha() and _is_foreign_letter(text[0]):
        cost += MIXED_SCRIPT_COST
    if text and right.isascii() and right.isalpha() and _is_foreign_letter(text[-1]):
        cost += MIXED_SCRIPT_COST
    return cost


def _is_foreign_letter(ch: str) -> bool:
    return ud.category(ch).startswith("L") and _script(ch) != "LATIN"


def read_run(
    run: str,
    page: CodePage,
    keycap_base: bool = False,
    keep_costs: Sequence[float] | None = None,
    left: str = "",
    right: str = "",
) -> list[Reading]:
    """The best readings of a run of characters under ``page``, cheapest first.

    ``keep_costs`` overrides the cost of keeping each character as it is
    (the vote uses clean-text costs; repair uses ``KEEP_COST``); ``left`` and
    ``right`` are the characters around the run.
    """
    data = page.encode_run(run)
    n = len(data)
    beams: list[dict[str, tuple[float, tuple[Token, ...]]]] = [dict() for _ in range(n + 1)]
    beams[0][""] = (0.0, ())
    for i in range(n):
        if not beams[i]:
            continue
        best = sorted(beams[i].items(), key=lambda item: item[1][0])[:K_BEST]
        tokens = _tokens_at(data, run, i, page, keycap_base)
        if keep_costs is not None:
            tokens[0] = Token(run[i], 1, 0, keep_costs[i], False)
        for text, (cost, path) in best:
            for token in tokens:
                j = i + token.consumed
                new_text = text + token.text
                new_cost = cost + token.cost
                old = beams[j].get(new_text)
                if old is None or new_cost < old[0]:
                    beams[j][new_text] = (new_cost, path + (token,))
    final = [Reading(text, cost + _mixed_script_cost(text, left, right), path) for text, (cost, path) in beams[n].items()]
    return sorted(final, key=lambda r: r.cost)[:K_BEST]


def read_run_twice(run: str, page: CodePage, keycap_base: bool, left: str = "", right: str = "") -> list[Reading]:
    """Readings of a doubly encoded run: one strict layer, then ``read_run``."""
    try:
        inner = page.encode_run(run).decode("utf-8")
    except UnicodeDecodeError:
        return []
    if not inner or any(ch not in page.byte_of for ch in inner):
        return []
    return read_run(inner, page, keycap_base, left=left, right=right)


# --------------------------------------------------------------------------
# Word and emoji frequencies settle ties
# --------------------------------------------------------------------------
SCRIPT_LANGUAGES = {
    "LATIN": ("en", "es", "pt", "fr", "de", "it", "nl", "pl", "cs", "sk", "sl", "sh", "hu", "ro",
              "tr", "sv", "da", "nb", "fi", "is", "ca", "lt", "lv", "vi", "id", "ms", "fil"),
    "CYRILLIC": ("ru", "uk", "bg", "mk", "sh"),
    "GREEK": ("el",),
    "CJK": ("zh", "ja"),
    "HIRAGANA": ("ja",),
    "KATAKANA": ("ja",),
    "HANGUL": ("ko",),
    "ARABIC": ("ar", "fa", "ur"),
    "HEBREW": ("he",),
    "EMOJI": ("en",),  # wordfreq's English list counts emoji (from social media text)
}
UNSPACED_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA"})
WORD_RE = re.compile(r"[^\W\d_]+")
ZIPF_FLOOR = 1.0  # wordfreq lists stop near zipf 1: "unknown" means "below this"
WORD_VS_WORD_MARGIN = 2.0  # two real words: the winner must be 100x as frequent
EMOJI_MODIFIERS = re.compile("[\ufe0f\U0001F3FB-\U0001F3FF]")


@functools.lru_cache(maxsize=None)
def _script(ch: str) -> str:
    if emoji.is_emoji(ch):
        return "EMOJI"
    name = ud.name(ch, "")
    return name.split(" ")[0] if name else ""


@functools.cache
def _frequency_dicts(script: str) -> tuple[dict[str, float], ...]:
    import wordfreq  # loaded only when a tie needs it

    return tuple(wordfreq.get_frequency_dict(lang) for lang in SCRIPT_LANGUAGES.get(script, ()))


def zipf(word: str) -> float:
    """wordfreq's zipf frequency of ``word`` in the languages of its script (0 if unknown)."""
    dicts = _frequency_dicts(_script(word[0]))
    key = word.lower()
    freq = max((d.get(key, 0.0) for d in dicts), default=0.0)
    return math.log10(freq) + 9.0 if freq else 0.0


def lexical_support(line: str, start: int, end: int) -> tuple[float, bool]:
    """(best zipf, is it a real word) of the text that ``line[start:end]`` forms.

    Spaced scripts: the whole word around the span.  Chinese and Japanese:
    the best dictionary word of 2-4 characters that overlaps the span (single
    characters say too little).  Emoji: the emoji itself, then its base.
    """
    best = 0.0
    for token in emoji.analyze(line[start:end], join_emoji=True):
        for candidate in (token.chars, EMOJI_MODIFIERS.sub("", token.chars)):
            if candidate:
                best = max(best, zipf(candidate))
    for match in WORD_RE.finditer(line):
        if match.end() <= start or match.start() >= end:
            continue
        if _script(match.group()[0]) in UNSPACED_SCRIPTS:
            lo, hi = match.start(), match.end()
            for a in range(max(lo, start - 3), min(hi, end)):
                for b in range(max(a + 2, start + 1), min(hi, a + 4) + 1):
                    best = max(best, zipf(line[a:b]))
        else:
            best = max(best, zipf(match.group()))
    return best, best > 0.0


INDEX_MIN_ZIPF = 2.0  # words rarer than this are not worth a place in the index


@functools.cache
def _damaged_word_index(script: str, droppable: frozenset[int]) -> dict[bytes, dict[str, float]]:
    """Real non-ASCII words of a script keyed by their UTF-8 bytes less ``droppable``.

    This maps a damaged word straight back to the dictionary words it can
    come from, however many of its characters lost a byte.
    """
    import wordfreq

    index: dict[bytes, dict[str, float]] = defaultdict(dict)
    min_freq = 10 ** (INDEX_MIN_ZIPF - 9)
    dropped = bytes(sorted(droppable))
    for lang in SCRIPT_LANGUAGES.get(script, ()):
        for word, freq in wordfreq.get_frequency_dict(lang).items():
            if freq < min_freq or word.isascii() or not WORD_RE.fullmatch(word):
                continue
            if any(_script(ch) != script for ch in set(word) if not ch.isascii()):
                continue  # e.g. Hanja in the Korean list belong to CJK
            value = math.log10(freq) + 9.0
            for form in {word, word.capitalize(), word.upper()}:
                key = form.encode("utf-8").translate(None, dropped)
                if index[key].get(form, 0.0) < value:
                    index[key][form] = value
    return dict(index)


def dictionary_candidates(run: str, page: CodePage, before: str, after: str, scripts: Iterable[str]) -> dict[str, float]:
    """Replacements for ``run`` that make its word a dictionary word of ``scripts``.

    Only for a word made of this run and ASCII letters (one damaged run per
    word); values are zipf frequencies.
    """
    left = re.search(r"[A-Za-z]*$", before).group()
    right = re.match(r"[A-Za-z]*", after).group()
    if not page.droppable or not run.strip() or any(ch.isspace() for ch in run):
        return {}
    damaged = left.encode() + page.encode_run(run) + right.encode()
    found: dict[str, float] = {}
    for script in sorted(set(scripts) - UNSPACED_SCRIPTS - {"EMOJI"}):
        for word, value in _damaged_word_index(script, page.droppable).get(damaged, {}).items():
            if word.startswith(left) and word.endswith(right) and len(word) > len(left) + len(right):
                found[word[len(left) : len(word) - len(right)]] = value
    return found


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Repair:
    line: int
    col: int
    before: str
    after: str
    inserted: int


@dataclass(frozen=True)
class Ambiguity:
    line: int
    col: int
    span: str
    candidates: tuple[str, ...]


@dataclass
class RepairResult:
    text: str
    code_page: str | None = None
    depth: int = 0
    repairs: list[Repair] = field(default_factory=list)
    ambiguous: list[Ambiguity] = field(default_factory=list)
    unresolved: list[Ambiguity] = field(default_factory=list)  # could not be decoded at all

    @property
    def changed(self) -> bool:
        return bool(self.repairs)


@dataclass(frozen=True)
class _Run:
    start: int
    end: int
    text: str
    keycap_base: bool
    left: str  # the character before the run ("" at the start)
    right: str  # the character after it


def _runs(text: str, page: CodePage) -> Iterator[_Run]:
    table = page.byte_of
    i, n = 0, len(text)
    while i < n:
        if text[i] in table:
            j = i
            while j < n and text[j] in table:
                j += 1
            left, right = text[i - 1 : i], text[j : j + 1]
            yield _Run(i, j, text[i:j], left in KEYCAP_BASES and left != "", left, right)
            i = j
        else:
            i += 1


def _context(text: str, run: _Run) -> str:
    return text[max(0, run.start - 1) : run.end + 1]


def _saving(text: str, run: _Run, page: CodePage, depth: int) -> tuple[float, Reading | None]:
    """Cost saved by the best decoding of ``run`` (0 and None if nothing decodes)."""
    clean = literal_cost(run.text, _context(text, run))
    if depth == 1:
        keep = [REJECT_LITERAL_COST if char_cost(c) is None else char_cost(c) for c in run.text]
        readings = read_run(run.text, page, run.keycap_base, keep, run.left, run.right)
    else:
        readings = read_run_twice(run.text, page, run.keycap_base, run.left, run.right)
    # Genuine damage decodes whole runs: a reading that keeps characters is no evidence.
    if not readings or not readings[0].decoded or readings[0].kept:
        return 0.0, None
    # A reading that still looks like mojibake (one layer of two) saves less.
    best = readings[0]
    return max(0.0, clean - best.cost - BADNESS_WEIGHT * badness(best.text)), best


def _evidence(text: str, page: CodePage, depth: int) -> float:
    """Cost saved by decoding every run of ``text`` under ``page`` at ``depth``."""
    return sum(_saving(text, run, page, depth)[0] for run in _runs(text, page))


def vote(text: str) -> tuple[CodePage | None, int, dict[tuple[str, int], float]]:
    """Which code page (and depth) did the damage, or None; with every score."""
    scores: dict[tuple[str, int], float] = {}
    # Ties go to the earlier (more common) code page and to the shallower depth.
    best: tuple[float, CodePage | None, int] = (VOTE_MIN_EVIDENCE - 1e-9, None, 0)
    for page in code_pages():
        for depth in (1, 2):
            score = _evidence(text, page, depth)
            scores[(page.name, depth)] = score
            if score > best[0] + (0.5 if depth == 2 else 0.0):
                best = (score, page, depth)
    return best[1], best[2], scores


def _uncertain(text: str, scores: dict[tuple[str, int], float]) -> list[Ambiguity]:
    """Spans that look damaged in a file with too little evidence to repair it."""
    (name, depth), score = max(scores.items(), key=lambda item: item[1], default=(("", 1), 0.0))
    if score <= 0:
        return []
    page = next(p for p in code_pages() if p.name == name)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found = []
    for run in _runs(text, page):
        saving, reading = _saving(text, run, page, depth)
        if saving > 0 and reading is not None:
            found.append(Ambiguity(*_line_col(run.start, line_starts), run.text, (reading.text, run.text)))
    return found


def _line_col(offset: int, line_starts: list[int]) -> tuple[int, int]:
    line = bisect.bisect_right(line_starts, offset)
    return line, offset - line_starts[line - 1] + 1


def repair(text: str) -> RepairResult:
    """Repair ``text`` (a whole file): the main entry point."""
    page, depth, scores = vote(text)
    if page is None:
        # Clean, or too little evidence to call it damaged: then say where it looks damaged.
        return RepairResult(text, ambiguous=_uncertain(text, scores))
    runs = list(_runs(text, page))
    readings = [_readings(run, page, depth) for run in runs]
    # Pass 1 decides each run with the text before it already repaired; pass 2
    # retries the ties once their neighbours (words split by ASCII) are repaired.
    choices: list[Reading | None] = []
    pieces = _Pieces(text, runs)
    for i, run in enumerate(runs):
        choices.append(_decide(readings[i], pieces.context(i), run, page))
        pieces.set(i, choices[i])
    for i, run in enumerate(runs):
        if choices[i] is None:
            choices[i] = _decide(readings[i], pieces.context(i), run, page)
            pieces.set(i, choices[i])

    result = RepairResult(text, page.name, depth)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for run, options, choice in zip(runs, readings, choices):
        line, col = _line_col(run.start, line_starts)
        if choice is None:
            close = tuple(r.text for r in options if r.cost < options[0].cost + TIE_MARGIN)
            result.ambiguous.append(Ambiguity(line, col, run.text, close))
        elif not choice.decoded:
            if badness(_context(text, run)) or any(_utf8_length(page.byte_of[c]) for c in run.text):
                result.unresolved.append(Ambiguity(line, col, run.text, ()))
        else:
            if choice.kept:
                result.unresolved.append(Ambiguity(line, col, run.text, (choice.text,)))
            if choice.text != run.text:
                result.repairs.append(Repair(line, col, run.text, choice.text, choice.inserted))
    result.text = pieces.text()
    return result


def _readings(run: _Run, page: CodePage, depth: int) -> list[Reading]:
    readings = read_run_twice(run.text, page, run.keycap_base, run.left, run.right) if depth == 2 else []
    return readings or read_run(run.text, page, run.keycap_base, left=run.left, right=run.right)


class _Pieces:
    """The text as runs are decided: each run replaced by its choice so far."""

    def __init__(self, text: str, runs: list[_Run]) -> None:
        self.parts: list[str] = []
        self.slots: list[int] = []
        pos = 0
        for run in runs:
            self.parts.append(text[pos : run.start])
            self.slots.append(len(self.parts))
            self.parts.append(run.text)
            pos = run.end
        self.parts.append(text[pos:])

    def set(self, i: int, choice: Reading | None) -> None:
        if choice is not None:
            self.parts[self.slots[i]] = choice.text

    def context(self, i: int) -> tuple[str, str]:
        """The current text of run ``i``'s line before and after the run."""
        slot = self.slots[i]
        before = "".join(self.parts[max(0, slot - 8) : slot])
        after = "".join(self.parts[slot + 1 : slot + 9])
        return before[before.rfind("\n") + 1 :], after.split("\n", 1)[0]

    def text(self) -> str:
        return "".join(self.parts)


def _decide(readings: list[Reading], context: tuple[str, str], run: _Run, page: CodePage) -> Reading | None:
    """The reading to use, or None for a tie that nothing settles."""
    if not readings:
        return None
    best = readings[0]
    close = {r.text: r for r in readings if r.cost < best.cost + TIE_MARGIN}
    if len(close) == 1:
        return best
    before, after = context
    scored: dict[str, tuple[float, bool]] = {}
    for text in close:
        scored[text] = lexical_support(before + text + after, len(before), len(before) + len(text))
    # Words whose decoding fell outside the k best: look the damaged word up directly.
    scripts = {_script(ch) for text in close for ch in text if ud.category(ch).startswith("L")}
    for text, value in dictionary_candidates(run.text, page, before, after, scripts).items():
        reading = close.get(text) or _reading_of(text, run, page)
        if reading is not None and reading.cost < best.cost + TIE_MARGIN:
            close[text] = reading
            scored[text] = max(scored.get(text, (0.0, False)), (value, True))
    ranked = sorted(close, key=lambda text: -scored[text][0])
    (top, top_is_word), (second, second_is_word) = scored[ranked[0]], scored[ranked[1]]
    margin = WORD_VS_WORD_MARGIN if second_is_word else LEXICAL_MARGIN
    if top_is_word and top - max(second, ZIPF_FLOOR) >= margin:
        return close[ranked[0]]
    return None


def _reading_of(text: str, run: _Run, page: CodePage) -> Reading | None:
    """The cost of reading ``run`` as ``text``, character by character."""
    costs = [char_cost(ch) for ch in text]
    if any(c is None for c in costs):
        return None
    inserted = len(text.encode("utf-8")) - len(run.text)
    token = Token(text, len(run.text), inserted, sum(costs) + INSERT_COST * inserted, True)
    return Reading(text, token.cost, (token,))


def fix_text(text: str) -> str:
    """Repaired text only; ambiguous spans are left as they were."""
    return repair(text).text


def suspects(text: str) -> list[Ambiguity]:
    """Every span of ``text`` that looks like mojibake, in order."""
    result = repair(text)
    found = [Ambiguity(r.line, r.col, r.before, (r.after,)) for r in result.repairs]
    found += result.ambiguous + result.unresolved
    return sorted(set(found), key=lambda a: (a.line, a.col))


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------
CHECK_SUFFIXES = (".md", ".txt", ".yml", ".yaml", ".json", ".html")


def _expand(paths: Sequence[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in CHECK_SUFFIXES)
        else:
            yield path


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SystemExit(f"{path}: not UTF-8 (byte 0x{data[err.start]:02X} at offset {err.start})") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="fix_mojibake.py",
        description="Repair UTF-8 text that was decoded with the wrong code page.",
    )
    parser.add_argument("files", nargs="*", help="files to repair (default: stdin)")
    parser.add_argument("--check", action="store_true", help="list suspected mojibake in files or folders; exit 1 if any")
    parser.add_argument("--report", action="store_true", help="list every repair and ambiguous span on stderr")
    args = parser.parse_args(argv)

    if args.check:
        if not args.files:
            parser.error("--check needs at least one file or folder")
        found = 0
        for path in _expand(args.files):
            for spot in suspects(_read(path)):
                print(f"{path}:{spot.line}:{spot.col}: suspected mojibake '{spot.span}'")
                found += 1
        return 1 if found else 0

    sources = [(str(p), _read(p)) for p in _expand(args.files)] if args.files else [("<stdin>", sys.stdin.read())]
    for name, text in sources:
        result = repair(text)
        sys.stdout.write(result.text)
        if args.report:
            _report(name, result)
    return 0


def _report(name: str, result: RepairResult) -> None:
    err = sys.stderr
    if result.code_page is None:
        print(f"{name}: clean, nothing repaired", file=err)
        return
    print(f"{name}: damage by {result.code_page} (depth {result.depth}): "
          f"{len(result.repairs)} repairs, {len(result.ambiguous)} ambiguous, {len(result.unresolved)} unresolved", file=err)
    for r in result.repairs:
        note = f" ({r.inserted} dropped byte{'s' if r.inserted != 1 else ''} restored)" if r.inserted else ""
        print(f"{name}:{r.line}:{r.col}: repaired '{r.before}' -> '{r.after}'{note}", file=err)
    for a in result.ambiguous:
        options = ", ".join(f"'{c}'" for c in a.candidates)
        print(f"{name}:{a.line}:{a.col}: ambiguous '{a.span}' left as it is (candidates: {options})", file=err)
    for a in result.unresolved:
        print(f"{name}:{a.line}:{a.col}: could not decode '{a.span}'", file=err)


if __name__ == "__main__":
    sys.exit(main())
