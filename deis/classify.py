"""Propose the bucket of a scenario from its title and question.

Two proposers, both deterministic:

* **The classifier** (:func:`train_classifier`), what the importer uses. It is trained at run
  time, never pickled, on the labelled pages already on the site (``docs/scenarios/*.md``: the
  front matter's ``bucket`` and the page's title, interview question and one-minute answer),
  plus one example per bucket made of the taxonomy's own text (``data/buckets.yml``), so that
  every bucket can be proposed even with no page (a page without a bucket of the taxonomy is an
  :class:`ExamplesError`, never skipped). Features: TF-IDF over the taxonomy's terms,
  TF-IDF over the pages' words and word pairs (seen in at least two examples, at half weight),
  and the keyword rules' scores; a multinomial logistic regression ranks the buckets. It always
  proposes a bucket, with the runner-up and both probabilities.
* **The keyword rules** (:func:`build_bucket_rules`, :func:`propose_bucket`): weighted terms of
  the taxonomy. Kept for comparison (``scripts/bench_classifier.py``) and as features of the
  classifier; they propose nothing when no term matches.

``scripts/bench_classifier.py`` measures both by leave-one-out over the site's pages
(:func:`leave_one_out`). scikit-learn is imported inside :func:`train_classifier` only: the
site build never imports this module, and importing it is cheap.

Usage::

    >>> from deis import classify, vocab
    >>> buckets = vocab.load_buckets()
    >>> pages = classify.load_examples(classify.DEFAULT_PAGES, buckets)
    >>> classifier = classify.train_classifier(pages, buckets)
    >>> classifier.propose("Kafka consumer lag keeps growing").bucket
    'streaming'
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from deis import vocab

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAGES = REPO_ROOT / "docs" / "scenarios"

# Evidence a keyword proposal needs before its confidence approaches 1 (see propose_bucket).
CONFIDENCE_PRIOR = 1.0
# The classifier's settings, chosen by leave-one-out on the site's pages (bench_classifier.py).
WORDS_WEIGHT = 0.5  # the pages' own words, beside the taxonomy's terms (weight 1)
WORDS_MIN_DF = 2  # a word or pair seen in one example only says nothing about a bucket
RULES_WEIGHT = 3.0  # the keyword rules' scores, as features
REGULARISATION_C = 10.0
RANDOM_STATE = 0
# Sections of a page that the classifier learns from, beside the title.
TRAINING_SECTIONS = ("Interview Question", "In one minute")
QUESTION_SECTION = "Interview Question"


# --- proposals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """A bucket proposal with its confidence and the runner-up."""

    bucket: str | None
    confidence: float
    runner_up: str | None
    runner_up_confidence: float

    def describe(self) -> str:
        if self.bucket is None:
            return "no bucket proposal (no keyword matched)"
        runner = (
            f"runner-up {self.runner_up} {self.runner_up_confidence:.2f}"
            if self.runner_up
            else "no runner-up"
        )
        return f"bucket {self.bucket} ({self.confidence:.2f}; {runner})"


def _round_down(value: float) -> float:
    return math.floor(value * 100 + 1e-9) / 100


# --- words ------------------------------------------------------------------------------------

_STOPWORDS = frozenset(
    """
    a an and are as at be because but by can do does due for from has have how if in into is
    it its just more not of on or over than that the their them then this to up very vs was
    what when where which while who why will with without you your scenario scenarios issue
    issues data job jobs handling strategy strategies system systems expected concepts
    typical examples based higher less only often mixed common important rounds loves things
    happens after something know need needs would
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A crude, consistent stem: enough for ``partitions``/``partitioning`` to meet."""
    if word.endswith("ss"):
        return word
    for suffix in ("ing", "ed", "es", "e", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    """Lowercase stems of the words of ``text`` (Markdown emphasis and punctuation ignored)."""
    return list(_tokens(text))


@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    # cached: leave-one-out reads every page once per fold
    return tuple(_stem(word) for word in re.findall(r"[a-z0-9]+", text.lower()))


# --- the keyword rules ------------------------------------------------------------------------


@dataclass(frozen=True)
class BucketRules:
    """Weighted terms per bucket, built from ``data/buckets.yml``."""

    keys: tuple[str, ...]
    terms: tuple[tuple[tuple[tuple[str, ...], float], ...], ...]  # per bucket: (term, weight)


def taxonomy_text(bucket: vocab.Bucket) -> str:
    """Everything the taxonomy says about a bucket, as one text."""
    return " ".join(
        [
            bucket.name,
            bucket.description,
            *bucket.triggers,
            *bucket.typical_scenarios,
            *bucket.concepts,
            *bucket.keywords,
        ]
    )


def build_bucket_rules(buckets: Sequence[vocab.Bucket]) -> BucketRules:
    """Curated keywords weigh 1, words of the taxonomy's own text 0.5; a term that several
    buckets share is divided among them."""
    raw: list[dict[tuple[str, ...], float]] = []
    for bucket in buckets:
        terms: dict[tuple[str, ...], float] = {}
        taxonomy = " ".join(
            [
                bucket.name,
                bucket.description,
                *bucket.triggers,
                *bucket.typical_scenarios,
                *bucket.concepts,
            ]
        )
        for word in re.findall(r"[a-z0-9]+", taxonomy.lower()):
            if word not in _STOPWORDS and not word.isdigit() and len(word) > 1:
                terms[(_stem(word),)] = 0.5
        for keyword in bucket.keywords:
            term = tuple(tokens(keyword))
            if term:
                terms[term] = 1.0
        raw.append(terms)
    shared = Counter(term for terms in raw for term in terms)
    return BucketRules(
        keys=tuple(b.key for b in buckets),
        terms=tuple(
            tuple((term, weight / shared[term]) for term, weight in terms.items()) for terms in raw
        ),
    )


def rule_scores(text: str, rules: BucketRules) -> list[float]:
    """Each bucket's keyword score for ``text``, in the order of ``rules.keys``."""
    stems = _tokens(text)
    words = set(stems)
    joined = f" {' '.join(stems)} "
    scores: list[float] = []
    for terms in rules.terms:
        score = 0.0
        for term, weight in terms:
            if (term[0] in words) if len(term) == 1 else (f" {' '.join(term)} " in joined):
                score += weight
        scores.append(score)
    return scores


