"""The built HTML, scanned without a browser: alt text, heading order, page weight, and links that must exist.

Every page the book builds is scanned (not only the table of contents: the index, search and bibliography
pages too); JupyterLite's own app under ``lite/`` and the theme's files under ``_static/`` are not ours.

* **Alt text.**  Every ``<img>`` has alt text that describes it: not missing, not empty, not a file name
  (Sphinx falls back to the image's path when a figure has none), and so does every image inside the
  embedded widget state (each frame of a kernel-free explorer is an ``<img>`` in an HTML widget), where an
  ``ipywidgets.Image``, which cannot carry alt text, is refused.
* **Headings in order.**  In the article: one ``<h1>``, first, and no level skipped on the way down.
* **Weight.**  Each page's own HTML, widget state included, stays at or under :data:`MAX_PAGE_BYTES`;
  the weights are written to ``_build/page_weights.txt`` and the heaviest page is printed.
* **Links.**  "Edit this page" names a file that exists in the repository; the Colab and Binder buttons
  open a notebook that the build wrote for the launch branch (``_build/launch``); the repository button
  points at the course repository.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.site.conftest import BOOK_ROOT, SITE_DIR

pytestmark = pytest.mark.site

#: Each page's own HTML, with its embedded widget state, at most this many bytes (issue 10).
MAX_PAGE_BYTES = 1_500_000
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
IMAGE_SUFFIX = re.compile(r"\.(png|jpe?g|gif|svg|webp)$", re.IGNORECASE)


def built_pages(site_dir: Path = SITE_DIR) -> list[Path]:
    """Every HTML page of the book (JupyterLite's app and the theme's static files excluded)."""
    return sorted(p for p in site_dir.rglob("*.html")
                  if p.relative_to(site_dir).parts[0] not in ("lite", "_static", "_sources", "_downloads"))


@functools.lru_cache(maxsize=64)
def parsed_page(html: str) -> BeautifulSoup:
    # One parse of each page serves every test here (parsing the pages, their widget state included, was most
    # of these tests' time). Callers only read the tree.
    return BeautifulSoup(html, "html.parser")


def _soup(path: Path) -> BeautifulSoup:
    return parsed_page(path.read_text(encoding="utf-8"))


def alt_problem(alt, src: str) -> str | None:
    """Why an image's alt text does not describe it, or None if it does."""
    if alt is None:
        return "no alt attribute"
    alt = alt.strip()
    if not alt:
        return "empty alt text"
    name = urlsplit(src or "").path.rsplit("/", 1)[-1]
    if IMAGE_SUFFIX.search(alt) or (name and alt.endswith(name)):
        return f"alt text is a file name ({alt!r})"
    return None


def image_problems(html: str) -> list[str]:
    """Images in a page (and in its embedded widget state) without alt text that describes them."""
    soup = parsed_page(html)
    problems = []
    for img in soup.find_all("img"):
        src = img.get("src", "")
        why = alt_problem(img.get("alt"), src)
        if why:
            problems.append(f"<img src={src[:60]!r}>: {why}")
    for script in soup.find_all("script", type=WIDGET_STATE):
        models = json.loads(script.string or "{}").get("state", {})
        for model_id, model in models.items():
            name, state = model.get("model_name"), model.get("state", {})
            if name == "ImageModel":
                problems.append(f"widget {model_id}: an ipywidgets.Image has no alt text; "
                                "show an <img alt=...> in an ipywidgets.HTML (as scaling_lab.explore does)")
            elif isinstance(state.get("value"), str) and "<img" in state["value"]:
                problems += [f"widget {model_id}: {p}" for p in image_problems(state["value"])]
    return problems


def heading_problems(html: str) -> list[str]:
    """Headings of the article out of order: not one h1 first, or a level skipped going down."""
    soup = parsed_page(html)
    article = soup.find("article") or soup.find("main") or soup
    levels = [(int(h.name[1]), h.get_text(" ", strip=True)[:50])
              for h in article.find_all(re.compile(r"^h[1-6]$"))]
    if not levels:
        return ["no heading at all"]
    problems = []
    if levels[0][0] != 1:
        problems.append(f"the first heading is an h{levels[0][0]} ({levels[0][1]!r}), not an h1")
    if sum(level == 1 for level, _ in levels) > 1:
        problems.append(f"{sum(level == 1 for level, _ in levels)} h1 headings")
    for (before, _), (after, text) in zip(levels, levels[1:]):
        if after > before + 1:
            problems.append(f"h{before} followed by h{after} ({text!r})")
    return problems


@pytest.fixture(scope="module")
def pages_html(site_dir):
    found = built_pages(site_dir)
    assert len(found) >= 3, f"too few pages built in {site_dir}"
    return {path.relative_to(site_dir).as_posix(): path for path in found}


def test_every_image_has_alt_text(pages_html):
    problems = {name: found for name, path in pages_html.items()
                if (found := image_problems(path.read_text(encoding="utf-8")))}
    assert not problems, f"images without alt text: {problems}"


def test_explorer_frames_are_images_with_alt_text(pages_html):
    """The kernel-free explorers are really scanned: their frames are found, each with its own alt text."""
    frames = []
    for path in pages_html.values():
        for script in _soup(path).find_all("script", type=WIDGET_STATE):
            for model in json.loads(script.string).get("state", {}).values():
                value = model.get("state", {}).get("value")
                if isinstance(value, str) and "<img" in value:
                    frames.append(BeautifulSoup(value, "html.parser").img.get("alt"))
    assert len(frames) >= 21, f"found {len(frames)} explorer frames; the Zipf chapter alone has 21"
    assert len(set(frames)) == len(frames), "two frames share the same alt text: say each frame's slider values"


