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
  cost that decoding whole runs saves.  Equal evidence goes to the earlier
  (more common) code page and to depth 1; depth 2 must save
  ``DOUBLE_ENCODING_BIAS`` more.  Where another code page or depth comes within
  ``TIE_MARGIN`` of the winner and reads a run differently, that run is
  reported as ambiguous: the order would otherwise decide it.  A file with no
  evidence is clean and is returned unchanged; a file with some, but too
  little to be sure, is returned unchanged with the suspicious spans reported.
* Each run of non-ASCII characters is mapped back to bytes, cut where no
  reading can cross, and each stretch decoded by a k-best search over UTF-8
  tokens.  Where a code page leaves bytes undefined (0x81 0x8D 0x8F 0x90 0x9D
  in cp1252) or reads one as a private-use character that systems drop (0xF0,
  U+F8FF in Mac Roman: the lead byte of every emoji), a decoder may have lost
  them, so candidate bytes are put back: inside cut-short sequences, or as the
  lead byte before continuation bytes.  Tokens include whole emoji sequences
  from the ``emoji`` package (ZWJ, keycap, flag, skin-tone, VS16) so that a
  sequence wins over stray joiners and selectors.
* Costs prefer typography (Western and Chinese/Japanese) and letters over rare
  symbols, format characters and variation selectors; unassigned code points
  (``unicodedata2``, current Unicode), controls and private-use characters are
  never produced.
* Where candidates come within ``TIE_MARGIN`` of each other, word frequencies
  (``wordfreq``) settle the tie if one candidate is a real word at least ten
  times (``LEXICAL_MARGIN``) as frequent as the runner-up, or 100 times
  (``WORD_VS_WORD_MARGIN``) if the runner-up is a real word too.  In Chinese
  and Japanese, which have no spaces, each stretch that lost bytes is settled
  on its own: by the likeliest reading of its sentence as dictionary words
  (words found by their damaged bytes), by brackets that must pair up, with
  the same margins; a stretch that nothing settles is left as it was and
  reported on its own, while the rest of the line is repaired.  Otherwise the
  span is left as it is and reported as ambiguous, and a repair that
  frequency settled names what it was chosen over (``--report``): the tool
  never guesses silently.

The command line is ``scripts/fix_mojibake.py`` (repair files, ``--report``, ``--check``).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator, Mapping, Sequence

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
DOUBLE_ENCODING_BIAS = 0.5  # what double encoding must save beyond the best single reading
MIXED_SCRIPT_COST = 3.0  # a decoded non-Latin letter glued to ASCII letters
MISPLACED_QUOTE_COST = 1.0  # in the vote: a decoded quote on the wrong side of its word
TIE_MARGIN = 1.0  # candidates (and code pages in the vote) closer than this are a tie
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
# The punctuation of Chinese and Japanese prose: cheaper than symbols, yet close enough to
# a letter to tie with it (in cp1250, 、 and ダ, ・ and ほ share their damaged bytes).
CJK_TYPOGRAPHY = frozenset("、。，：；！？「」『』（）《》〈〉【】・～〜")
CJK_TYPOGRAPHY_COST = 1.5
CJK_BRACKETS = dict(zip("「『【《〈（〔〖〘〚", "」』】》〉）〕〗〙〛"))

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
    droppable: frozenset[int]  # bytes the strict codec leaves undefined, or reads as private use

    @property
    def droppable_continuations(self) -> frozenset[int]:
        """The droppable bytes that can stand inside a UTF-8 sequence (not Mac Roman's 0xF0)."""
        return frozenset(b for b in self.droppable if _is_continuation(b))

    def encode_run(self, run: str) -> bytes:
        return bytes(self.byte_of[ch] for ch in run)


def _code_page(name: str, codec: str, strict_codec: str | None) -> CodePage:
    byte_of: dict[str, int] = {}
    droppable: set[int] = set()
    for byte in range(0x80, 0x100):
        ch = bytes([byte]).decode(codec)
        byte_of[ch] = byte
        if ud.category(ch) == "Co":
            droppable.add(byte)  # Mac Roman's 0xF0 is U+F8FF, which fonts and forms often drop
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
    if ch in CJK_TYPOGRAPHY:
        return CJK_TYPOGRAPHY_COST
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


def _is_continuation(byte: int) -> bool:
    return 0x80 <= byte <= 0xBF