def rule_shares(text: str, rules: BucketRules) -> list[float]:
    """Each bucket's share of the keyword evidence (plus the prior): the rules' confidences."""
    scores = rule_scores(text, rules)
    total = sum(scores) + CONFIDENCE_PRIOR
    return [score / total for score in scores]


def propose_bucket(text: str, rules: BucketRules) -> Proposal:
    """Score text against every bucket; confidence is the best score's share of all the
    evidence plus a prior, so one weak match never looks certain."""
    scores = rule_scores(text, rules)
    total = sum(scores) + CONFIDENCE_PRIOR
    ranked = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    best, second = ranked[0], ranked[1]
    if scores[best] <= 0:
        return Proposal(None, 0.0, None, 0.0)
    runner = rules.keys[second] if scores[second] > 0 else None
    return Proposal(
        rules.keys[best],
        _round_down(scores[best] / total),
        runner,
        _round_down(scores[second] / total) if runner else 0.0,
    )


# --- labelled pages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """One labelled page: what the classifier learns from, and what the importer would see.

    ``text`` is the title, the interview question and the one-minute answer; ``query`` is the
    title and the question only, as a scenario in the notes gives them to the importer.
    """

    id: str
    bucket: str
    text: str
    query: str


_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")


def page_sections(body: str) -> dict[str, str]:
    """A page body's ``## `` sections by heading (code fences are not searched for headings)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    fence = ""
    for line in body.split("\n"):
        opening = _FENCE_RE.match(line)
        if fence:
            if line.strip().startswith(fence):
                fence = ""
        elif opening:
            fence = opening.group(1)
        elif line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
            continue
        if current is not None:
            current.append(line)
    return {heading: "\n".join(lines).strip() for heading, lines in sections.items()}


class ExamplesError(ValueError):
    """Labelled pages the classifier cannot learn from: one ``path[:line]: problem`` each."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = list(errors)


def _front_matter_line(matter: str, key: str) -> int:
    """The file's line number of ``key:`` in the front matter (line 1 is the opening ``---``)."""
    for number, line in enumerate(matter.split("\n"), start=2):
        if line.startswith(f"{key}:"):
            return number
    return 1