def test_alt_text_check_can_fail():
    assert image_problems('<img src="a.png">') == ["<img src='a.png'>: no alt attribute"]
    assert image_problems('<img src="x/a.png" alt="../_images/a.png">')
    assert image_problems('<img src="a.png" alt=" ">')
    assert image_problems('<img src="a.png" alt="Loss falls as a power law">') == []
    state = {"state": {"1": {"model_name": "HTMLModel", "state": {"value": '<img src="data:image/png;base64,x">'}},
                       "2": {"model_name": "ImageModel", "state": {}}}}
    page = f'<script type="{WIDGET_STATE}">{json.dumps(state)}</script>'
    assert len(image_problems(page)) == 2


def test_headings_are_in_order(pages_html):
    problems = {name: found for name, path in pages_html.items()
                if 'http-equiv="Refresh"' not in (html := path.read_text(encoding="utf-8"))  # index.html redirects
                and (found := heading_problems(html))}
    assert not problems, f"headings out of order: {problems}"


def test_heading_check_can_fail():
    assert heading_problems("<article><h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2></article>") == []
    assert heading_problems("<article><h1>a</h1><h3>c</h3></article>") == ["h1 followed by h3 ('c')"]
    assert heading_problems("<article><h2>a</h2></article>")
    assert heading_problems("<article><h1>a</h1><h1>b</h1></article>")


def test_page_weight(pages_html):
    weights = sorted(((path.stat().st_size, name) for name, path in pages_html.items()), reverse=True)
    report = BOOK_ROOT / "_build" / "page_weights.txt"
    report.write_text("".join(f"{size:>10,d}  {name}\n" for size, name in weights), encoding="utf-8")
    heaviest, name = weights[0]
    print(f"\nheaviest page: {name}, {heaviest / 1e6:.3f} MB of HTML (limit {MAX_PAGE_BYTES / 1e6:.1f} MB); "
          f"all weights in {report}")
    over = [(name, size) for size, name in weights if size > MAX_PAGE_BYTES]
    assert not over, f"pages over {MAX_PAGE_BYTES:,} bytes of HTML: {over}"


def _links(path: Path, pattern: str) -> list[str]:
    return [a["href"] for a in _soup(path).find_all("a", href=True) if re.search(pattern, a["href"])]


def test_edit_links_name_files_that_exist(pages, site_dir):
    from scaling_lab.authoring.setup_cell import course_repository

    repo = course_repository(BOOK_ROOT)
    for page in pages:
        edits = _links(site_dir / f"{page}.html", r"/edit/")
        assert len(set(edits)) == 1, f"{page}: expected one 'edit this page' link, found {edits}"
        prefix = f"{repo.url}/edit/{repo.branch}/"
        assert edits[0].startswith(prefix), f"{page}: {edits[0]} is not under {prefix}"
        assert (BOOK_ROOT / edits[0][len(prefix):]).is_file(), f"{page}: {edits[0]} names no file"


def test_repository_button_points_at_the_course(pages, site_dir):
    from scaling_lab.authoring.setup_cell import course_repository

    repo = course_repository(BOOK_ROOT)
    for page in pages:
        assert repo.url in _links(site_dir / f"{page}.html", r"^https://"), f"{page}: no link to {repo.url}"


def test_launch_buttons_open_notebooks_the_build_wrote(pages, site_dir):
    launch = BOOK_ROOT / "_build" / "launch"
    seen = 0
    for page in pages:
        html = site_dir / f"{page}.html"
        colab = _links(html, r"^https://colab\.research\.google\.com/")
        binder = _links(html, r"^https://mybinder\.org/")
        for url in colab:
            path = url.split("/blob/", 1)[1].split("/", 1)[1]
            assert path.endswith(".ipynb"), f"{page}: Colab opens {path}, which is not a notebook"
            assert (launch / path).is_file(), f"{page}: Colab opens {path}, which the build did not write"
            seen += 1
        for url in binder:
            path = url.split("urlpath=lab/tree/", 1)[1]
            assert (launch / path).is_file(), f"{page}: Binder opens {path}, which the build did not write"
        if page.startswith("labs/"):
            assert colab and binder, f"{page}: a lab needs its Colab and Binder buttons"
    assert seen, "no Colab button on any page"
    assert (launch / "requirements.txt").is_file(), "Binder needs the launch branch's requirements.txt"


def test_each_lab_page_offers_its_student_notebook(pages, site_dir):
    """The download in the box is the student notebook that make student wrote (so no solution in it)."""
    labs = [page for page in pages if page.startswith("labs/")]
    assert labs
    for page in labs:
        name = f"{Path(page).name}.ipynb"
        downloads = [href for href in _links(site_dir / f"{page}.html", r"_downloads/") if href.endswith(name)]
        assert downloads, f"{page}: no download of {name}"
        for href in set(downloads):
            served = (site_dir / page).parent / href
            student = BOOK_ROOT / "_build" / "student" / name
            assert served.resolve().read_bytes() == student.read_bytes(), f"{page}: {href} is not the student notebook"
