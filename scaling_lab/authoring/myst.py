r"""Read the MyST markup of a chapter or lab, and render it for plain Jupyter.

The book is written in MyST markdown, which Jupyter Book understands and plain
Jupyter does not.  The student version of a lab (:mod:`scaling_lab.authoring.student`) is a
plain notebook, so every directive and role in it must either become ordinary
markdown or stop the build.  This module knows a fixed list of each; anything
else raises :class:`MystMarkupError` naming the cell and the markup, so a new
piece of book-only syntax can never slip into a student notebook unrendered.

Directives (fenced with ``` or :::, possibly nested):

- ``exercise`` (with ``:label:``) and the gated pair ``exercise-start`` /
  ``exercise-end``: a bold "Exercise" heading followed by the text;
- ``solution``, and everything between ``solution-start`` and ``solution-end``
  (across cells): removed;
- admonitions (``note``, ``tip``, ``hint``, ``important``, ``warning``,
  ``caution``, ``attention``, ``seealso``, ``admonition``): a block quote with a
  bold title;
- ``math``: a ``$$`` display.

Roles: ``ref``, ``numref``, ``doc``, ``download``, ``term`` keep their text;
``math`` becomes ``$...$``; ``cite``, ``cite:p``, ``cite:t`` (and ``cite:ps``,
``cite:ts``) become "(Zipf 1949)" or "Zipf (1949)" from the bibliography.
``eq`` and ``glue`` roles are refused: their text exists only in the built book.
Label lines ``(name)=`` and MyST comments ``% ...`` are dropped.

A chapter handed out as a plain notebook (the notebooks behind the site's Colab
and Binder buttons) is rendered with two options of :func:`render_markdown`:
``glue=`` pastes the values a build recorded into ``{glue:text}`` roles, and
``show_solutions=True`` keeps the text of solutions under a bold "Solution"
heading.  A ``glossary`` renders as one paragraph per entry, its terms in bold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Callable
from pathlib import Path

__all__: list[str] = []  # not part of the top-level namespace; used by scaling_lab.authoring.student and the tests

SOLUTION_DIRECTIVES = ("solution", "solution-start", "solution-end")
EXERCISE_DIRECTIVES = ("exercise", "exercise-start", "exercise-end")
ADMONITIONS = ("note", "tip", "hint", "important", "warning", "caution", "attention", "seealso", "admonition")
KNOWN_DIRECTIVES = (*SOLUTION_DIRECTIVES, *EXERCISE_DIRECTIVES, *ADMONITIONS, "math", "glossary", "table")

TEXT_ROLES = ("ref", "numref", "doc", "download", "term")
CITE_ROLES = ("cite", "cite:p", "cite:t", "cite:ps", "cite:ts")
KNOWN_ROLES = (*TEXT_ROLES, *CITE_ROLES, "math")

_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|:{3,})[ \t]*\{(?P<name>[^}\s]+)\}[ \t]*(?P<arg>.*)$")
_PLAIN_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?!.*\{)")
_OPTION = re.compile(r"^[ \t]*:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")
_ROLE_OR_CODE = re.compile(
    r"\{(?P<name>[A-Za-z][\w:.-]*)\}`(?P<content>[^`]*)`"  # a role: {name}`content`
    r"|(?P<code>(?P<ticks>`+)(?:(?!(?P=ticks)).)+?(?P=ticks))",  # an inline code span
    re.S,
)
_LABEL_LINE = re.compile(r"^\([\w.:-]+\)=[ \t]*$")
_COMMENT_LINE = re.compile(r"^%")


class MystMarkupError(ValueError):
    """Markup that the student build cannot render: unknown, refused, or unbalanced."""


@dataclass
class Directive:
    """One fenced directive in a markdown cell."""

    name: str
    argument: str
    options: dict[str, str]
    body: str
    start: int  # line index of the opening fence
    end: int  # line index of the closing fence (== start for start/end markers without a closing fence)


@dataclass
class Bibliography:
    """Author surnames and years by citation key, enough to write "Kaplan et al. (2020)"."""

    entries: dict[str, tuple[list[str], str]] = field(default_factory=dict)

    @classmethod
    def from_bibtex(cls, text: str) -> Bibliography:
        """Parse the ``author`` and ``year`` fields of every ``@type{key, ...}`` entry."""
        entries = {}
        for match in re.finditer(r"@\w+\s*\{\s*([^,\s]+)\s*,", text):
            key = match.group(1)
            nxt = text.find("\n@", match.end())
            body = text[match.end(): None if nxt < 0 else nxt]
            authors = _bib_field(body, "author")
            year = _bib_field(body, "year") or "n.d."
            names = [_surname(a) for a in re.split(r"\s+and\s+", authors)] if authors else ["Anonymous"]
            entries[key] = (names, year)
        return cls(entries)

    @classmethod
    def from_file(cls, path) -> Bibliography:
        return cls.from_bibtex(Path(path).read_text(encoding="utf-8"))

    def names(self, key: str) -> tuple[str, str]:
        """("Kaplan et al.", "2020") for a key, or raise for an unknown one."""
        if key not in self.entries:
            raise MystMarkupError(f"citation key {key!r} is not in the bibliography")
        authors, year = self.entries[key]
        if len(authors) == 1:
            who = authors[0]
        elif len(authors) == 2:
            who = f"{authors[0]} and {authors[1]}"
        else:
            who = f"{authors[0]} et al."
        return who, year


def _bib_field(body: str, name: str) -> str:
    match = re.search(rf"\b{name}\s*=\s*", body, re.IGNORECASE)
    if not match:
        return ""
    rest = body[match.end():]
    if rest.startswith("{"):
        depth = 0
        for i, char in enumerate(rest):
            depth += (char == "{") - (char == "}")
            if depth == 0:
                return _strip_braces(rest[1:i])
        return _strip_braces(rest[1:])
    if rest.startswith('"'):
        return _strip_braces(rest[1:rest.find('"', 1)])
    return re.split(r"[,}\n]", rest, maxsplit=1)[0].strip()


def _strip_braces(text: str) -> str:
    text = re.sub(r"\\['`^\"~=.]\{?(\w)\}?", r"\1", text)  # {\'e} -> e
    return " ".join(text.replace("{", "").replace("}", "").split())


def _surname(author: str) -> str:
    author = author.strip()
    if "," in author:
        return author.split(",")[0].strip()
    return author.split()[-1] if author.split() else author


def find_directives(text: str, *, where: str = "markdown") -> list[Directive]:
    """Every top-level directive of a markdown text, in order (nested ones are in their bodies).

    ``solution-start``/``solution-end`` and ``exercise-start``/``exercise-end`` open
    and close regions that span cells, so each is reported as a directive of its
    own whose body holds only its options.
    """
    lines = text.split("\n")
    found = []
    i = 0
    while i < len(lines):
        plain = _PLAIN_FENCE.match(lines[i])
        if plain:  # an ordinary code block: skip to its closing fence
            i = _closing(lines, i, plain.group("fence"), where) + 1
            continue
        match = _OPEN.match(lines[i])
        if not match:
            i += 1
            continue
        close = _closing(lines, i, match.group("fence"), where, name=match.group("name"))
        inner = lines[i + 1:close]
        options = {}
        while inner and _OPTION.match(inner[0]):
            option = _OPTION.match(inner.pop(0))
            options[option.group("key")] = option.group("value").strip()
        found.append(Directive(match.group("name"), match.group("arg").strip(), options,
                               "\n".join(inner).strip("\n"), i, close))
        i = close + 1
    return found


def _closing(lines, start, fence, where, name=None) -> int:
    char, length = fence[0], len(fence)
    for j in range(start + 1, len(lines)):
        stripped = lines[j].strip()
        if stripped and set(stripped) == {char} and len(stripped) >= length:
            return j
    what = f"{{{name}}} directive" if name else "code block"
    raise MystMarkupError(f"{where}: the {what} opened on line {start + 1} is never closed")


def render_roles(text: str, bibliography: Bibliography | None, *, where: str = "markdown",
                 glue: Callable[[str], str] | None = None) -> str:
    """Replace every known role by plain markdown; raise on a refused or unknown one.

    Roles and inline code spans are read in one left-to-right pass, so a role's
    closing backtick is never taken for the start of a code span, and markup
    inside a code span is left alone.
    """
    def replace(match):
        if match.group("code") is not None:
            return match.group(0)
        return _render_role(match.group("name"), match.group("content"), bibliography, where, glue)

    return _ROLE_OR_CODE.sub(replace, text)


def _render_role(name: str, content: str, bibliography, where: str, glue=None) -> str:
    if name in TEXT_ROLES:
        shown = re.match(r"^(?P<text>.*?)\s*<[^<>]+>$", content, re.S)
        if shown:
            return shown.group("text")
        return f"`{content}`" if name in ("ref", "numref", "doc") else content
    if name == "math":
        return f"${content}$"
    if name in CITE_ROLES:
        if bibliography is None:
            raise MystMarkupError(f"{where}: {{{name}}}`{content}` needs a bibliography to render")
        parts = [bibliography.names(key.strip()) for key in content.split(",") if key.strip()]
        if name in ("cite:t", "cite:ts"):
            return "; ".join(f"{who} ({year})" for who, year in parts)
        return "(" + "; ".join(f"{who} {year}" for who, year in parts) + ")"
    if name == "glue:text" and glue is not None:
        return glue(content)
    if name == "eq" or name.startswith("glue"):
        raise MystMarkupError(f"{where}: the {{{name}}} role has text only in the built book; "
                              "write the equation or the number out in a lab")
    raise MystMarkupError(f"{where}: unknown role {{{name}}} (known: {', '.join(KNOWN_ROLES)})")


def render_markdown(text: str, bibliography: Bibliography | None = None, *, where: str = "markdown",
                    glue: Callable[[str], str] | None = None, show_solutions: bool = False) -> str:
    """Plain-Jupyter markdown for one cell.

    Exercises become bold headings, admonitions block quotes, ``math`` a ``$$``
    display; label lines and comments are dropped; roles are rendered by
    :func:`render_roles`.  An unknown directive or a refused role raises
    :class:`MystMarkupError`; so does a solution directive, unless
    ``show_solutions`` (then its text follows a bold "Solution" heading).
    ``glue``, given the content of a ``{glue:text}`` role (``key`` or
    ``key:format``), returns the text to paste in its place.
    """
    options = {"glue": glue, "show_solutions": show_solutions}
    lines = [line for line in text.split("\n") if not _LABEL_LINE.match(line) and not _COMMENT_LINE.match(line)]
    text = "\n".join(lines)
    out, cursor = [], 0
    lines = text.split("\n")
    for directive in find_directives(text, where=where):
        out.append("\n".join(lines[cursor:directive.start]))
        out.append(_render_directive(directive, bibliography, where, options))
        cursor = directive.end + 1
    out.append("\n".join(lines[cursor:]))
    rendered = "\n".join(out)
    rendered = render_roles(rendered, bibliography, where=where, glue=glue)
    return re.sub(r"\n{3,}", "\n\n", rendered).strip("\n")


def _render_directive(directive: Directive, bibliography, where, options) -> str:
    name = directive.name

    def inner(text):
        return render_markdown(text, bibliography, where=where, **options)

    if name in SOLUTION_DIRECTIVES:
        if not options["show_solutions"]:
            raise MystMarkupError(f"{where}: a {{{name}}} directive must be removed before rendering")
        if name == "solution-end":
            return ""
        return f"**Solution**\n\n{inner(directive.body)}".rstrip() if directive.body else "**Solution**"
    if name == "exercise" or name == "exercise-start":
        title = directive.argument
        heading = f"**Exercise: {title}**" if title else "**Exercise**"
        body = inner(directive.body) if directive.body else ""
        return f"{heading}\n\n{body}".rstrip()
    if name == "exercise-end":
        return ""
    if name in ADMONITIONS:
        title = directive.argument if name == "admonition" else (directive.argument or name.capitalize())
        if name == "seealso" and not directive.argument:
            title = "See also"
        body = inner(directive.body)
        quoted = "\n".join(f"> {line}".rstrip() for line in body.split("\n"))
        return f"> **{title}.**\n>\n{quoted}"
    if name == "math":
        return f"$$\n{directive.body.strip()}\n$$"
    if name == "glossary":
        return "\n\n".join(_glossary_entry(terms, definition, inner)
                            for terms, definition in _glossary_entries(directive.body))
    if name == "table":  # a captioned table: the caption in bold above the table itself
        body = inner(directive.body)
        return f"**{render_roles(directive.argument, bibliography, where=where)}**\n\n{body}" if directive.argument \
            else body
    raise MystMarkupError(f"{where}: unknown directive {{{name}}} (known: {', '.join(KNOWN_DIRECTIVES)})")


def exercise_labels(text: str, *, where: str = "markdown") -> list[str]:
    """Labels of the ``exercise`` / ``exercise-start`` directives in a markdown text, in order."""
    labels = []
    for directive in find_directives(text, where=where):
        if directive.name in ("exercise", "exercise-start"):
            label = directive.options.get("label", "")
            if not label:
                raise MystMarkupError(f"{where}: an {{{directive.name}}} directive has no :label:")
            labels.append(label)
    return labels


def _glossary_entries(body: str) -> list[tuple[list[str], str]]:
    """A glossary's entries: the terms (unindented lines, one after another) and the indented definition."""
    entries: list[tuple[list[str], list[str]]] = []
    for line in body.split("\n"):
        if not line.strip():
            if entries and entries[-1][1]:
                entries[-1][1].append("")
        elif line[0].isspace():
            if not entries:
                raise MystMarkupError(f"a glossary definition comes before any term: {line.strip()!r}")
            entries[-1][1].append(line.strip())
        elif entries and not entries[-1][1]:
            entries[-1][0].append(line.strip())
        else:
            entries.append(([line.strip()], []))
    return [(terms, "\n".join(lines).strip()) for terms, lines in entries]


def _glossary_entry(terms: list[str], definition: str, render) -> str:
    return ", ".join(f"**{term}**" for term in terms) + ". " + render(definition)