@functools.lru_cache(maxsize=500_000)
def _char_readings(window: bytes, droppable: frozenset[int]) -> tuple[tuple[str, int, int], ...]:
    """Every (char, bytes consumed, bytes inserted) reading of ``window``'s start.

    A dropped continuation byte is re-inserted inside a cut-short sequence; a
    dropped lead byte (Mac Roman's 0xF0) is put back before continuation bytes
    that nothing else can start.
    """
    fills = tuple(sorted(b for b in droppable if _is_continuation(b)))
    readings = list(_continued_readings(window, fills))
    if _is_continuation(window[0]):
        for lead in sorted(b for b in droppable if _utf8_length(b)):
            for ch, consumed, inserted in _continued_readings(bytes([lead]) + window, fills):
                readings.append((ch, consumed - 1, inserted + 1))
    return tuple(readings)


def _continued_readings(window: bytes, fills: tuple[int, ...]) -> Iterator[tuple[str, int, int]]:
    """Readings of the sequence that ``window``'s lead byte starts, with ``fills`` re-inserted."""
    lead = window[0]
    length = _utf8_length(lead)
    if not length:
        return
    available = 0
    for byte in window[1:length]:
        if _is_continuation(byte):
            available += 1
        else:
            break
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
                yield ch, 1 + real, need


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
class OpenTie:
    """A stretch of a run that nothing settles: left as it was, with its candidates."""

    offset: int  # characters from the start of the run
    span: str
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class Reading:
    text: str
    cost: float
    tokens: tuple[Token, ...]
    over: tuple[str, ...] = ()  # the tied readings that the dictionary chose this one over
    open: tuple[OpenTie, ...] = ()  # stretches left as they were: a tie that nothing settles

    @property
    def decoded(self) -> bool:
        return any(t.decoded for t in self.tokens)

    @property
    def kept(self) -> str:
        return "".join(t.text for t in self.tokens if not t.decoded)

    @property
    def inserted(self) -> int:
        return sum(t.inserted for t in self.tokens)


def tied(readings: Sequence[Reading]) -> list[Reading]:
    """The readings (cheapest first) that come within ``TIE_MARGIN`` of the cheapest: a tie."""
    return [r for r in readings if r.cost < readings[0].cost + TIE_MARGIN] if readings else []


def _mixed_script_cost(text: str, left: str, right: str) -> float:
    """Penalty for letters of another script glued to the ASCII letters around."""
    cost = 0.0
    if text and left.isascii() and left.isalpha() and _is_foreign_letter(text[0]):
        cost += MIXED_SCRIPT_COST
    if text and right.isascii() and right.isalpha() and _is_foreign_letter(text[-1]):
        cost += MIXED_SCRIPT_COST
    return cost


def _misplaced_quote_cost(text: str, left: str, right: str) -> float:
    """Penalty for a quote on the wrong side of its word: ” before a word, ‘ or “ after one.

    (German closes with “ and ‘, Swedish opens with ”: a penalty, not a ban.)
    """
    cost = 0.0
    for i, ch in enumerate(text):
        if ch not in "”‘“":
            continue
        before = text[i - 1] if i else left
        after = text[i + 1] if i + 1 < len(text) else right
        opening = not before.isalnum() and after.isalnum()
        closing = before.isalnum() and not after.isalnum()
        if (ch == "”" and opening) or (ch != "”" and closing):
            cost += MISPLACED_QUOTE_COST
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
    joined: dict[str, tuple[float, tuple[Token, ...]]] = {"": (0.0, ())}
    for segment in read_segments(run, page, keycap_base, keep_costs):
        pairs = {}
        for text, (cost, path) in joined.items():
            for reading in segment.readings:
                new_text, new_cost = text + reading.text, cost + reading.cost
                old = pairs.get(new_text)
                if old is None or new_cost < old[0]:
                    pairs[new_text] = (new_cost, path + reading.tokens)
        joined = dict(sorted(pairs.items(), key=lambda item: item[1][0])[:K_BEST])
    final = [Reading(text, cost + _mixed_script_cost(text, left, right), path) for text, (cost, path) in joined.items()]
    return sorted(final, key=lambda r: r.cost)[:K_BEST]


@dataclass(frozen=True)
class Segment:
    """A stretch of a run that no reading crosses: its bytes and its best readings."""

    start: int  # byte offsets in the run's bytes
    end: int
    readings: tuple[Reading, ...]  # cheapest first; costs without the run's context


