"""Generate realistic clean lines and damage them the ways mojibake happens.

The one job of this module is to provide the test and benchmark corpus for
``fix_mojibake``: clean text built from real data (wordfreq's word lists, the
emoji package's sequences, everyday typography) and the corruption forms seen
in the author's notes.

    >>> from deis.corpus import corrupt, generate_lines
    >>> corrupt("a → b", "mac-roman")
    'a ‚Üí b'
    >>> corrupt("🔴 Hard", "mac-roman-lost")
    'üî¥ Hard'

Two corpora: ``generate_lines`` (tech sentences with typography, words of 17
languages and emoji) and ``generate_cjk_lines`` (most lines in Chinese or
Japanese), which ``CJK_FORMS`` damage.
"""

from __future__ import annotations

import functools
import random
from typing import Callable

import emoji
import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-*)


def _via(codec: str, errors: str = "strict") -> Callable[[str], str]:
    return lambda text: text.encode("utf-8").decode(codec, errors)


def _mac_roman_lost(text: str) -> str:
    # Mac Roman reads byte 0xF0 (the lead byte of every emoji) as U+F8FF, a private-use
    # character (the Apple logo) that fonts, editors and web forms often drop.
    return _via("mac_roman")(text).replace("\uf8ff", "")


# Each form turns clean text into what a wrong decode left behind.
FORMS: dict[str, Callable[[str], str]] = {
    # UTF-8 read as Windows-1252, the five undefined bytes dropped.
    "cp1252-dropped": _via("cp1252", "ignore"),
    # UTF-8 read as Windows-1252, undefined bytes kept as C1 controls.
    "cp1252-c1": _via("sloppy-windows-1252"),
    "latin-1": _via("latin-1"),
    # Python's mac_roman maps byte 0xF0 to U+F8FF, as in the author's notes.
    "mac-roman": _via("mac_roman"),
    # Mac Roman with every U+F8FF (byte 0xF0) lost on the way: "üî¥" for 🔴.
    "mac-roman-lost": _mac_roman_lost,
    "cp1250": _via("sloppy-windows-1250"),
    # UTF-8 read as Windows-1250, its five undefined bytes dropped.
    "cp1250-dropped": _via("cp1250", "ignore"),
    # UTF-8 read as Windows-1252, written as UTF-8 and read as Windows-1252 again.
    "double": lambda text: _via("sloppy-windows-1252")(_via("sloppy-windows-1252")(text)),
}


# The forms that lose bytes, for the corpus of Chinese and Japanese lines: there a lost
# byte leaves several real characters to choose from.
CJK_FORMS = ("cp1252-dropped", "cp1250-dropped")


def corrupt(text: str, form: str) -> str:
    return FORMS[form](text)


TYPOGRAPHY_SNIPPETS = (
    "“{w}”", "‘{w}’", "{w}’s", "{w}…", "{w} — {w}", "{w} → {w}", "{w} ← {w}", "10×", "{w} • {w}",
    "€{n}", "£{n}", "{n}°C", "{n} ± {n}", "≥ {n}", "≤ {n}", "© {w}", "{w}™", "«{w}»", "„{w}“",
    "{n}–{n}", "½", "§{n}", "{w} · {w}", "x²", "→", "✓ {w}", "★",
)
TECH_SENTENCES = (
    "The daily job failed at {n}:00",
    "Kafka lag increased to {n} messages",
    "Spark job slow after the upgrade",
    "Write to staging, run quality checks, then publish",
    "Partition by {w} and order by event time",
    "Retry with exponential backoff",
    "Checkpoint says offset {n}",
    "Use MERGE for idempotent upserts",
    "Dashboard shows wrong totals for {w}",
    "Schema changed upstream without notice",
)
LANGUAGES = ("pt", "es", "fr", "de", "it", "cs", "pl", "tr", "sv", "ru", "uk", "el", "zh", "ja", "ko", "vi", "hu")


