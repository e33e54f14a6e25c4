"""One citation style across the site: the bibliography lists each work under the author-year text that cites it.

The chapters cite author-year (``bibtex_reference_style: author_year`` in ``_config.yml``): ``{cite:p}``
prints "[Kaplan *et al.*, 2020]".  With pybtex's ``plain`` style the bibliography page labelled the same
works [1], [2], ..., so a reader had to hunt for the entry a citation names.  This extension registers the
pybtex formatting style :data:`STYLE_NAME` (``bibtex_default_style`` in ``_config.yml``): ``plain``'s
entries in alphabetical order (by author, year, title), labelled with the very text of a citation: the label is made by
sphinxcontrib-bibtex's own author-year template, so "Kaplan et al., 2020" in a chapter is
"[Kaplan et al., 2020]" in the list.
"""

from __future__ import annotations

import pybtex.plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting.author_year_title import SortingStyle
from sphinxcontrib.bibtex.style.referencing.basic_author_year import BasicAuthorYearParentheticalReferenceStyle
from sphinxcontrib.bibtex.style.template import join, year

#: The name under which ``_config.yml`` asks for this style (``bibtex_default_style``).
STYLE_NAME = "plain_author_year"


class AuthorYearLabelStyle(BaseLabelStyle):
    """Label each entry "Author, year" exactly as the ``{cite:p}`` role writes it (without the brackets)."""

    def __init__(self):
        self._citation = BasicAuthorYearParentheticalReferenceStyle()

    def format_labels(self, sorted_entries):
        person = self._citation.person
        template = join(sep=self._citation.author_year_sep)[person.author_or_editor_or_title(full=False), year]
        for entry in sorted_entries:
            yield template.format_data({"entry": entry, "style": self._citation}).render_as("text")


class AuthorYearSortingStyle(SortingStyle):
    """``plain``'s order (author, year, title), with an author in braces (``{{Baidu Research}}``) filed
    under its first letter rather than after Z."""

    def person_key(self, person):
        return super().person_key(person).replace("{", "").replace("}", "")


class AuthorYearStyle(PlainStyle):
    """pybtex's ``plain`` entries, sorted by :class:`AuthorYearSortingStyle`, labelled by
    :class:`AuthorYearLabelStyle`."""

    default_label_style = AuthorYearLabelStyle
    default_sorting_style = AuthorYearSortingStyle


def setup(app):
    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE_NAME, AuthorYearStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