def page_example(text: str, allowed: Sequence[str], path: str) -> Example:
    """The example a page gives; :class:`ExamplesError` when its front matter has no bucket of
    the taxonomy (a page the site would refuse must not teach the classifier)."""
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.DOTALL)
    if not match:
        raise ExamplesError([f"{path}:1: expected front matter between '---' lines"])
    try:
        front: Any = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise ExamplesError([f"{path}:{line}: front matter is not valid YAML"]) from exc
    listed = f"(allowed: {', '.join(allowed)})"
    if not isinstance(front, dict) or "bucket" not in front:
        raise ExamplesError([f"{path}:1: expected 'bucket' in the front matter {listed}"])
    if front["bucket"] not in allowed:
        line = _front_matter_line(match.group(1), "bucket")
        raise ExamplesError([f"{path}:{line}: unknown bucket {front['bucket']!r} {listed}"])
    title = str(front.get("title") or "")
    sections = page_sections(match.group(2))
    return Example(
        id=str(front.get("id") or ""),
        bucket=front["bucket"],
        text="\n".join([title, *(sections.get(name, "") for name in TRAINING_SECTIONS)]),
        query="\n".join([title, sections.get(QUESTION_SECTION, "")]),
    )


def load_examples(
    directory: Path, buckets: Sequence[vocab.Bucket], exclude_ids: Iterable[str] = ()
) -> list[Example]:
    """The labelled pages of ``directory`` (``*.md``, by file name), leaving out the IDs in
    ``exclude_ids`` (case-insensitive): a proposal must not repeat a page's own bucket.

    Every page must have a bucket of the taxonomy: the problems of all pages are raised together
    as one :class:`ExamplesError`. A directory without pages gives no example (the taxonomy
    alone then teaches the classifier); a directory that does not exist is an error."""
    if not directory.is_dir():
        raise ExamplesError([f"{directory}: expected a directory of labelled pages (*.md)"])
    allowed = [b.key for b in buckets]
    excluded = {sid.upper() for sid in exclude_ids}
    examples: list[Example] = []
    errors: list[str] = []
    for path in sorted(directory.glob("*.md")):
        try:
            example = page_example(path.read_text(encoding="utf-8"), allowed, str(path))
        except UnicodeDecodeError as exc:
            errors.append(f"{path}: byte {exc.object[exc.start]:#04x} is not UTF-8")
            continue
        except ExamplesError as exc:
            errors.extend(exc.errors)
            continue
        if example.id.upper() not in excluded:
            examples.append(example)
    if errors:
        raise ExamplesError(errors)
    return examples


# --- the classifier ---------------------------------------------------------------------------


def _ngrams(stems: Sequence[str], longest: int) -> tuple[str, ...]:
    return tuple(
        " ".join(stems[start : start + size])
        for size in range(1, longest + 1)
        for start in range(len(stems) - size + 1)
    )


@functools.lru_cache(maxsize=4096)
def _taxonomy_features(text: str) -> tuple[str, ...]:
    """Every run of one to four stems: the taxonomy's terms are found among them."""
    return _ngrams(_tokens(text), 4)


@functools.lru_cache(maxsize=4096)
def _word_features(text: str) -> tuple[str, ...]:
    """Stems and stem pairs, stop words left out first."""
    return _ngrams([t for t in _tokens(text) if t not in _STOPWORDS], 2)


@dataclass
class BucketClassifier:
    """A trained classifier; :meth:`propose` ranks the buckets for a scenario's text."""

    keys: tuple[str, ...]
    rules: BucketRules
    taxonomy_vectorizer: Any
    words_vectorizer: Any
    model: Any
    examples: int  # pages it learnt from (besides the taxonomy)

    def probabilities(self, text: str) -> dict[str, float]:
        """Each bucket's probability for ``text`` (title and question)."""
        with _one_thread():
            values = self.model.predict_proba(_stack(self, [text]))[0]
        return {str(key): float(p) for key, p in zip(self.model.classes_, values, strict=True)}

    def ranking(self, text: str) -> list[str]:
        """Every bucket, most probable first (ties in taxonomy order)."""
        probabilities = self.probabilities(text)
        return sorted(self.keys, key=lambda k: (-probabilities[k], self.keys.index(k)))

    def propose(self, text: str) -> Proposal:
        probabilities = self.probabilities(text)
        best, second = self.ranking(text)[:2]
        return Proposal(
            best,
            _round_down(probabilities[best]),
            second,
            _round_down(probabilities[second]),
        )


