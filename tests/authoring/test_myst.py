"""Tests of scaling_lab.authoring.myst: MyST markup rendered to plain markdown for the student notebooks.

Roles become plain text, citations are rendered from the bibliography, admonitions and math become plain
markdown, and markup that exists only in the built book (or that the reader does not know) is refused.
"""

import pytest

from scaling_lab.authoring.myst import Bibliography, MystMarkupError, render_markdown


def test_roles_become_plain_text():
    assert render_markdown("see {ref}`Lab 1 <lab01-zipf>`.") == "see Lab 1."
    assert render_markdown("get {download}`the notebook </_build/x.ipynb>`") == "get the notebook"
    assert render_markdown("see {ref}`power-laws`") == "see `power-laws`"
    assert render_markdown("$x^{-s}$ and `code`") == "$x^{-s}$ and `code`"
    assert render_markdown("a {term}`scaling law` and {math}`x^2`") == "a scaling law and $x^2$"
    assert render_markdown("literal `{cite:p}` in code") == "literal `{cite:p}` in code"


BIB = Bibliography.from_bibtex('''
@book{zipf1949human, author = {Zipf, George Kingsley}, title = {Human Behavior}, year = {1949}}
@misc{kaplan2020scaling, author = {Kaplan, Jared and McCandlish, Sam and Henighan, Tom}, year = {2020}}
@article{two2001, author = {Clauset, Aaron and Newman, M. E. J.}, year = 2001}
''')


def test_citations_render_from_the_bibliography():
    assert render_markdown("law {cite:p}`zipf1949human`.", BIB) == "law (Zipf 1949)."
    assert render_markdown("{cite:t}`kaplan2020scaling` found", BIB) == "Kaplan et al. (2020) found"
    assert render_markdown("{cite:p}`zipf1949human,two2001`", BIB) == "(Zipf 1949; Clauset and Newman 2001)"
    with pytest.raises(MystMarkupError, match="not in the bibliography"):
        render_markdown("{cite:p}`nobody2000`", BIB)
    with pytest.raises(MystMarkupError, match="bibliography"):
        render_markdown("{cite:p}`zipf1949human`", None)


@pytest.mark.parametrize("text, match", [
    ("see {eq}`eq-zipf`", "only in the built book"),
    ("s = {glue:text}`ols_s:.2f`", "only in the built book"),
    ("{unknown}`role`", "unknown role"),
    ("```{figure} x.png\nA figure\n```", "unknown directive"),
    (":::{margin}\nside note\n:::", "unknown directive"),
    ("```{note}\nunclosed", "never closed"),
])
def test_unknown_or_book_only_markup_is_refused(text, match):
    with pytest.raises(MystMarkupError, match=match):
        render_markdown(text, BIB)


def test_admonitions_math_labels_and_comments_become_plain_markdown():
    text = "(lab-x)=\n% a comment\n```{tip}\nTry **this**.\n```\n\n```{math}\nE = mc^2\n```"
    assert render_markdown(text) == "> **Tip.**\n>\n> Try **this**.\n\n$$\nE = mc^2\n$$"


def test_a_captioned_table_becomes_its_caption_above_the_table():
    text = ("```{table} Symbols and their {term}`units <unit>`\n:class: notation-table\n:name: notation\n\n"
            "| Symbol | Unit |\n|---|---|\n| $N$ | parameters |\n```")
    out = render_markdown(text)
    assert out == "**Symbols and their units**\n\n| Symbol | Unit |\n|---|---|\n| $N$ | parameters |"
    assert render_markdown("```{table}\n| a |\n|---|\n| 1 |\n```") == "| a |\n|---|\n| 1 |"
