"""Roadmap tables ("Yhteenveto", regional roadmap) into ``lape:RoadmapTarget`` nodes.

Each rooting plan ends with a summary table of what the municipality aims at in 2019,
2022, 2025 and 2030, and the Uusimaa results slides carry the same for the region, one
table per development area. The PDF conversion left three different shapes:

* Porvoo and Raasepori: tab-separated rows under ``Yhteenveto`` with the columns
  2018/2019/2022/2025/2030. The 2018 column is the state reached during the programme
  ("Mihin päästiin hankeaikana?"); in Porvoo it names the row's theme, in Raasepori it
  is empty. Porvoo packs two statements into one cell, separated by two spaces.
* Lohja: Markdown tables; an underlined ``<u>…</u>`` row names a theme and the rows
  below it hold the cells for 2019/2022/2025/2030. A page break split the table in two;
  the second part has an empty header and continues the last theme.
* Uusimaa (results slides): one heading per development area, a year header and a
  single tab-separated row whose cells are runs of HTML ``<p>`` statements; before
  them the "JUURUTTAMISEN SUUNNITELMAN AIKAJÄNNE" table says what each year means.

Parsing is pure (text in, records with character spans out), so the tests run on the
real documents; :func:`ingest` turns the records into triples with span-checked evidence.
A table that is not where it should be is an :class:`~lapekg.errors.InputError` naming
the document, the file and the line, never a silently empty roadmap.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ..errors import InputError
from ..namespaces import LAPE
from .context import BuildContext
from .iris import slugify

SUMMARY_HEADING = "Yhteenveto"
SUMMARY_YEARS = (2018, 2019, 2022, 2025, 2030)
HORIZON_HEADING = "JUURUTTAMISEN SUUNNITELMAN AIKAJÄNNE"
#: The regional roadmap, one table per development area, in document order.
UUSIMAA_SECTIONS = (
    "TOIMINTAKULTTUURIN MUUTOS",
    "PERHEKESKUSTOIMINTAMALLI",
    "VARHAISKASVATUS, KOULU JA OPPILAITOKSET",
    "ERITYISTASON JA VAATIVAN TASON KEHITTÄMINEN",
)

#: Theme rows whose underline the PDF conversion lost. Lohja's second table (after the
#: page break) alternates heading rows and cell rows like the first one, but without
#: ``<u>``; only this row is unmistakably a heading (a topic, and the row below it is
#: about the systemic approach "not only in child welfare"). Each entry must match a
#: row, so a stale override fails the build instead of being ignored.
UNMARKED_THEMES: dict[str, frozenset[str]] = {
    "lohja-2018": frozenset({"Systeminen työote alueellisessa työssä"}),
}

_STATEMENT_SEPARATOR = re.compile(r" {2,}")
_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_UNDERLINED = re.compile(r"^<u>(.*)</u>$", re.DOTALL)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class Line:
    """One line of a document: 1-based number, character offsets, text without newline."""

    number: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Span:
    """A stretch of a document's text, kept so evidence can point at it exactly."""

    start: int
    end: int
    text: str
    line: int


@dataclass(frozen=True)
class RoadmapStatement:
    """One statement of a roadmap cell: what is aimed at (or reached) in ``year``."""

    doc: str
    key: str                 # theme slug, or ``row-<n>`` for a row without a theme
    year: int
    n: int                   # position among the statements of (key, year), from 1
    statement: Span
    theme: str | None = None
    theme_span: Span | None = None

    @property
    def text(self) -> str:
        """The statement as a literal: markup stripped, whitespace runs collapsed."""
        return clean(self.statement.text)

    @property
    def slug(self) -> str:
        """The IRI key ``<doc>.<theme-or-row>.<year>.<n>``."""
        return f"{self.doc}.{self.key}.{self.year}.{self.n}"


@dataclass(frozen=True)
class HorizonRow:
    """A row of the regional time-span table: what a roadmap year stands for."""

    year: int
    label: str
    note: str
    span: Span


class RoadmapTableError(InputError):
    """An expected roadmap table is missing or malformed (message names the document)."""


# -- helpers --------------------------------------------------------------------------


