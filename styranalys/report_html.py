"""An executed report notebook as one published HTML page (the ``rapport`` template).

The page is self-contained and requests nothing when opened: no require.js or MathJax from
a CDN, no web fonts, no code cells, and charts embedded as ``data:`` URLs. Cells tagged
``remove-cell`` (a notebook's notes for the analyst) are left out.
"""

from __future__ import annotations

from pathlib import Path

from .atomic import atomic_path
from .escape import plain

__all__ = ["TEMPLATES", "export_html", "exporter"]

#: The folder of styranalys' nbconvert templates.
TEMPLATES = Path(__file__).with_name("templates")


def exporter():
    """The HTML exporter with the ``rapport`` template (made once per process: loading the
    templates is most of an export's time)."""
    global _exporter
    if _exporter is None:
        from nbconvert import HTMLExporter
        from traitlets.config import Config

        config = Config()
        config.TagRemovePreprocessor.enabled = True
        config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
        _exporter = HTMLExporter(config=config, template_name="rapport",
                                 extra_template_basedirs=[str(TEMPLATES)], exclude_input=True,
                                 exclude_input_prompt=True, exclude_output_prompt=True)
    return _exporter


_exporter = None


def export_html(notebook, html_path: str | Path, title: str) -> Path:
    """Write the executed ``notebook`` (a path, or a notebook already read) as the published
    page ``html_path`` titled ``title``."""
    import nbformat

    book = notebook if isinstance(notebook, nbformat.NotebookNode) else nbformat.read(
        notebook, as_version=4)
    body, _ = exporter().from_notebook_node(book, resources={"metadata": {"name": plain(title)}})
    with atomic_path(html_path) as tmp:
        tmp.write_text(body, encoding="utf-8")
    return Path(html_path)
