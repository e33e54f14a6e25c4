"""Licences, citation and the README's table of shipped data sets.

The code is MIT (LICENSE), the course content CC BY 4.0 with exceptions (LICENSE-CONTENT.md), the
citation metadata is CITATION.cff, and the README's "Licences and data" section has one table that
must list every data file the package ships, and nothing else.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

# The package layout may move the data folder: it is found by this pattern, below scaling_lab/.
DATASETS_GLOB = "scaling_lab/**/datasets"

README_SECTION = "## Licences and data"

MIT_TEXT = """
Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def normalized(text: str) -> str:
    """Whitespace collapsed to single spaces, so line wrapping does not matter."""
    return " ".join(text.split())


def datasets_dir(root: Path = ROOT) -> Path:
    """The one folder of shipped data files, wherever the package keeps it."""
    found = [p for p in root.glob(DATASETS_GLOB) if p.is_dir() and "__pycache__" not in p.parts]
    assert len(found) == 1, f"expected one datasets folder matching {DATASETS_GLOB}, found {found}"
    return found[0]


def data_files(folder: Path) -> set[str]:
    """Names of the shipped data files: every file but __init__.py and the .md provenance notes."""
    return {
        p.name for p in folder.iterdir()
        if p.is_file() and p.name != "__init__.py" and p.suffix != ".md" and not p.name.startswith(".")
    }


def section(text: str, heading: str) -> str:
    """The body of a level-2 section of a markdown text, up to the next level-2 heading."""
    match = re.search(rf"^{re.escape(heading)}[ \t]*$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    return match.group(1) if match else ""


def tables(markdown: str) -> list[list[str]]:
    """The pipe tables of a markdown text, each as its list of lines."""
    found: list[list[str]] = []
    current: list[str] = []
    for line in markdown.splitlines() + [""]:
        if line.lstrip().startswith("|"):
            current.append(line.strip())
        elif current:
            found.append(current)
            current = []
    return found


def table_files(table: list[str]) -> list[str]:
    """The file named in the first cell of each body row (header and separator skipped)."""
    names = []
    for row in table[2:]:
        first_cell = row.strip("|").split("|")[0].strip()
        names.append(first_cell.strip("`").strip())
    return names


def data_table_problems(readme: str, folder: Path) -> list[str]:
    """What is wrong with the README's data table: empty if it lists exactly the shipped files."""
    body = section(readme, README_SECTION)
    if not body:
        return [f"README has no '{README_SECTION}' section"]
    found = tables(body)
    if len(found) != 1:
        return [f"'{README_SECTION}' should hold one table, it holds {len(found)}"]
    listed = table_files(found[0])
    problems = [f"README data table does not list {name}"
                for name in sorted(data_files(folder) - set(listed))]
    problems += [f"README data table names {name}, which is not a file in {folder.relative_to(ROOT)}"
                 for name in listed if not (folder / name).is_file()]
    problems += [f"README data table lists {name} twice"
                 for name in sorted({n for n in listed if listed.count(n) > 1})]
    return problems


def pyproject_version() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    try:
        import tomllib
    except ImportError:  # Python 3.10: the first version key after the [project] header
        project = text[text.index("[project]"):]
        return re.search(r'^version\s*=\s*"([^"]+)"', project, flags=re.M).group(1)
    return tomllib.loads(text)["project"]["version"]


# --- LICENSE ---------------------------------------------------------------------------------------

def test_licence_is_the_mit_text():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.splitlines()[0].strip() == "MIT License"
    assert re.search(r"^Copyright \(c\) 2026 The scaling_lab contributors$", text, flags=re.M)
    body = text.split("The scaling_lab contributors", 1)[1]
    assert normalized(body) == normalized(MIT_TEXT)


def test_pyproject_declares_the_licence_files():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^license\s*=\s*"MIT"$', text, flags=re.M)
    assert re.search(r'^license-files\s*=\s*\["LICENSE", "LICENSE-CONTENT.md"\]$', text, flags=re.M)


# --- LICENSE-CONTENT.md ----------------------------------------------------------------------------

def content_licence() -> str:
    return (ROOT / "LICENSE-CONTENT.md").read_text(encoding="utf-8")


def test_content_licence_is_cc_by_4():
    text = normalized(content_licence())
    assert "Creative Commons Attribution 4.0 International" in text
    assert "CC BY 4.0" in text
    assert "https://creativecommons.org/licenses/by/4.0/legalcode" in text
    assert "The scaling_lab contributors" in text  # how to attribute


def test_word_frequencies_stay_cc_by_sa():
    """Some paragraph names the word-frequency file and CC BY-SA 4.0 together."""
    paragraphs = [normalized(p) for p in re.split(r"\n\s*\n", content_licence())]
    assert any("wordfreq_en_top10000.csv.gz" in p and "CC BY-SA 4.0" in p for p in paragraphs)


def test_content_licence_names_every_data_file():
    text = content_licence()
    missing = sorted(name for name in data_files(datasets_dir()) if name not in text)
    assert not missing, f"LICENSE-CONTENT.md does not name {missing}"


# --- CITATION.cff ----------------------------------------------------------------------------------

def test_citation_metadata():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"].startswith("Scaling laws, computed")
    assert cff["type"] == "software"
    assert cff["authors"] == [{"name": "The scaling_lab contributors"}]
    assert cff["license"] == "MIT"
    assert str(cff["version"]) == pyproject_version()
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert cff["repository-code"] == config["repository"]["url"]


# --- the README's table of data sets ---------------------------------------------------------------

def test_datasets_folder_has_data():
    assert data_files(datasets_dir()), "no data files found"


def test_readme_table_lists_every_data_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    problems = data_table_problems(readme, datasets_dir())
    assert not problems, "\n".join(problems)


def remove_row(readme: str, name: str) -> str:
    lines = readme.splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(f"| `{name}`")]
    assert len(kept) == len(lines) - 1, f"the README has no table row for {name}"
    return "".join(kept)


def test_table_check_reports_a_missing_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    folder = datasets_dir()
    name = sorted(data_files(folder))[0]
    missing = f"README data table does not list {name}"
    assert missing not in data_table_problems(readme, folder)
    assert missing in data_table_problems(remove_row(readme, name), folder)


def test_table_check_reports_a_row_without_a_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    folder = datasets_dir()
    name = sorted(data_files(folder))[0]
    renamed = readme.replace(f"| `{name}` |", "| `no_such_data.csv` |", 1)
    problems = data_table_problems(renamed, folder)
    assert f"README data table does not list {name}" in problems
    assert any("no_such_data.csv" in p and "not a file" in p for p in problems)


@pytest.mark.parametrize("readme, expected", [
    ("# Title\n\n## Layout\n", "no '## Licences and data' section"),
    ("## Licences and data\n\nno table here\n\n## Layout\n", "it holds 0"),
    ("## Licences and data\n\n| a |\n| - |\n\ntext\n\n| b |\n| - |\n", "it holds 2"),
], ids=["no-section", "no-table", "two-tables"])
def test_table_check_reports_a_missing_or_doubled_table(readme, expected):
    problems = data_table_problems(readme, datasets_dir())
    assert len(problems) == 1 and expected in problems[0]
