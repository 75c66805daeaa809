"""mkdocs-macros entry point (``module_name: macros/main``): the macros of the index pages.

Only pages with ``render_macros: true`` in their front matter are rendered (the plugin runs with
``render_by_default: false``), so scenario pages keep their ``{{ ... }}`` examples literally.
Each macro hands the build's catalog (``macros.build_cache.CACHE``, filled once per build by
``macros/hooks.py``) and the calling page's path to a pure function of ``macros/render.py``.
"""

from __future__ import annotations

from macros import render
from macros.build_cache import CACHE

MACROS = {
    "overview": render.render_overview,
    "bucket_table": render.render_bucket_table,
    "answer_framework": render.render_answer_framework,
    "bucket_triggers": render.render_bucket_triggers,
    "technology_index": render.render_technology_index,
    "difficulty_index": render.render_difficulty_index,
    "bucket_matrix": render.render_matrix,
    "practice_page": render.render_practice_page,
    "progress_summary": render.render_progress_summary,
}


def define_env(env) -> None:
    """Register every macro of :data:`MACROS` as a no-argument call on the current page."""

    def bind(renderer):
        def macro() -> str:
            return renderer(CACHE.catalog, env.page.file.src_uri)

        macro.__name__ = renderer.__name__
        macro.__doc__ = renderer.__doc__
        return macro

    for name, renderer in MACROS.items():
        env.macro(bind(renderer), name)