def clean(text: str) -> str:
    """Literal text of a cell: tags removed, whitespace runs collapsed."""
    return " ".join(_TAG.sub("", text).split())


def lines_of(text: str) -> list[Line]:
    """Every line with its offsets; the evidence spans are built from these."""
    lines: list[Line] = []
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        lines.append(Line(number, offset, offset + len(raw), raw))
        offset += len(raw) + 1
    return lines


def _missing(doc: str, file: str, line: int, what: str, hint: str) -> RoadmapTableError:
    return RoadmapTableError(f"{doc}: {what}", where=f"{file}:{line}", hint=hint)


def _find_heading(doc: str, file: str, lines: list[Line], heading: str,
                  start: int = 0) -> int:
    """Index of the first line at or after ``start`` that is ``heading`` (Markdown #s allowed)."""
    pattern = re.compile(r"^#*\s*" + re.escape(heading) + r"\s*$")
    for index in range(start, len(lines)):
        if pattern.match(lines[index].text):
            return index
    where = lines[start].number if start < len(lines) else len(lines)
    raise _missing(doc, file, where, f"heading {heading!r} not found",
                   f"the roadmap table of {file} must follow a line {heading!r}")


def _next_nonblank(lines: list[Line], start: int) -> int | None:
    for index in range(start, len(lines)):
        if lines[index].text.strip():
            return index
    return None


def _strip_span(text: str, start: int, end: int, line: int) -> Span | None:
    """The span of ``text[start:end]`` without surrounding whitespace (None if blank)."""
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    begin = start + (len(piece) - len(piece.lstrip()))
    return Span(begin, begin + len(stripped), stripped, line)


def _split_statements(text: str, cell: Span) -> list[Span]:
    """Statements of a tab-separated cell: Porvoo separates two of them by two spaces."""
    spans: list[Span] = []
    position = cell.start
    for separator in _STATEMENT_SEPARATOR.finditer(cell.text):
        piece = _strip_span(text, position, cell.start + separator.start(), cell.line)
        if piece:
            spans.append(piece)
        position = cell.start + separator.end()
    piece = _strip_span(text, position, cell.end, cell.line)
    if piece:
        spans.append(piece)
    return spans


def _tab_cells(text: str, line: Line) -> list[Span | None]:
    """The cells of a tab-separated row, each stripped (None for an empty cell)."""
    cells: list[Span | None] = []
    position = line.start
    for raw in line.text.split("\t"):
        cells.append(_strip_span(text, position, position + len(raw), line.number))
        position += len(raw) + 1
    return cells


def _pipe_cells(text: str, line: Line) -> list[Span | None] | None:
    """The cells of a Markdown table row ``| a | b |``, or None if the line is not one."""
    raw = line.text.rstrip()
    if not (raw.startswith("|") and raw.endswith("|") and len(raw) > 1):
        return None
    cells: list[Span | None] = []
    position = line.start + 1
    for part in raw[1:-1].split("|"):
        cells.append(_strip_span(text, position, position + len(part), line.number))
        position += len(part) + 1
    return cells


def _numbered(statements: Iterator[tuple[str, str | None, Span | None, int, Span]],
              doc: str) -> list[RoadmapStatement]:
    """Give each statement its position within (key, year), in document order."""
    seen: Counter[tuple[str, int]] = Counter()
    records: list[RoadmapStatement] = []
    for key, theme, theme_span, year, span in statements:
        seen[key, year] += 1
        records.append(RoadmapStatement(doc, key, year, seen[key, year], span, theme,
                                        theme_span))
    return records


def _theme_key(theme: str | None, row: int) -> str:
    return (slugify(theme) if theme else "") or f"row-{row}"


# -- parsers --------------------------------------------------------------------------


