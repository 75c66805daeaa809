"""The notes pipeline and the controlled vocabulary of Data Engineering Interview Scenarios.

The author's raw notes become scenario pages in one all-or-nothing run of
``scripts/import_notes.py`` (:func:`deis.importer.main`), one module per step:

1. :mod:`deis.repair`: mojibake repaired, exactly or reported (never a silent guess);
2. :mod:`deis.parse`: the repaired notes split into scenarios (:mod:`deis.model` holds the data
   model and the ``path:line:`` errors);
3. :mod:`deis.technologies`: the names the notes use resolved against the vocabulary, with a
   proposal for every unknown name; :mod:`deis.classify`: a bucket proposal for every scenario
   from a classifier trained on the site's labelled pages;
4. :mod:`deis.decide`: a person (or ``--accept``) confirms the proposals;
5. :mod:`deis.write`: the pages and the vocabulary written, all or nothing.

:mod:`deis.vocab` reads the controlled vocabularies (``data/*.yml``); the site build (``macros``)
uses it too. :mod:`deis.corpus` makes damaged text for the repair's benchmark and tests.

The CLIs in ``scripts/`` are thin ``main(argv)`` wrappers over these modules.
"""
