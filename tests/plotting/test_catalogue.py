"""Tests of scaling_lab.plotting.catalogue: the summary table is generated and complete.

Every public law must have a formula, a source with a year and the pages that use it; the constants shown are the
package's own (so the table cannot drift from the code); a law added later shows up by itself.
"""

import re
from pathlib import Path

import pytest

import scaling_lab.laws as laws
from scaling_lab.plotting import catalogue
from scaling_lab.plotting.catalogue import (
    CONSTANT_FORMS, LAW_PAGES, ConstantEntry, LawEntry, constant_catalogue, constant_form, constant_table_markdown,
    law_catalogue, law_table_markdown,
)
from scaling_lab.reference import HOFFMANN_2022, MUENNIGHOFF_2023

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def entries():
    return law_catalogue()


def test_every_law_is_listed_once(entries):
    functions = [name for name in laws.__all__ if callable(getattr(laws, name)) and not isinstance(
        getattr(laws, name), type)]
    assert [e.name for e in entries] == functions
    assert all(isinstance(e, LawEntry) for e in entries)


def test_every_law_has_a_formula_a_dated_source_and_its_pages(entries):
    missing = [e.name for e in entries if not e.pages]
    assert not missing, f"add these laws to LAW_PAGES (scaling_lab/plotting/catalogue.py): {missing}"
    for e in entries:
        assert e.formula, e.name
        assert re.search(r"(19|20)\d\d", e.source), (e.name, e.source)
        assert all((ROOT / "book" / f"{page}.md").is_file() for page in e.pages), e


def test_no_stale_page_entries():
    # A law removed or renamed must leave LAW_PAGES too.
    assert set(LAW_PAGES) <= set(laws.__all__)


def test_constants_come_from_the_reference_objects(entries):
    rows = {e.name: e for e in entries}
    assert rows["chinchilla_loss"].constants.startswith("HOFFMANN_2022: E=1.69, A=406.4, B=410.7")
    assert f"r_d_star={MUENNIGHOFF_2023.r_d_star:.4g}" in rows["effective_data"].constants
    assert rows["chinchilla_loss"].source == HOFFMANN_2022.source
    assert rows["bnsl"].constants == "fitted per problem" and "Caballero et al. 2023" in rows["bnsl"].source
    assert rows["exact_match_accuracy"].formula == "p^L"
    assert rows["chinchilla_loss"].formula == r"L(N, D) = E + \frac{A}{N^{\alpha}} + \frac{B}{D^{\beta}}"


def test_a_law_added_later_is_picked_up(monkeypatch):
    def toy_law(x):
        r"""A toy law (Doe et al. 2031, eq. 7).

        .. math:: y = x^2
        """
        return x**2

    monkeypatch.setattr(laws, "toy_law", toy_law, raising=False)
    monkeypatch.setattr(laws, "__all__", [*laws.__all__, "toy_law"])
    row = law_catalogue()[-1]
    assert (row.name, row.formula, row.source, row.pages) == ("toy_law", "y = x^2", "Doe et al. 2031, eq. 7", ())


def test_constant_catalogue_lists_published_sets_and_their_laws():
    rows = {c.name: c for c in constant_catalogue()}
    assert all(isinstance(c, ConstantEntry) for c in rows.values())
    assert rows["HOFFMANN_2022"].laws == ("chinchilla_frontier", "chinchilla_loss")
    assert "chinchilla_loss" in rows["BESIROGLU_2024"].laws  # another fit of the same law, by type
    assert rows["KAPLAN_2020_LOSS_C_NAIVE"].laws == ("kaplan_loss_c",)  # named in that docstring
    assert rows["CABALLERO_2023_FIGURE_1"].laws == ("bnsl",)
    assert rows["GPT3"].laws == () and "Brown et al. 2020" in rows["GPT3"].source
    assert all(c.source for c in rows.values())


def test_markdown_table_has_one_well_formed_row_per_law(entries):
    table = law_table_markdown()
    lines = table.splitlines()
    assert lines[0] == "| Law | Form | Constants | Source | Pages |"
    assert len(lines) == 2 + len(entries)
    for line in lines[2:]:
        assert len(re.findall(r"(?<!\\)\|", line)) == 6, line  # pipes inside formulas are escaped
    assert r"\vert" in table  # Rosenfeld's envelope has |...|


def test_markdown_table_bad_input():
    with pytest.raises(ValueError, match="entries"):
        law_table_markdown(["chinchilla_loss"])