def parse_summary_tsv(doc: str, text: str, file: str) -> list[RoadmapStatement]:
    """Porvoo's and Raasepori's ``Yhteenveto``: 2018 (theme/state) then four target years.

    The 2018 cell is not a target: it names the row (Porvoo) or is empty (Raasepori,
    whose rows then get ``row-<n>`` keys and no theme).
    """
    lines = lines_of(text)
    heading = _find_heading(doc, file, lines, SUMMARY_HEADING)
    header = _next_nonblank(lines, heading + 1)
    expected = "\t".join(str(year) for year in SUMMARY_YEARS)
    if header is None or lines[header].text.strip() != expected:
        raise _missing(doc, file, lines[heading].number,
                       "the Yhteenveto table header 2018/2019/2022/2025/2030 was not found",
                       "expected a tab-separated year row right after the heading")

    def rows() -> Iterator[tuple[str, str | None, Span | None, int, Span]]:
        row = 0
        for line in lines[header + 1:]:
            if not line.text.strip():
                continue
            if "\t" not in line.text:
                break
            cells = _tab_cells(text, line)
            if len(cells) != len(SUMMARY_YEARS):
                raise _missing(doc, file, line.number,
                               f"a Yhteenveto row has {len(cells)} cells, not "
                               f"{len(SUMMARY_YEARS)}", "one cell per year 2018…2030")
            row += 1
            theme_span = cells[0]
            theme = clean(theme_span.text) if theme_span else None
            key = _theme_key(theme, row)
            for year, cell in zip(SUMMARY_YEARS[1:], cells[1:], strict=True):
                if cell:
                    for span in _split_statements(text, cell):
                        yield key, theme, theme_span, year, span

    records = _numbered(rows(), doc)
    if not records:
        raise _missing(doc, file, lines[header].number, "the Yhteenveto table has no rows",
                       "rows follow the year header, one per line, tab-separated")
    return records


def parse_summary_markdown(doc: str, text: str, file: str) -> list[RoadmapStatement]:
    """Lohja's ``Yhteenveto``: Markdown tables where an underlined row names the theme.

    Tables follow each other separated by blank lines; a table whose header row is empty
    continues the previous one (the PDF page break), keeping its years and last theme.
    """
    lines = lines_of(text)
    heading = _find_heading(doc, file, lines, SUMMARY_HEADING)
    overrides = set(UNMARKED_THEMES.get(doc, frozenset()))
    years: list[int] = []
    theme: str | None = None
    theme_span: Span | None = None
    found: list[tuple[str, str | None, Span | None, int, Span]] = []
    index = heading + 1
    while (start := _next_nonblank(lines, index)) is not None:
        header = _pipe_cells(text, lines[start])
        if header is None:
            break
        labels = [cell.text if cell else "" for cell in header]
        if any(labels):
            if not all(_YEAR.match(label) for label in labels):
                raise _missing(doc, file, lines[start].number,
                               f"a Yhteenveto table header is not a row of years: {labels}",
                               "expected | 2019 | 2022 | 2025 | 2030 |")
            years = [int(label) for label in labels]
        elif not years:
            raise _missing(doc, file, lines[start].number,
                           "the first Yhteenveto table has no year header",
                           "expected | 2019 | 2022 | 2025 | 2030 |")
        index = start + 2                       # skip the |---| separator row
        while index < len(lines) and (cells := _pipe_cells(text, lines[index])) is not None:
            line = lines[index]
            index += 1
            if len(cells) != len(years):
                raise _missing(doc, file, line.number,
                               f"a Yhteenveto row has {len(cells)} cells, not {len(years)}",
                               "one cell per year column")
            first = cells[0]
            rest_empty = not any(cells[1:])
            underlined = _UNDERLINED.match(first.text) if first else None
            if first and rest_empty and (underlined or first.text in overrides):
                if underlined:
                    inner = first.start + underlined.start(1)
                    theme_span = _strip_span(text, inner, inner + len(underlined.group(1)),
                                             line.number)
                else:
                    overrides.discard(first.text)
                    theme_span = first
                theme = clean(theme_span.text) if theme_span else None
                continue
            if theme is None:
                raise _missing(doc, file, line.number,
                               "a Yhteenveto row comes before any underlined theme row",
                               "the first row of the table must be <u>theme</u>")
            for year, cell in zip(years, cells, strict=True):
                if cell:
                    found.append((slugify(theme), theme, theme_span, year, cell))
    if overrides:
        raise _missing(doc, file, lines[heading].number,
                       f"unmarked theme rows not found: {sorted(overrides)}",
                       "update UNMARKED_THEMES in lapekg/ingest/roadmap.py")
    if not found:
        raise _missing(doc, file, lines[heading].number,
                       "no Markdown Yhteenveto table follows the heading",
                       "expected | 2019 | 2022 | 2025 | 2030 | and rows below it")
    return _numbered(iter(found), doc)