def read_segments(
    run: str, page: CodePage, keycap_base: bool = False, keep_costs: Sequence[float] | None = None
) -> list[Segment]:
    """The run cut where no token can cross, each stretch read by a k-best search over tokens.

    Stretches are read apart so that the choices in one (a lost byte in a long
    line of Chinese) do not crowd the choices of another out of the k best.
    """
    data = page.encode_run(run)
    tokens = []
    for i in range(len(data)):
        tokens.append(_tokens_at(data, run, i, page, keycap_base))
        if keep_costs is not None:
            tokens[i][0] = Token(run[i], 1, 0, keep_costs[i], False)
    cuts = _cuts(tokens)
    return [Segment(start, end, _read_stretch(tokens, start, end)) for start, end in zip(cuts, cuts[1:])]


def _cuts(tokens: Sequence[Sequence[Token]]) -> list[int]:
    """Byte offsets where every reading has a token boundary, with 0 and the end."""
    n = len(tokens)
    crossed = [False] * (n + 1)
    for i, here in enumerate(tokens):
        for token in here:
            for j in range(i + 1, min(n, i + token.consumed)):
                crossed[j] = True
    return [0] + [j for j in range(1, n) if not crossed[j]] + [n]


def _read_stretch(tokens: Sequence[Sequence[Token]], start: int, end: int) -> tuple[Reading, ...]:
    """The ``K_BEST`` cheapest readings of bytes ``start:end``, by a beam over token positions."""
    beams: dict[int, dict[str, tuple[float, tuple[Token, ...]]]] = defaultdict(dict)
    beams[start][""] = (0.0, ())
    for i in range(start, end):
        if not beams[i]:
            continue
        best = sorted(beams[i].items(), key=lambda item: item[1][0])[:K_BEST]
        for text, (cost, path) in best:
            for token in tokens[i]:
                j = i + token.consumed
                new_text = text + token.text
                new_cost = cost + token.cost
                old = beams[j].get(new_text)
                if old is None or new_cost < old[0]:
                    beams[j][new_text] = (new_cost, path + (token,))
    ranked = sorted(beams[end].items(), key=lambda item: item[1][0])[:K_BEST]
    return tuple(Reading(text, cost, path) for text, (cost, path) in ranked)


def read_run_twice(run: str, page: CodePage, keycap_base: bool, left: str = "", right: str = "") -> list[Reading]:
    """Readings of a doubly encoded run: one strict layer, then ``read_run``."""
    inner = _text_at_depth(run, page, 2)
    return [] if inner is None else read_run(inner, page, keycap_base, left=left, right=right)


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
    "KATAKANA-HIRAGANA": ("ja",),  # ー, the long-vowel mark
    "IDEOGRAPHIC": ("zh", "ja"),  # 々, the iteration mark
    "HANGUL": ("ko",),
    "ARABIC": ("ar", "fa", "ur"),
    "HEBREW": ("he",),
    "EMOJI": ("en",),  # wordfreq's English list counts emoji (from social media text)
}
UNSPACED_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "IDEOGRAPHIC"})
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


_word_frequencies: Callable[[str], Mapping[str, float]] | None = None  # None: wordfreq's lists


def use_word_frequencies(source: Callable[[str], Mapping[str, float]] | None) -> None:
    """Settle ties with ``source(lang)`` (word -> frequency) instead of wordfreq's lists; None restores them.

    For measurement, not for use: ``bench_mojibake.py`` hands the repair its
    corpus's own word lists to show the best any word-frequency dictionary
    can do on that corpus.
    """
    global _word_frequencies
    _word_frequencies = source
    for cached in (_frequency_dict, _frequency_dicts, _damaged_word_index, _unspaced_word_index, _char_zipf):
        cached.cache_clear()


@functools.cache
def _frequency_dict(lang: str) -> Mapping[str, float]:
    if _word_frequencies is not None:
        return _word_frequencies(lang)
    import wordfreq  # loaded only when a tie needs it

    return wordfreq.get_frequency_dict(lang)


@functools.cache
def _frequency_dicts(script: str) -> tuple[dict[str, float], ...]:
    return tuple(_frequency_dict(lang) for lang in SCRIPT_LANGUAGES.get(script, ()))


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
UNSPACED_WORD_MIN, UNSPACED_WORD_MAX = 2, 8  # Chinese and Japanese words (katakana loans run long)