@functools.cache
def _words(lang: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Non-ASCII words of ``lang`` among its 3,000 most frequent, with frequencies."""
    import wordfreq

    freqs = wordfreq.get_frequency_dict(lang)  # direct look-ups: no tokenizer needed
    words = [w for w in wordfreq.top_n_list(lang, 3000) if any(ord(c) > 127 for c in w) and w.isalpha()]
    return tuple(words), tuple(freqs[w] for w in words)


@functools.cache
def _emoji() -> tuple[str, ...]:
    """Every fully-qualified emoji sequence (ZWJ, keycap, flag, skin tone, VS16)."""
    fq = emoji.STATUS["fully_qualified"]
    return tuple(sorted(e for e, d in emoji.EMOJI_DATA.items() if d["status"] == fq))


@functools.cache
def _frequent_emoji() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Fully-qualified emoji with a usage frequency in wordfreq's English list."""
    import wordfreq

    freqs = wordfreq.get_frequency_dict("en")
    pairs = [(e, freqs.get(e, 0.0)) for e in _emoji()]
    pairs = [(e, f) for e, f in pairs if f > 0]
    return tuple(e for e, _ in pairs), tuple(f for _, f in pairs)


def pick_word(rng: random.Random, lang: str) -> str:
    """A word as it occurs in running text: drawn by its frequency."""
    words, weights = _words(lang)
    return rng.choices(words, weights)[0]


UNIFORM_EMOJI_SHARE = 0.3  # emoji drawn from all sequences alike, not by usage


def pick_emoji(rng: random.Random, uniform_share: float = UNIFORM_EMOJI_SHARE) -> str:
    """An emoji by usage frequency, or (``uniform_share`` of the time) any emoji at all."""
    if rng.random() < uniform_share:
        return rng.choice(_emoji())
    emojis, weights = _frequent_emoji()
    return rng.choices(emojis, weights)[0]


@functools.cache
def own_frequencies(lang: str) -> dict[str, float]:
    """The probability of each word the generator draws for ``lang``: its true distribution.

    The dictionary the repair would need to do its best on this corpus
    (``repair.use_word_frequencies``): the words of ``pick_word`` by their
    weights, and for ``en`` (where the repair looks up emoji) the emoji of
    ``pick_emoji``, a mix of usage frequency and uniform draws.  Each sums to 1.
    """
    if lang == "en":
        emojis, weights = _frequent_emoji()
        total = sum(weights)
        every = _emoji()
        probability = dict.fromkeys(every, UNIFORM_EMOJI_SHARE / len(every))
        for e, weight in zip(emojis, weights):
            probability[e] += (1 - UNIFORM_EMOJI_SHARE) * weight / total
        return probability
    if lang not in LANGUAGES:
        return {}
    words, weights = _words(lang)
    total = sum(weights)
    return {word: weight / total for word, weight in zip(words, weights)}


def _fill(template: str, rng: random.Random) -> str:
    while "{w}" in template or "{n}" in template:
        template = template.replace("{w}", rng.choice(("job", "data", "Kafka", "SLA", "lag", "cost")), 1)
        template = template.replace("{n}", str(rng.randint(1, 999)), 1)
    return template


# Share of line parts that are emoji, and of lines under an emoji heading: about 29% of
# lines hold an emoji, four times the author's notes (34 of 483 non-blank lines, 7%).
EMOJI_PART_SHARE = 0.10
EMOJI_HEADING_SHARE = 0.12


def _line_of(parts: list[str], rng: random.Random) -> str:
    """The parts in a random order; at times under an emoji heading."""
    rng.shuffle(parts)
    line = " ".join(parts)
    if rng.random() < EMOJI_HEADING_SHARE:
        line = f"## {pick_emoji(rng)} {line}"
    return line


def generate_line(rng: random.Random) -> str:
    """One clean line: a sentence with some typography, foreign words or emoji."""
    parts = [_fill(rng.choice(TECH_SENTENCES), rng)]
    for _ in range(rng.randint(1, 3)):
        kind = rng.random()
        if kind < EMOJI_PART_SHARE:
            parts.append(pick_emoji(rng))
        elif kind < 0.5:
            parts.append(_fill(rng.choice(TYPOGRAPHY_SNIPPETS), rng))
        else:
            lang = rng.choice(LANGUAGES)
            parts.append(" ".join(pick_word(rng, lang) for _ in range(rng.randint(1, 3))))
    return _line_of(parts, rng)


def generate_lines(count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [generate_line(rng) for _ in range(count)]


# Full-width punctuation as Chinese and Japanese prose uses it (、 and ！ lose a byte in
# cp1252 and cp1250, 」 in cp1252, （ in cp1250).
CJK_PUNCTUATION = ("，", "。", "、", "：", "；", "！", "？", "「{}」", "（{}）", "《{}》")
CJK_LINE_SHARE = 0.85  # the rest are lines of the mixed corpus


def _cjk_sentence(rng: random.Random, lang: str) -> str:
    """Words of ``lang`` run together, as Chinese and Japanese are written, with punctuation."""
    parts = []
    for _ in range(rng.randint(4, 12)):
        word = pick_word(rng, lang)
        if rng.random() < 0.15:
            mark = rng.choice(CJK_PUNCTUATION)
            word = mark.format(word) if "{}" in mark else word + mark
        parts.append(word)
    return "".join(parts)


def generate_cjk_line(rng: random.Random) -> str:
    """One clean line, most often in Chinese or Japanese, at times with a tech term or emoji."""
    if rng.random() >= CJK_LINE_SHARE:
        return generate_line(rng)
    lang = rng.choice(("zh", "ja"))
    parts = [_cjk_sentence(rng, lang)]
    kind = rng.random()
    if kind < 0.3:
        parts.append(_fill(rng.choice(("{w}", "Kafka {w}", "Spark", "{n}%", "{n} ms")), rng))
    elif kind < 0.4:
        parts.append(pick_emoji(rng))
    elif kind < 0.6:
        parts.append(_fill(rng.choice(TYPOGRAPHY_SNIPPETS), rng))
    return _line_of(parts, rng)


def generate_cjk_lines(count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [generate_cjk_line(rng) for _ in range(count)]
