#!/usr/bin/env python3
"""Split the author's raw interview notes into one Markdown page per scenario.

Each notes file is read as UTF-8, repaired of mojibake (``deis.repair``; where two readings
of damaged text tie, a person on a terminal picks one or types the text, and otherwise the tie
is an error, never a guess), parsed into scenarios and rendered as ``<id>-<slug>.md`` pages
with YAML front matter (``id``, ``title``, ``difficulty``, ``bucket``, ``technologies``,
``source``). Every input is parsed and validated before anything is written; a problem is
reported as ``path:line: what was expected`` and nothing is written.

Shapes understood (headings may be at any level; code fences are never parsed):

* scenario titles as headings ``## Scenario 11: Title`` (also ``Scenario 11 - Title``,
  ``Scenario 11 — Title``, ``Scenario 11. Title``) or as emphasised lines of their own
  (``**Scenario 5: Broadcast Timeout**``, ``**Scenario 5:** Broadcast Timeout``,
  ``*Scenario 5 - Title*``), with their subsections (``### Interview Question``, ...);
* groups with a range, as headings or emphasised lines (``## Scenario 13-20: Group``,
  ``## Scenarios 1-10: Spark``, ``**Scenarios 11–20**``), whose members are the scenarios under
  them (deeper, or at the same level and within the range);
* ``Question:`` / ``Answer:`` labels, bold, italic or plain (``**Question:**``, ``*Question:*``,
  ``Question:``, ``**Q:**``), which become ``## Interview Question`` / ``## Answer`` sections;
  the question may be a numbered or bulleted list of questions. A scenario with an emphasised
  title must have a question (a label or an ``Interview Question`` subsection), and a label
  outside every scenario (before the first title, in a group's intro) is an error;
* numbered questions as headings ``#### 6. Design a pipeline`` under ``## Section`` headings, or,
  in notes without such headings, as emphasised lines ``**6. Design a pipeline**`` or list items
  that are one emphasised question ``6. **How do you size partitions?**``; in notes whose title
  says "System Design" they get the IDs ``SD01``, ``SD02``, ...

IDs are permanent: the difficulty letter and the author's number (``H11``, ``M31``, ``E05``).
The difficulty comes from the notes' title (🔴 Hard, 🟡 Medium, 🟢 Easy) or ``--difficulty``.

Technologies come from a ``Technologies:`` line or, when there is none, from the technologies the
text mentions, resolved through ``data/technologies.yml``. A name that is not in the vocabulary
never stops an import: it gets a proposal, which a person confirms on a terminal (``--accept``
takes them all):

* an existing key, and why: the same spelling apart from case, spaces and punctuation
  (``Spark-SQL``), the product without its vendor prefix (``Apache Storm``), a known name
  followed by a generic word (``Kafka topics``), or a close spelling (``Kubernets``). The
  spelling is added to that entry's ``aliases``;
* a new entry (key, name, aliases, description): for common technologies (Docker, Python,
  MongoDB, ...) from a built-in table with a written description; for any other, the key is the
  name lowercase-hyphenated and the description says where the name comes from, e.g. "Quantum
  DB, as used in scenario H05 (Sharded Writes)." (a terminal asks for a better one);
* leaving out a spelling that means a technology only beside another (``Streaming`` without
  ``Spark``).

New entries and aliases are written to ``data/technologies.yml`` (in key order, its comments
kept) in the same run as the pages: if anything fails, neither changes.

The bucket is proposed by a classifier trained on the labelled pages already on the site (see
``deis/classify.py``; every page there must have a bucket of ``data/buckets.yml``, or nothing is
imported), shown with its runner-up and confidence, and confirmed by a
person (a prompt on a terminal, ``--accept``, ``--bucket ID=BUCKET``, or the page's existing
bucket).

Pages are never overwritten without ``--force``; a page whose ID already has a file keeps that
file's name; identical pages are left alone, so a second run writes nothing.

Usage::

    python scripts/import_notes.py NOTES... [--out DIR] [--dry-run] [--force] [--accept]
                                   [--bucket ID=BUCKET ...] [--difficulty easy|medium|hard]
                                   [--data DIR] [--train DIR]

Examples::

    # show what would be written, with the bucket and technology proposals; write nothing
    python scripts/import_notes.py notes/*.txt --out docs/scenarios --dry-run

    # import, accepting every proposal but one bucket
    python scripts/import_notes.py notes/hard.txt --accept --bucket H11=failure-recovery

    # notes whose title names no difficulty (the system-design questions)
    python scripts/import_notes.py notes/system_design.txt --difficulty medium --accept

Exit status: 0 on success (also when pages were kept because they were edited), 1 when an
input cannot be imported (nothing is written), 2 on a usage error.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from deis import importer


def main(argv: Sequence[str] | None = None) -> int:
    """Run the importer (the pipeline is the ``deis`` package: read, repair, parse, classify,
    decide, write); returns the exit status."""
    return importer.main(argv)


if __name__ == "__main__":
    sys.exit(main())