@functools.cache
def _damaged_word_index(script: str, droppable: frozenset[int]) -> dict[bytes, dict[str, float]]:
    """Real non-ASCII words of a script keyed by their UTF-8 bytes less ``droppable``.

    This maps a damaged word straight back to the dictionary words it can
    come from, however many of its characters lost a byte.
    """
    index: dict[bytes, dict[str, float]] = defaultdict(dict)
    min_freq = 10 ** (INDEX_MIN_ZIPF - 9)
    dropped = bytes(sorted(droppable))
    for lang in SCRIPT_LANGUAGES.get(script, ()):
        for word, freq in _frequency_dict(lang).items():
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
    droppable = page.droppable_continuations  # the words of spaced scripts have no 4-byte letters
    if not droppable or not run.strip() or any(ch.isspace() for ch in run):
        return {}
    damaged = left.encode() + page.encode_run(run) + right.encode()
    found: dict[str, float] = {}
    for script in sorted(set(scripts) - UNSPACED_SCRIPTS - {"EMOJI"}):
        for word, value in _damaged_word_index(script, droppable).get(damaged, {}).items():
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
    over: tuple[str, ...] = ()  # tied readings that word frequency (or bracket pairs) ruled out


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
    if not readings or not _is_evidence(readings[0], page.encode_run(_text_at_depth(run.text, page, depth) or "")):
        return 0.0, None
    # A reading that still looks like mojibake (one layer of two) saves less, and so does one
    # that puts a quote on the wrong side of its word (” or ‘ for E2 80: cp1252 or cp1250?).
    best = readings[0]
    penalty = BADNESS_WEIGHT * badness(best.text) + _misplaced_quote_cost(best.text, run.left, run.right)
    return max(0.0, clean - best.cost - penalty), best


def _is_evidence(reading: Reading, data: bytes) -> bool:
    """Genuine damage decodes whole runs: a reading that keeps characters is no evidence,
    unless each one it keeps is a lead byte cut short (Chinese with a character that lost
    two bytes, Cyrillic in cp1250 with с or у that lost one), and it decodes more than it keeps."""
    if not reading.decoded:
        return False
    position, kept, decoded = 0, 0, 0
    for token in reading.tokens:
        if token.decoded:
            decoded += len(token.text)
        else:
            following = data[position + 1 : position + 2]
            if not _utf8_length(data[position]) or (following and _is_continuation(following[0])):
                return False
            kept += 1
        position += token.consumed
    return decoded > kept


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
            if score > best[0] + (DOUBLE_ENCODING_BIAS if depth == 2 else 0.0):
                best = (score, page, depth)
    return best[1], best[2], scores


def rivals(scores: dict[tuple[str, int], float], page: CodePage, depth: int) -> list[tuple[CodePage, int]]:
    """The other (code page, depth) pairs that explain the text as well as the winner, within ``TIE_MARGIN``.

    Where a rival reads a run differently, the vote's order would be a guess:
    that run is reported as ambiguous instead.
    """
    best = scores[(page.name, depth)]
    return [
        (other, other_depth)
        for other in code_pages()
        for other_depth in (1, 2)
        if (other.name, other_depth) != (page.name, depth)
        and scores[(other.name, other_depth)] >= VOTE_MIN_EVIDENCE
        and scores[(other.name, other_depth)] > best - TIE_MARGIN
    ]


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
    runs, readings, choices = decide_runs(text, page, depth)
    contested = _contested(runs, choices, [decide_runs(text, *rival) for rival in rivals(scores, page, depth)])

    result = RepairResult(text, page.name, depth)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for i, (run, options, choice) in enumerate(zip(runs, readings, choices)):
        line, col = _line_col(run.start, line_starts)
        if i in contested:
            choices[i] = None
            result.ambiguous.append(Ambiguity(line, col, run.text, contested[i]))
        elif choice is None:
            close = tuple(r.text for r in tied(options))
            result.ambiguous.append(Ambiguity(line, col, run.text, close))
        elif not choice.decoded and not choice.open:
            if badness(_context(text, run)) or any(_utf8_length(page.byte_of[c]) for c in run.text):
                result.unresolved.append(Ambiguity(line, col, run.text, ()))
        else:
            for tie in choice.open:
                result.ambiguous.append(Ambiguity(line, col + tie.offset, tie.span, tie.candidates))
            if len(choice.kept) > sum(len(tie.span) for tie in choice.open):
                result.unresolved.append(Ambiguity(line, col, run.text, (choice.text,)))
            if choice.text != run.text:
                result.repairs.append(Repair(line, col, run.text, choice.text, choice.inserted, choice.over))
    pieces = _Pieces(text, runs)
    for i, choice in enumerate(choices):
        pieces.set(i, choice)
    result.text = pieces.text()
    return result