def _one_thread() -> Any:
    """BLAS on one thread: these matrices are tiny, and on a busy machine several threads
    make a fit many times slower (the result is the same)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def _stack(classifier: BucketClassifier, texts: Sequence[str]) -> Any:
    from scipy.sparse import csr_matrix, hstack

    rules = [[RULES_WEIGHT * s for s in rule_shares(t, classifier.rules)] for t in texts]
    return hstack(
        [
            classifier.taxonomy_vectorizer.transform(texts),
            WORDS_WEIGHT * classifier.words_vectorizer.transform(texts),
            csr_matrix(rules),
        ]
    ).tocsr()


def train_classifier(examples: Sequence[Example], buckets: Sequence[vocab.Bucket]) -> BucketClassifier:
    """Train on the pages' ``text`` and one taxonomy example per bucket. Deterministic: the
    same examples in the same order give the same model."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    rules = build_bucket_rules(buckets)
    vocabulary = sorted({" ".join(term) for terms in rules.terms for term, _ in terms})
    texts = [e.text for e in examples] + [taxonomy_text(b) for b in buckets]
    labels = [e.bucket for e in examples] + [b.key for b in buckets]
    taxonomy_vectorizer = TfidfVectorizer(
        analyzer=_taxonomy_features, vocabulary=vocabulary, sublinear_tf=True
    ).fit(texts)
    words_vectorizer = TfidfVectorizer(
        analyzer=_word_features, min_df=min(WORDS_MIN_DF, len(texts)), sublinear_tf=True
    ).fit(texts)
    classifier = BucketClassifier(
        keys=tuple(b.key for b in buckets),
        rules=rules,
        taxonomy_vectorizer=taxonomy_vectorizer,
        words_vectorizer=words_vectorizer,
        model=None,
        examples=len(examples),
    )
    with _one_thread():
        classifier.model = LogisticRegression(
            C=REGULARISATION_C, max_iter=5000, random_state=RANDOM_STATE
        ).fit(_stack(classifier, texts), labels)
    return classifier


# --- leave-one-out ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Accuracy:
    """How often the right bucket is first (``top1``) or among the first two (``top2``)."""

    name: str
    top1: int
    top2: int
    total: int

    def describe(self) -> str:
        def share(count: int) -> str:
            return f"{count}/{self.total} = {count / self.total:.1%}" if self.total else "0/0"

        return f"{self.name}: top-1 {share(self.top1)}, top-2 {share(self.top2)}"


def _accuracy(name: str, truths: Sequence[str], rankings: Sequence[Sequence[str]]) -> Accuracy:
    top1 = sum(1 for truth, ranked in zip(truths, rankings, strict=True) if ranked[:1] == [truth])
    top2 = sum(1 for truth, ranked in zip(truths, rankings, strict=True) if truth in ranked[:2])
    return Accuracy(name, top1, top2, len(truths))


def rule_ranking(text: str, rules: BucketRules) -> list[str]:
    """The keyword rules' proposal and runner-up (fewer when no keyword matched)."""
    proposal = propose_bucket(text, rules)
    return [b for b in (proposal.bucket, proposal.runner_up) if b]


def leave_one_out(
    examples: Sequence[Example],
    buckets: Sequence[vocab.Bucket],
    labels: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Accuracy, Accuracy]:
    """(classifier, keyword rules): each page's ``query`` classified by a classifier trained on
    every other page, and by the keyword rules (which learn nothing from the pages).

    ``labels`` replaces the pages' buckets (a negative control shuffles them)."""
    labels = list(labels) if labels is not None else [e.bucket for e in examples]
    relabelled = [
        Example(e.id, label, e.text, e.query) for e, label in zip(examples, labels, strict=True)
    ]
    rules = build_bucket_rules(buckets)
    classified: list[list[str]] = []
    for index, held_out in enumerate(relabelled):
        others = relabelled[:index] + relabelled[index + 1 :]
        classified.append(train_classifier(others, buckets).ranking(held_out.query))
        if progress:
            progress(index + 1, len(relabelled))
    truths = [e.bucket for e in relabelled]
    return (
        _accuracy("classifier", truths, classified),
        _accuracy("keyword rules", truths, [rule_ranking(e.query, rules) for e in relabelled]),
    )