def parse_horizon(doc: str, text: str, file: str) -> list[HorizonRow]:
    """The regional "AIKAJÄNNE" table: year, kind of action, and when (may be empty)."""
    lines = lines_of(text)
    heading = _find_heading(doc, file, lines, HORIZON_HEADING)
    rows: list[HorizonRow] = []
    index = _next_nonblank(lines, heading + 1)
    while index is not None and index < len(lines):
        line = lines[index]
        cells = _tab_cells(text, line)
        if not cells or cells[0] is None or not _YEAR.match(cells[0].text):
            break
        label = cells[1] if len(cells) > 1 else None
        note = cells[2] if len(cells) > 2 else None
        if label is None:
            raise _missing(doc, file, line.number, "a time-span row has no label",
                           "expected year<TAB>label<TAB>note")
        row_span = Span(cells[0].start, (note or label).end,
                        text[cells[0].start:(note or label).end], line.number)
        rows.append(HorizonRow(int(cells[0].text), clean(label.text),
                               clean(note.text) if note else "", row_span))
        index += 1
    if not rows:
        raise _missing(doc, file, lines[heading].number, "the time-span table has no rows",
                       "expected year<TAB>label<TAB>note rows after the heading")
    return rows


def section_theme(heading: str) -> str:
    """'VARHAISKASVATUS, KOULU JA OPPILAITOKSET' -> 'Varhaiskasvatus, koulu ja oppilaitokset'."""
    return heading[:1] + heading[1:].lower()


def _year_row(doc: str, file: str, text: str, lines: list[Line], heading: int,
              what: str) -> tuple[int, list[int]]:
    """Index and years of the tab-separated year header right after a heading."""
    header = _next_nonblank(lines, heading + 1)
    cells = _tab_cells(text, lines[header]) if header is not None else []
    labels = [cell.text if cell else "" for cell in cells]
    if header is None or not labels or not all(_YEAR.match(label) for label in labels):
        raise _missing(doc, file, lines[heading].number,
                       f"the year header of {what!r} was not found",
                       "expected 2019<TAB>2022<TAB>2025<TAB>2030 after the heading")
    return header, [int(label) for label in labels]


def _paragraphs(doc: str, file: str, text: str, cell: Span, what: str) -> list[Span]:
    """The ``<p>`` statements of a cell; any text outside them is an error."""
    leftover = _PARAGRAPH.sub("", cell.text).strip()
    if leftover:
        raise _missing(doc, file, cell.line, f"text outside <p> in {what}: {leftover[:40]!r}",
                       "each statement must be a <p>…</p> element")
    spans = []
    for paragraph in _PARAGRAPH.finditer(cell.text):
        inner = cell.start + paragraph.start(1)
        span = _strip_span(text, inner, inner + len(paragraph.group(1)), cell.line)
        if span:
            spans.append(span)
    return spans


def parse_regional(doc: str, text: str, file: str) -> list[RoadmapStatement]:
    """The Uusimaa roadmap: per development area, one row of ``<p>`` statements per year.

    The section heading is the theme. Anything in a cell besides ``<p>`` elements is an
    error, so a change in the conversion cannot drop statements unnoticed; the years
    must be ones the time-span table explains.
    """
    lines = lines_of(text)
    horizon = {row.year for row in parse_horizon(doc, text, file)}
    found: list[tuple[str, str | None, Span | None, int, Span]] = []
    index = 0
    for heading_text in UUSIMAA_SECTIONS:
        heading = _find_heading(doc, file, lines, heading_text, index)
        offset = lines[heading].start + lines[heading].text.index(heading_text)
        theme_span = Span(offset, offset + len(heading_text), heading_text,
                          lines[heading].number)
        header, years = _year_row(doc, file, text, lines, heading, heading_text)
        if not set(years) <= horizon:
            raise _missing(doc, file, lines[header].number,
                           f"years {sorted(set(years) - horizon)} are not in the time-span "
                           "table", f"the {HORIZON_HEADING} table lists {sorted(horizon)}")
        row = _next_nonblank(lines, header + 1)
        cells = _tab_cells(text, lines[row]) if row is not None else []
        if row is None or len(cells) != len(years):
            raise _missing(doc, file, lines[header].number,
                           f"the statement row of {heading_text!r} does not have "
                           f"{len(years)} cells", "one tab-separated cell per year")
        for year, cell in zip(years, cells, strict=True):
            if cell is not None:
                for span in _paragraphs(doc, file, text, cell, f"{heading_text!r} {year}"):
                    found.append((slugify(heading_text), section_theme(heading_text),
                                  theme_span, year, span))
        index = row + 1
    return _numbered(iter(found), doc)