def decide_runs(text: str, page: CodePage, depth: int) -> tuple[list[_Run], list[list[Reading]], list[Reading | None]]:
    """Every damaged run of ``text`` under ``page``, its readings, and the reading chosen (None: a tie)."""
    runs = list(_runs(text, page))
    readings = [_readings(run, page, depth) for run in runs]
    # Pass 1 decides each run with the text before it already repaired; pass 2
    # retries the ties (and runs left partly open) once their neighbours are repaired.
    choices: list[Reading | None] = []
    pieces = _Pieces(text, runs)
    for i, run in enumerate(runs):
        choices.append(_decide(readings[i], pieces.context(i), run, page, depth))
        pieces.set(i, choices[i])
    for i, run in enumerate(runs):
        if choices[i] is None or choices[i].open:
            choices[i] = _decide(readings[i], pieces.context(i), run, page, depth)
            pieces.set(i, choices[i])
    return runs, readings, choices


def _contested(
    runs: list[_Run], choices: list[Reading | None], rival_decisions: list[tuple[list[_Run], list, list[Reading | None]]]
) -> dict[int, tuple[str, ...]]:
    """Runs (by index) that a rival code page decodes differently, with both readings."""
    contested: dict[int, tuple[str, ...]] = {}
    for rival_runs, _, rival_choices in rival_decisions:
        by_span = {(run.start, run.end): choice for run, choice in zip(rival_runs, rival_choices)}
        for i, (run, choice) in enumerate(zip(runs, choices)):
            other = by_span.get((run.start, run.end))
            if choice is None or not choice.decoded or other is None or not other.decoded:
                continue
            if other.text != choice.text:
                contested[i] = tuple(dict.fromkeys(contested.get(i, (choice.text,)) + (other.text,)))
    return contested


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


def _decide(readings: list[Reading], context: tuple[str, str], run: _Run, page: CodePage, depth: int) -> Reading | None:
    """The reading to use, or None for a tie that nothing settles."""
    if not readings:
        return None
    best = readings[0]
    close = {r.text: r for r in tied(readings)}
    if len(close) == 1:
        return best
    if any(_script(ch) in UNSPACED_SCRIPTS for ch in best.text):
        # Chinese and Japanese: each lost byte is a choice of its own, settled by the words
        # around it.  (The whole-run look-up below cannot tell which choice a word supports.)
        settled = settle_unspaced(run, page, depth, best, context)
        if settled is not None:
            return replace(settled, over=tuple(text for text in close if text != settled.text))
        return None
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
    winner = frequency_winner(scored)
    return None if winner is None else replace(close[winner], over=tuple(text for text in close if text != winner))


def frequency_winner(scored: dict[str, tuple[float, bool]]) -> str | None:
    """The candidate that word frequency settles a tie for, or None.

    ``scored`` maps each candidate to (zipf, is it a real word).  The winner
    must be a real word ``LEXICAL_MARGIN`` (10x) more frequent than the
    runner-up (or than ``ZIPF_FLOOR`` if that is no word), and
    ``WORD_VS_WORD_MARGIN`` (100x) more frequent if both are real words.
    """
    ranked = sorted(scored, key=lambda text: -scored[text][0])
    (top, top_is_word), (second, second_is_word) = scored[ranked[0]], scored[ranked[1]]
    margin = WORD_VS_WORD_MARGIN if second_is_word else LEXICAL_MARGIN
    if top_is_word and top - max(second, ZIPF_FLOOR) >= margin:
        return ranked[0]
    return None