def test_a_constant_is_matched_by_its_whole_name():
    """kaplan_size_penalty's docstring names KAPLAN_2020_LOSS_NS, which contains KAPLAN_2020_LOSS_N: only the
    whole name counts, so the penalty is listed under the first and not the second."""
    by_name = {c.name: c.laws for c in constant_catalogue()}
    assert "kaplan_size_penalty" in by_name["KAPLAN_2020_LOSS_NS"]
    assert "kaplan_size_penalty" not in by_name["KAPLAN_2020_LOSS_N"]
    assert by_name["KAPLAN_2020_LOSS_N"] == ("kaplan_loss_n",)


def test_constant_table_gives_formulas_symbols_and_units():
    table = constant_table_markdown()
    rows = table.split("\n* - ")[1:]
    assert len(rows) == len(constant_catalogue()) + 1  # the header row, then one row per set
    # No raw keyword syntax such as n_c=6.4e+13, and no Python float notation.
    keyword = re.compile(r"\b(?:[a-z]\w*_\w*|[a-z]{2,})=")  # not the i=1 of a product's limits
    assert not keyword.search(table), keyword.search(table).group(0)
    assert not re.search(r"\de[+-]\d", table)
    assert not re.search(r"'\^", table), "MathJax refuses N'^a (prime, then a superscript): write {N'}^a"
    for entry in constant_catalogue():
        formula = constant_form(entry).formula
        assert isinstance(formula, str) and not formula.startswith(("(", "[")), (entry.name, formula)
        assert formula.count("{") == formula.count("}"), (entry.name, formula)
    row = next(r for r in rows if r.startswith("`KAPLAN_2020_LOSS_ND`"))
    assert r"$N_c = 6.4\times10^{13}$ non-embedding parameters" in row
    assert r"$D_c = 1.8\times10^{13}$ tokens" in row and r"$\alpha_D = 0.103$" in row
    assert r"\frac{D_c}{D}" in row  # the formula column
    row = next(r for r in rows if r.startswith("`KAPLAN_2020_COMPUTE_EFFICIENT`"))
    assert r"$N_{\rm opt}$: $Q_1 = 1.3\times10^{9}$ non-embedding parameters, $p = 0.73$" in row
    assert r"Q = Q_1\, C_{\min}^{\,p}" in row  # the form the pair of numbers enters
    row = next(r for r in rows if r.startswith("`CABALLERO_2023_FIGURE_1`"))
    assert r"$d_2 = 10^{14}$" in row and r"$f_3 = 0.05$" in row  # every break, numbered from 1
    row = next(r for r in rows if r.startswith("`HOFFMANN_2022`"))
    assert r"$E = 1.69$ nats/token" in row and "Used by `chinchilla_frontier`, `chinchilla_loss`." in row


def test_every_number_of_every_constant_set_has_a_symbol():
    """A set (or a number in it) that CONSTANT_FORMS does not describe fails the table, naming what is missing."""
    for entry in constant_catalogue():
        form = constant_form(entry)
        assert form.formula, entry.name
    odd = ConstantEntry("KAPLAN_2020_LOSS_N", "NoSuchType", "", "", ())
    assert constant_form(odd) is CONSTANT_FORMS["KAPLAN_2020_LOSS_N"]  # by name first
    with pytest.raises(KeyError, match="CONSTANT_FORMS"):
        constant_form(ConstantEntry("NEW_SET", "NewType", "", "", ()))
    forms = dict(CONSTANT_FORMS)
    forms["KAPLAN_2020_LOSS_ND"] = forms["KaplanLossND"]._replace(quantities={})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(catalogue, "CONSTANT_FORMS", forms)
        with pytest.raises(KeyError, match="KAPLAN_2020_LOSS_ND: no Quantity for 'n_c'"):
            constant_table_markdown()


def test_constant_table_bad_input():
    with pytest.raises(ValueError, match="entries"):
        constant_table_markdown([("not", "an", "entry")])


@pytest.mark.parametrize("value, text", [(8.8e13, r"8.8\times10^{13}"), (1e14, "10^{14}"), (2048, "2048"),
                                         (0.076, "0.076"), (47491.0, r"4.749\times10^{4}"), (0.0, "0"),
                                         (-0.811, "-0.811"), (5e-4, r"5\times10^{-4}")])
def test_latex_numbers(value, text):
    assert catalogue._latex_number(value) == text