# -- graph ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Roadmap:
    """Where one roadmap is, how to read it, and which plan it belongs to."""

    doc: str
    parse: Callable[[str, str, str], list[RoadmapStatement]]
    plan: str


ROADMAPS = (
    Roadmap("porvoo-2018", parse_summary_tsv, "plan/porvoo-rooting-plan"),
    Roadmap("lohja-2018", parse_summary_markdown, "plan/lohja-rooting-plan"),
    Roadmap("raasepori-2018", parse_summary_tsv, "plan/raasepori-rooting-plan"),
    Roadmap("uusimaa-results-2018", parse_regional, "plan/uusimaa-results"),
)


def area_reference(meta: dict, doc: str) -> str:
    """``municipality/<code>`` or ``region/<code>`` from the document's manifest entry."""
    if meta.get("municipality"):
        return f"municipality/{meta['municipality']}"
    if meta.get("region"):
        return f"region/{meta['region']}"
    raise InputError(f"{doc}: the manifest names neither a municipality nor a region",
                     where="data/sources/sources.yaml",
                     hint="a roadmap's targets need an area")


def label_of(record: RoadmapStatement, limit: int = 100) -> str:
    """A readable label: year and statement, cut at a word boundary when long."""
    text = record.text
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return f"{record.year}: {text}"


def emit(ctx: BuildContext, roadmap: Roadmap, records: list[RoadmapStatement]) -> int:
    """Add one ``lape:RoadmapTarget`` per record to the document's graph."""
    document = ctx.sources[roadmap.doc]
    area = ctx.resolve(area_reference(document.meta, roadmap.doc), where=document.file,
                       kinds=("municipality", "region"))
    plan = ctx.resolve(roadmap.plan, where=document.file, kinds=("plan",))
    graph = ctx.graph(roadmap.doc)
    for record in records:
        where = f"{document.file}:{record.statement.line}"
        target: URIRef = ctx.declare(f"roadmap-target/{record.slug}", where)
        graph.add((target, RDF.type, LAPE.RoadmapTarget))
        graph.add((target, RDFS.label, Literal(label_of(record), lang="fi")))
        graph.add((target, LAPE.area, area))
        graph.add((target, LAPE.targetYear, Literal(str(record.year), datatype=XSD.gYear)))
        graph.add((target, LAPE.statement, Literal(record.text, lang="fi")))
        graph.add((target, LAPE.inPlan, plan))
        span = record.statement
        ctx.add_evidence(target, roadmap.doc, span.text, where=where,
                         span=(span.start, span.end))
        if record.theme and record.theme_span:
            graph.add((target, LAPE.theme, Literal(record.theme, lang="fi")))
            theme = record.theme_span
            ctx.add_evidence(target, roadmap.doc, theme.text,
                             where=f"{document.file}:{theme.line}",
                             span=(theme.start, theme.end))
    return len(records)


def parse_all(ctx: BuildContext) -> dict[str, list[RoadmapStatement]]:
    """Every roadmap's records, by document id."""
    return {roadmap.doc: roadmap.parse(roadmap.doc, ctx.sources[roadmap.doc].text,
                                       ctx.sources[roadmap.doc].file)
            for roadmap in ROADMAPS}


def ingest(ctx: BuildContext) -> None:
    """Parse the four roadmaps and add their targets (after plans and places are declared)."""
    parsed = parse_all(ctx)
    for roadmap in ROADMAPS:
        emit(ctx, roadmap, parsed[roadmap.doc])