def settle_unspaced(run: _Run, page: CodePage, depth: int, best: Reading, context: tuple[str, str] = ("", "")) -> Reading | None:
    """The reading of a run of Chinese or Japanese with its ties settled stretch by stretch, or None.

    Each stretch of the run that lost bytes has its own candidates.  Where all
    candidates are Chinese or Japanese letters, each is scored by the likeliest
    way to read its sentence as dictionary words (``unspaced_scores``) and the
    tie is settled with the margins of ``likelihood_winner``.  A letter tied
    with punctuation (、 or ダ) stays in the running only if it makes a word with
    its neighbours.  Punctuation is settled by brackets that must pair up in the
    line (``balanced_choices``), emoji by their frequency.  A stretch that
    nothing settles is left as it was and named in the reading's ``open`` ties,
    so that one tie in a long line of Chinese does not leave the whole line
    damaged; in doubly encoded text (whose stretches are no characters of the
    run) it leaves the whole run a tie (None).
    """
    text = _text_at_depth(run.text, page, depth)
    if text is None:
        return None
    data = page.encode_run(text)
    segments = read_segments(text, page, run.keycap_base)
    options = [tied(seg.readings) for seg in segments]
    certain = "".join(opts[0].text for opts in options if len(opts) == 1)
    languages = unspaced_languages(context[0] + certain + context[1])
    texts = [[r.text for r in opts] for opts in options]
    scores = unspaced_scores(data, segments, texts, page, languages)
    unsettled: set[int] = set()
    for slot, choices in enumerate(options):
        if len(choices) > 1 and scores[slot]:
            winner = likelihood_winner(scores[slot])
            if winner is None:
                unsettled.add(slot)
            else:
                options[slot] = [r for r in choices if r.text == winner]
        elif len(choices) > 1 and any(len(t) == 1 and _is_unspaced_letter(t) for t in texts[slot]):
            if forms_a_word(data, segments, texts, slot, page, languages):
                unsettled.add(slot)
            else:
                options[slot] = [r for r in choices if not (len(r.text) == 1 and _is_unspaced_letter(r.text))]
    # A letter tied with punctuation and left open may make a word with its neighbours
    # (ダ of ダム); the neighbours were scored without it, so they are settled only if
    # scoring them with its letters agrees.
    letter_only = [
        [t for t in texts[slot] if len(t) == 1 and _is_unspaced_letter(t)] if slot in unsettled and not scores[slot] else []
        for slot in range(len(segments))
    ]
    if any(letter_only):
        rescored = unspaced_scores(data, segments, [letter_only[k] or texts[k] for k in range(len(segments))], page, languages)
        for slot, choices in enumerate(options):
            if slot not in unsettled and scores[slot] and len(texts[slot]) > 1:
                if not rescored[slot] or likelihood_winner(rescored[slot]) != choices[0].text:
                    unsettled.add(slot)
    before, after = context
    kept = balanced_choices(before, [[r.text for r in opts] for opts in options], after)
    for slot, choices in enumerate(options):
        if slot in unsettled:
            # The likeliest first, as the report shows them.
            texts[slot].sort(key=lambda t: -scores[slot].get(t, (-math.inf,))[0])
            continue
        choices = [r for r in choices if r.text in kept[slot]]
        if len(choices) > 1:
            winner = frequency_winner({r.text: lexical_support(r.text, 0, len(r.text)) for r in choices})
            choices = [r for r in choices if r.text == winner] if winner else choices
        options[slot] = choices
        if len(choices) != 1:
            unsettled.add(slot)
            texts[slot] = [r.text for r in choices]
    if unsettled and depth != 1:
        return None
    chosen = [
        _left_open(text, segment) if slot in unsettled else options[slot][0] for slot, segment in enumerate(segments)
    ]
    settled_text = "".join(r.text for r in chosen)
    context_cost = _mixed_script_cost(settled_text, run.left, run.right)
    if context_cost > _mixed_script_cost(best.text, run.left, run.right):
        return None
    tokens = tuple(token for r in chosen for token in r.tokens)
    ties = open_ties(text, segments, texts, unsettled)
    return Reading(settled_text, sum(r.cost for r in chosen) + context_cost, tokens, open=ties)


MAX_OPEN_CANDIDATES = 16  # combinations named for adjacent stretches left open


def open_ties(text: str, segments: Sequence[Segment], texts: Sequence[Sequence[str]], unsettled: set[int]) -> tuple[OpenTie, ...]:
    """The stretches left open, adjacent ones joined into one tie with their combined candidates."""
    ties: list[OpenTie] = []
    for _, group in itertools.groupby(sorted(unsettled), key=lambda slot, count=itertools.count(): slot - next(count)):
        slots = list(group)
        start, end = segments[slots[0]].start, segments[slots[-1]].end
        combined = itertools.product(*(texts[slot] for slot in slots))
        candidates = tuple("".join(parts) for parts in itertools.islice(combined, MAX_OPEN_CANDIDATES))
        ties.append(OpenTie(start, text[start:end], candidates))
    return tuple(ties)


def _left_open(text: str, segment: Segment) -> Reading:
    """A stretch kept as it was (depth 1: one character per byte)."""
    span = text[segment.start : segment.end]
    return Reading(span, KEEP_COST * len(span), tuple(Token(ch, 1, 0, KEEP_COST, False) for ch in span))


def forms_a_word(
    data: bytes, segments: Sequence[Segment], options: Sequence[Sequence[str]], slot: int, page: CodePage, languages: tuple[str, ...]
) -> bool:
    """Whether a letter among ``slot``'s candidates makes a dictionary word with its neighbours' letters."""
    index = _unspaced_word_index(page.droppable_continuations, languages)
    letters = [{t for t in opts if len(t) == 1 and _is_unspaced_letter(t)} for opts in options]
    for a in range(max(0, slot - UNSPACED_WORD_MAX + 1), slot + 1):
        for b in range(max(slot + 1, a + UNSPACED_WORD_MIN), min(len(segments), a + UNSPACED_WORD_MAX) + 1):
            if not all(letters[a:b]):
                continue
            for word in index.get(data[segments[a].start : segments[b - 1].end], {}):
                if len(word) == b - a and all(ch in letters[a + k] for k, ch in enumerate(word)):
                    return True
    return False


MAX_BRACKET_CHOICES = 4096  # combinations of open choices tried when pairing brackets


def balanced_choices(before: str, options: Sequence[Sequence[str]], after: str) -> list[set[str]]:
    """Of each segment's candidates, those that some best pairing of the line's brackets uses.

    Chinese and Japanese brackets (「」 【】 （） ...) come in pairs: of all the
    ways to choose among the candidates, only those that leave the fewest
    brackets unpaired are kept.  Without brackets in play nothing is dropped.
    """
    open_slots = [i for i, opts in enumerate(options) if len(opts) > 1]
    brackets = set(CJK_BRACKETS) | set(CJK_BRACKETS.values())
    if not any(ch in brackets for i in open_slots for text in options[i] for ch in text):
        return [set(opts) for opts in options]
    if math.prod(len(options[i]) for i in open_slots) > MAX_BRACKET_CHOICES:
        return [set(opts) for opts in options]
    fixed = [opts[0] for opts in options]
    best, kept = math.inf, [set() for _ in options]
    for combo in itertools.product(*(options[i] for i in open_slots)):
        for i, text in zip(open_slots, combo):
            fixed[i] = text
        unpaired = _unpaired_brackets(before + "".join(fixed) + after)
        if unpaired < best:
            best, kept = unpaired, [{text} for text in fixed]
        elif unpaired == best:
            for slot, text in enumerate(fixed):
                kept[slot].add(text)
    return kept


def _unpaired_brackets(line: str) -> int:
    stack: list[str] = []
    unpaired = 0
    for ch in line:
        if ch in CJK_BRACKETS:
            stack.append(ch)
        elif ch in CJK_BRACKETS.values():
            if stack and CJK_BRACKETS[stack[-1]] == ch:
                stack.pop()
            else:
                unpaired += 1
    return unpaired + len(stack)


def likelihood_winner(scored: dict[str, tuple[float, bool]]) -> str | None:
    """The candidate whose sentence is ``LEXICAL_MARGIN`` (10x) likelier than the runner-up's,
    ``WORD_VS_WORD_MARGIN`` (100x) if the runner-up is read as a real word too; or None.

    ``scored`` maps each candidate to (log10 probability, is it read as a real
    word: a dictionary word, or a character the dictionary has on its own).
    The same margins as ``frequency_winner``, on the probability of a sentence.
    """
    ranked = sorted(scored, key=lambda text: -scored[text][0])
    (top, top_is_word), (second, second_is_word) = scored[ranked[0]], scored[ranked[1]]
    margin = WORD_VS_WORD_MARGIN if second_is_word else LEXICAL_MARGIN
    return ranked[0] if top_is_word and top - second >= margin else None


def unspaced_languages(line: str) -> tuple[str, ...]:
    """The dictionaries for a line: Japanese if it has kana (Chinese never does), else both."""
    if any(_script(ch) in ("HIRAGANA", "KATAKANA") for ch in line):
        return ("ja",)
    return ("zh", "ja")


def unspaced_scores(
    data: bytes,
    segments: Sequence[Segment],
    options: Sequence[Sequence[str]],
    page: CodePage,
    languages: tuple[str, ...] = ("zh", "ja"),
) -> list[dict[str, tuple[float, bool]]]:
    """For each segment whose candidates are all Chinese or Japanese letters: each candidate's
    (log10 probability of the likeliest reading of its stretch as words, is its word real).

    A stretch is a row of such segments.  Words are single characters and the
    dictionary words of ``UNSPACED_WORD_MIN`` to ``UNSPACED_WORD_MAX`` characters
    (found by their damaged bytes) that agree with every segment they cover; a
    character the dictionary does not have counts as ``ZIPF_FLOOR``.  The score
    of a candidate is that of the likeliest segmentation of the stretch into
    words that uses it (a unigram model: words are independent).
    """
    scores: list[dict[str, tuple[float, bool]]] = [{} for _ in segments]
    letters = [
        set(opts) if opts and all(len(t) == 1 and _is_unspaced_letter(t) for t in opts) else set() for opts in options
    ]
    index = _unspaced_word_index(page.droppable_continuations, languages)
    slot = 0
    while slot < len(segments):
        if not letters[slot]:
            slot += 1
            continue
        end = slot
        while end < len(segments) and letters[end]:
            end += 1
        # Edges: (first slot, past-the-end slot, word, log10 probability, real word).
        edges: list[tuple[int, int, str, float, bool]] = []
        for a in range(slot, end):
            for ch in letters[a]:
                value = _char_zipf(ch, languages)
                edges.append((a, a + 1, ch, (value or ZIPF_FLOOR) - 9.0, value > 0))
            for b in range(a + UNSPACED_WORD_MIN, min(end, a + UNSPACED_WORD_MAX) + 1):
                for word, value in index.get(data[segments[a].start : segments[b - 1].end], {}).items():
                    if len(word) == b - a and all(ch in letters[a + k] for k, ch in enumerate(word)):
                        edges.append((a, b, word, value - 9.0, True))
        forward = {slot: 0.0}
        for a, b, _, logp, _ in sorted(edges):
            if a in forward and forward[a] + logp > forward.get(b, -math.inf):
                forward[b] = forward[a] + logp
        backward = {end: 0.0}
        for a, b, _, logp, _ in sorted(edges, key=lambda e: -e[1]):
            if b in backward and backward[b] + logp > backward.get(a, -math.inf):
                backward[a] = backward[b] + logp
        for a, b, word, logp, real in edges:
            if a not in forward or b not in backward:
                continue
            total = forward[a] + logp + backward[b]
            for k, ch in enumerate(word):
                if total > scores[a + k].get(ch, (-math.inf, False))[0]:
                    scores[a + k][ch] = (total, real)
        slot = end
    return scores


def _is_unspaced_letter(ch: str) -> bool:
    return ud.category(ch).startswith("L") and _script(ch) in UNSPACED_SCRIPTS


@functools.lru_cache(maxsize=None)
def _char_zipf(ch: str, languages: tuple[str, ...]) -> float:
    """A Chinese or Japanese character's zipf frequency as a word of its own (0 if unknown)."""
    freq = max(_frequency_dict(lang).get(ch, 0.0) for lang in languages)
    return math.log10(freq) + 9.0 if freq else 0.0


def _text_at_depth(run: str, page: CodePage, depth: int) -> str | None:
    """The characters that the last layer of damage left: the run itself, or its inner layer."""
    if depth == 1:
        return run
    try:
        inner = page.encode_run(run).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return inner if inner and all(ch in page.byte_of for ch in inner) else None


@functools.cache
def _unspaced_word_index(droppable: frozenset[int], languages: tuple[str, ...]) -> dict[bytes, dict[str, float]]:
    """Chinese and Japanese dictionary words (``UNSPACED_WORD_MIN``-``UNSPACED_WORD_MAX`` characters)
    keyed by their UTF-8 bytes less ``droppable``: a damaged word leads straight to its candidates."""
    index: dict[bytes, dict[str, float]] = defaultdict(dict)
    min_freq = 10 ** (INDEX_MIN_ZIPF - 9)
    dropped = bytes(sorted(droppable))
    for lang in languages:
        for word, freq in _frequency_dict(lang).items():
            if freq < min_freq or not UNSPACED_WORD_MIN <= len(word) <= UNSPACED_WORD_MAX:
                continue
            if not all(_is_unspaced_letter(ch) for ch in word):
                continue
            value = math.log10(freq) + 9.0
            key = word.encode("utf-8").translate(None, dropped)
            if index[key].get(word, 0.0) < value:
                index[key][word] = value
    return dict(index)


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
