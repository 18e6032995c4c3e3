"""The measure tables of the Kymenlaakso child and youth welfare plan 2020–2024 (part II).

Two halves, kept apart on purpose:

* **Parsing** (:func:`parse_blocks`, :func:`classify_row`, :func:`split_items`): plain text
  in, frozen dataclasses out, no RDF. Tests run it against the pinned source text.
* **Emitting** (:func:`ingest`): turns the parsed blocks into RDF in the document's
  named graph, attributing each block to an actor through the reviewed mapping file
  ``data/curated/kymenlaakso-actor-blocks.yaml``.

Source quirks the parser has to live with (all seen in the pinned text):

* The actor headings ("2.1 Kymsote", "2.2 Haminan kaupunki", …) did not survive the PDF
  conversion; only the table-of-contents order remains. The code therefore never
  guesses an actor: it finds *blocks* (a new block starts whenever the main-goal
  sequence restarts at ``PÄÄTAVOITE I`` after ``III``) and the mapping file, reviewed by
  a person and carrying a verbatim clue per block, says whose block it is.
* Each table starts with a ``PÄÄTAVOITE <n>:`` heading whose goal text is either on the
  same line or, for III, on the next non-empty line. Part 1 of the document repeats the
  headings with a ``1.1 | `` prefix; those are not tables and do not match.
* Rows are tab-separated. Some tables have a leading empty header column and rows
  ``"3\\t<i>label</i>\\t…"`` (7 cells); others put number and label in one cell
  ``"3 <i>label</i>\\t…"`` (6 cells). Both end in the same five content cells.
* Cells hold HTML (``<ul style="list-style-type: none"> - a - b``, ``<p>…</p>``, ``<i>``),
  ``•`` bullets, dash bullets without a list, or plain text. Where the conversion lost
  the bullet markers altogether (``<ul> Koulutukseen satsaaminen Lasten ja nuorten…``)
  the item boundaries are gone and the cell stays one item: we do not invent them. A
  spaced hyphen inside such text is not a marker either ("Kasva Kotkassa -
  yhteistyöryhmä", Kouvola's unmarked "MLL:n eroauttamishanke - vertaisryhmät lapsille").
* The same sub-goal is worded slightly differently in some actors' tables ("yksilöinä ja
  yhteisön jäseninä" vs "yksilönä ja yhteisön jäsenenä"; "kehittyy"/"kehittyä"). Labels
  come from the first (Kymsote) block; other wordings become ``skos:altLabel``.

Row kinds (``lape:rowKind``), decided by :func:`classify_row` in this order:

1. ``blank`` — all five content cells are empty.
2. ``outside-remit`` — every cell is empty or a dash placeholder ("-") and at least one
   dash is present (the actor crossed the row out), or every non-placeholder cell says
   the matter is not in the actor's field ("Ei kuulu / Ei osu … tehtäväkenttään").
3. ``beyond-influence`` — every non-placeholder cell says the actor cannot influence it
   ("… ei voi vaikuttaa tähän").
4. ``see-previous`` — the measure cell is nothing but one cross-reference sentence
   ("Ks. edellinen kohta.", "Kts. kohta 1", "Ks. edelliset kohdat ja erityisesti
   palveluohjaus.") and every other cell is empty. A reference followed by further text
   of the actor's own ("Ks. kohta lapsivaikutusten arviointi. Toiminnan arvioinnin …")
   is own content. ``lape:refersToMeasure`` is added where the target is determinable:
   "edellinen kohta" → the previous sub-goal of the same main goal (even when that row
   is itself a reference: follow ``lape:refersToMeasure+``), "kohta N" → sub-goal N of
   the same main goal; the plural "edelliset kohdat" names no single row and gets none.
5. ``own-content`` — everything else.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..errors import InputError
from ..namespaces import LAPE, ROW_KIND
from . import implementers
from .context import BuildContext
from .iris import SLUG
from .sources import SourceDocument
from .yamlio import Located, load_yaml

DOC_ID = "kymenlaakso-2020"
PLAN_REF = "plan/kymenlaakso-welfare-plan"
MAPPING_FILE = "data/curated/kymenlaakso-actor-blocks.yaml"

#: The five content columns, in table order, with the property each one feeds.
COLUMNS: tuple[tuple[str, URIRef], ...] = (
    ("measure", LAPE.measureItem),      # toimenpide
    ("metric", LAPE.metric),            # mittari / toteutuminen
    ("schedule", LAPE.schedule),        # aikataulu
    ("implementer", LAPE.implementer),  # toimija(t) / toteuttaja(t)
    ("monitoring", LAPE.monitoring),    # seuranta / arviointi / ohjaus
)
HEADER_CELLS = ("välitavoite", "toimenpide", "mittari / toteutuminen", "aikataulu",
                "toimija(t) / toteuttaja(t)", "seuranta / arviointi / ohjaus")

ROW_KINDS = ("own-content", "outside-remit", "beyond-influence", "see-previous", "blank")

_HEADING = re.compile(r"^PÄÄTAVOITE (?P<numeral>I{1,3}):[ \t]*(?P<text>.*)$", re.M)
_ROW_7 = re.compile(r"^(?P<number>\d+)$")                 # "3" | "<i>label</i>" | …
_ROW_6 = re.compile(r"^(?P<number>\d+)\s+(?P<label>\S.*)$", re.S)  # "3 <i>label</i>" | …
_BLOCK_TAG = re.compile(r"</?(?:p|ul|ol|li|br)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]+>")
_DASH_BULLET = re.compile(r"(?:^|(?<=\s))-(?=\s|[A-ZÅÄÖ])")
_SPACED_LOWER = re.compile(r"-\s+[a-zåäö0-9]")    # "Kotkassa - yhteistyöryhmä"
_SENTENCE_END = re.compile(r"[.!?:]\s*$")
_PLACEHOLDER = re.compile(r"^-*$")
_OUTSIDE_REMIT = re.compile(r"\bei\s+(?:kuulu|osu)\b[^.]*\btehtäväkenttään", re.I)
_BEYOND_INFLUENCE = re.compile(r"\bei\s+voi\s+vaikuttaa\b", re.I)
_CROSS_REFERENCE = re.compile(r"^Kt?s\.\s+(?P<target>[^.]+?)\.?$")
_PREVIOUS_ONE = re.compile(r"^edellinen\s+kohta$", re.I)
_ITEM_N = re.compile(r"^kohta\s+(?P<n>\d+)$", re.I)


# --- parsed records --------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One table cell: its raw text (markup and all) and where it sits in the document."""

    raw: str
    start: int
    end: int

    @property
    def text(self) -> str:
        """Markup stripped, entities decoded, whitespace collapsed."""
        return normalise(_ANY_TAG.sub(" ", self.raw))

    @property
    def items(self) -> tuple[str, ...]:
        """One string per bullet / paragraph (see :func:`split_items`)."""
        return split_items(self.raw)

    @property
    def is_placeholder(self) -> bool:
        """Empty, or only dashes: the actor wrote nothing of its own here."""
        return bool(_PLACEHOLDER.match(self.text.replace(" ", "")))


@dataclass(frozen=True)
class Heading:
    """A ``PÄÄTAVOITE <n>:`` table heading with its goal text."""

    numeral: str
    text: str
    start: int          # of "PÄÄTAVOITE"
    end: int            # end of the goal text (may be on a later line)
    line: int


@dataclass(frozen=True)
class Row:
    """One table row: one actor's measures for one sub-goal."""

    line: int
    start: int
    end: int
    raw: str
    main_goal: str      # "I", "II", "III"
    number: int         # sub-goal number within the main goal
    label: Cell         # the välitavoite cell (label text only, number excluded)
    cells: tuple[Cell, ...]   # the five content cells, in COLUMNS order
    kind: str
    refers_to: int | None     # sub-goal number of the same main goal ("see previous")

    @property
    def notation(self) -> str:
        return f"{self.main_goal}/{self.number}"

    @property
    def key(self) -> str:
        """Slug fragment: 'I/3' -> 'i.3'."""
        return f"{self.main_goal.lower()}.{self.number}"

    def cell(self, column: str) -> Cell:
        return self.cells[[name for name, _ in COLUMNS].index(column)]


@dataclass(frozen=True)
class Block:
    """All tables between one restart of the goal sequence at I and the next."""

    number: int
    first_line: int
    start: int
    end: int
    headings: tuple[Heading, ...]
    rows: tuple[Row, ...]

    def kind_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(ROW_KINDS, 0)
        for row in self.rows:
            counts[row.kind] += 1
        return counts


@dataclass(frozen=True)
class ActorBlock:
    """One entry of the reviewed mapping file: whose block it is, and why."""

    block: int
    first_line: int
    actor: str          # reference, e.g. organisation/kymsote, municipality/075
    slug: str           # fixed IRI fragment of the actor in measure IRIs
    label: str          # short Finnish name used in measure labels
    why: str
    evidence: tuple[dict, ...]
    where: str


# --- text helpers ----------------------------------------------------------------------


def normalise(text: str) -> str:
    """Decode entities and collapse runs of whitespace."""
    return " ".join(html.unescape(text).split())


def split_items(raw: str) -> tuple[str, ...]:
    """Split a cell into its bullets / paragraphs, markup stripped.

    Block tags (``<p>``, ``<ul>``, ``<li>``) separate paragraphs. Inside a paragraph the
    bullet marker is ``•`` where the cell uses it, otherwise a dash that follows white
    space and precedes a space or a capital ("- Kuullaan…", "-Toimintomme…"). The capital
    rule keeps Finnish suspended compounds whole ("ja -chat", "Liikkuva koulu
    -toimintamalli"); the ``•`` rule keeps "syyskuu - 2020" inside a bullet whole. A
    spaced dash before a lower-case word or a digit ("Kasva Kotkassa - yhteistyöryhmä") is
    a marker only in a paragraph that opens with a dash marker (a dash list: "- a - b") or
    right after a sentence ("…vapaaehtoisilta. - vaikutukset"); elsewhere it is a hyphen
    of the text. Dash-only fragments ("-" placeholders) are dropped.
    """
    items: list[str] = []
    for segment in _BLOCK_TAG.split(raw):
        segment = _ANY_TAG.sub(" ", segment)
        parts = segment.split("•") if "•" in segment else _dash_split(segment)
        for part in parts:
            text = normalise(part)
            if text and not _PLACEHOLDER.match(text.replace(" ", "")):
                items.append(text)
    return tuple(items)


def _dash_split(segment: str) -> list[str]:
    """A paragraph split at its dash bullet markers (rules in :func:`split_items`)."""
    dash_list = segment.lstrip().startswith("-")
    cuts = [m.start() for m in _DASH_BULLET.finditer(segment)
            if dash_list or not _SPACED_LOWER.match(segment, m.start())
            or _SENTENCE_END.search(segment, 0, m.start())]
    starts = [0, *(cut + 1 for cut in cuts)]          # a piece begins after its marker
    ends = [*cuts, len(segment)]
    return [segment[a:b] for a, b in zip(starts, ends, strict=True)]


def _line_number(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# --- row classification ----------------------------------------------------------------


def classify_row(cells: tuple[Cell, ...], number: int) -> tuple[str, int | None]:
    """Row kind and, for "see previous" rows, the sub-goal number referred to.

    ``cells`` are the five content cells; ``number`` the row's sub-goal number. The rules
    and their order are documented in the module docstring.
    """
    if all(not cell.text for cell in cells):
        return "blank", None
    statements = [cell.text for cell in cells if not cell.is_placeholder]
    if not statements:
        return "outside-remit", None
    if all(_BEYOND_INFLUENCE.search(text) for text in statements):
        return "beyond-influence", None
    if all(_OUTSIDE_REMIT.search(text) for text in statements):
        return "outside-remit", None
    measure, others = cells[0], cells[1:]
    match = _CROSS_REFERENCE.match(measure.text)
    if match and all(not cell.text for cell in others):
        return "see-previous", _reference_target(match["target"], number)
    return "own-content", None


def _reference_target(target: str, number: int) -> int | None:
    """Sub-goal number a cross-reference names, when it names exactly one."""
    if _PREVIOUS_ONE.match(target):
        return number - 1 if number > 1 else None
    item = _ITEM_N.match(target)
    if item:
        return int(item["n"])
    return None


# --- parsing ---------------------------------------------------------------------------


def _heading_at(text: str, match: re.Match[str]) -> Heading:
    """A heading; its goal text is on the same line or the next non-empty one."""
    goal_start = match.start("text")
    goal = match["text"].strip()
    if not goal:
        following = re.compile(r"\n[ \t]*\n*[ \t]*(?P<goal>\S[^\n]*)")
        nxt = following.match(text, match.end())
        if not nxt:
            raise InputError("PÄÄTAVOITE heading without goal text",
                             where=f"line {_line_number(text, match.start())}")
        goal, goal_start = nxt["goal"].rstrip(), nxt.start("goal")
    return Heading(numeral=match["numeral"], text=normalise(goal),
                   start=match.start(), end=goal_start + len(goal.rstrip()),
                   line=_line_number(text, match.start()))


def _is_header_row(cells: list[str]) -> bool:
    first = next((c.strip() for c in cells if c.strip()), "")
    return first == "välitavoite" or first.startswith("<i>Missä")


def _check_header(cells: list[str], where: str) -> None:
    """The column header must be the six expected columns (a leading empty one allowed)."""
    names = tuple(c.strip() for c in cells if c.strip())
    if names[0] == "välitavoite" and names != HEADER_CELLS:
        raise InputError(f"unexpected table columns {names!r}", where=where,
                         hint=f"expected {HEADER_CELLS!r}")


def _parse_row(line: str, start: int, line_no: int, main_goal: str, where: str) -> Row:
    """A data row in either the 7-cell or the 6-cell layout."""
    cells = line.split("\t")
    offsets = [start]
    for cell in cells[:-1]:
        offsets.append(offsets[-1] + len(cell) + 1)
    if _ROW_7.match(cells[0].strip()):
        number = int(cells[0])
        label = Cell(cells[1], offsets[1], offsets[1] + len(cells[1]))
        content = list(zip(cells[2:], offsets[2:], strict=True))
    else:
        match = _ROW_6.match(cells[0])
        if not match:
            raise InputError(f"table row does not start with a sub-goal number: {line[:60]!r}",
                             where=where)
        number = int(match["number"])
        label = Cell(match["label"], start + match.start("label"), start + len(cells[0]))
        content = list(zip(cells[1:], offsets[1:], strict=True))
    if len(content) != len(COLUMNS):
        raise InputError(f"sub-goal {main_goal}/{number} has {len(content)} content cells, "
                         f"expected {len(COLUMNS)}", where=where)
    cell_records = tuple(Cell(raw, off, off + len(raw)) for raw, off in content)
    kind, refers_to = classify_row(cell_records, number)
    return Row(line=line_no, start=start, end=start + len(line), raw=line,
               main_goal=main_goal, number=number, label=label, cells=cell_records,
               kind=kind, refers_to=refers_to)


def parse_blocks(text: str, file_name: str = DOC_ID) -> list[Block]:
    """Every measure-table block of the document, in document order.

    A block starts at a ``PÄÄTAVOITE I`` heading that follows a ``III`` heading (or is
    the first heading); it ends where the next block starts or at the last row. Rows are
    the tab-separated lines after a heading that are not column-header lines.
    """
    headings = [_heading_at(text, m) for m in _HEADING.finditer(text)]
    if not headings:
        raise InputError("no PÄÄTAVOITE table headings found", where=file_name)
    groups: list[list[Heading]] = []
    for heading in headings:
        if not groups or (heading.numeral == "I" and groups[-1][-1].numeral == "III"):
            groups.append([])
        groups[-1].append(heading)
    blocks: list[Block] = []
    for index, group in enumerate(groups):
        following = groups[index + 1][0].start if index + 1 < len(groups) else len(text)
        rows = _rows_of(text, group, following, file_name)
        end = rows[-1].end if rows else group[-1].end
        blocks.append(Block(number=index + 1, first_line=group[0].line, start=group[0].start,
                            end=end, headings=tuple(group), rows=tuple(rows)))
    return blocks


def _rows_of(text: str, headings: list[Heading], stop: int, file_name: str) -> list[Row]:
    """Rows under each heading of one block: tab-separated lines up to the next heading."""
    rows: list[Row] = []
    for i, heading in enumerate(headings):
        until = headings[i + 1].start if i + 1 < len(headings) else stop
        for match in re.finditer(r"[^\n]*", text[heading.end:until]):
            line = match.group()
            if "\t" not in line:
                continue
            start = heading.end + match.start()
            line_no = _line_number(text, start)
            where = f"{file_name}:{line_no}"
            cells = line.split("\t")
            if _is_header_row(cells):
                _check_header(cells, where)
                continue
            rows.append(_parse_row(line, start, line_no, heading.numeral, where))
    return rows


# --- structure checks ------------------------------------------------------------------


def check_structure(blocks: list[Block], file_name: str = DOC_ID) -> None:
    """Every block must list the same sub-goals, in the same order, as the first."""
    expected = [row.notation for row in blocks[0].rows]
    for block in blocks[1:]:
        found = [row.notation for row in block.rows]
        if found != expected:
            missing = sorted(set(expected) - set(found))
            extra = sorted(set(found) - set(expected))
            raise InputError(
                f"table block {block.number} lists sub-goals {found} "
                f"(missing {missing}, unexpected {extra})",
                where=f"{file_name}:{block.first_line}",
                hint="every actor's tables should repeat the 16 sub-goals of block 1",
            )


def goal_labels(blocks: list[Block]) -> tuple[dict[str, Heading], dict[str, Row]]:
    """Main-goal headings and sub-goal rows of the first block: the canonical wording."""
    mains: dict[str, Heading] = {}
    for heading in blocks[0].headings:
        mains.setdefault(heading.numeral, heading)
    subs = {row.notation: row for row in blocks[0].rows}
    return mains, subs


def label_variants(blocks: list[Block]) -> dict[str, list[tuple[str, int, int]]]:
    """Wordings that differ from block 1's, per notation ('I' or 'I/3').

    Each variant is (text, start, end) of its first occurrence, with the span of the
    label text itself (markup excluded) where it can be located in the raw cell.
    """
    mains, subs = goal_labels(blocks)
    variants: dict[str, list[tuple[str, int, int]]] = {}
    seen: set[tuple[str, str]] = set()
    for block in blocks[1:]:
        for heading in block.headings:
            if heading.text != mains[heading.numeral].text:
                _add_variant(variants, seen, heading.numeral, heading.text,
                             (heading.start, heading.end))
        for row in block.rows:
            label = row.label.text
            if label != subs[row.notation].label.text:
                _add_variant(variants, seen, row.notation, label, label_span(row.label))
    return variants


def _add_variant(variants: dict, seen: set, notation: str, text: str,
                 span: tuple[int, int]) -> None:
    if (notation, text) not in seen:
        seen.add((notation, text))
        variants.setdefault(notation, []).append((text, *span))


def label_span(cell: Cell) -> tuple[int, int]:
    """Span of a label's text inside its cell (without ``<i>`` markup) when verbatim."""
    position = cell.raw.find(cell.text)
    if position < 0:
        return cell.start, cell.end
    return cell.start + position, cell.start + position + len(cell.text)


# --- the mapping file ------------------------------------------------------------------


def load_actor_blocks(path: Path, display_name: str | None = None) -> list[ActorBlock]:
    """Read the reviewed block → actor mapping, checking each entry's shape."""
    name = display_name or str(path)
    return actor_blocks(load_yaml(path, name), name)


def actor_blocks(data: object, name: str) -> list[ActorBlock]:
    """The ``actor_blocks`` section of the parsed mapping file."""
    entries = data.get("actor_blocks") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise InputError("expected a non-empty list under 'actor_blocks'", where=f"{name}:1")
    result: list[ActorBlock] = []
    for position, entry in enumerate(entries, start=1):
        result.append(_actor_block(entry, position, name))
    return result


def _actor_block(entry: object, position: int, name: str) -> ActorBlock:
    where = entry.where if isinstance(entry, Located) else f"{name}:?"
    if not isinstance(entry, dict):
        raise InputError("each actor_blocks entry must be a mapping", where=where)
    for key in ("block", "first_line", "actor", "slug", "label", "why", "evidence"):
        if key not in entry:
            raise InputError(f"actor_blocks entry lacks {key!r}", where=where)
    if entry["block"] != position:
        raise InputError(f"entry number {position} says block {entry['block']}", where=where,
                         hint="list the blocks in document order, numbered from 1")
    if not SLUG.match(str(entry["slug"])):
        raise InputError(f"slug {entry['slug']!r} is not a slug", where=where)
    evidence = entry["evidence"]
    if not isinstance(evidence, list) or not evidence:
        raise InputError("evidence must be a non-empty list of {doc, quote}", where=where)
    return ActorBlock(block=int(entry["block"]), first_line=int(entry["first_line"]),
                      actor=str(entry["actor"]), slug=str(entry["slug"]),
                      label=str(entry["label"]), why=str(entry["why"]),
                      evidence=tuple(evidence), where=where)


def check_mapping(blocks: list[Block], mapping: list[ActorBlock], document: SourceDocument,
                  mapping_name: str) -> None:
    """The mapping must name every block found, at the line it starts, with its clues.

    Fails (naming the mapping file and line) when the counts differ, when a block starts
    at another line than the mapping says, or when a quote marked ``in_block: true`` is
    not inside that block's text.
    """
    if len(mapping) != len(blocks):
        extra = len(mapping) > len(blocks)
        where = mapping[len(blocks)].where if extra else mapping[-1].where
        unmapped = ", ".join(f"block {b.number} at line {b.first_line}"
                             for b in blocks[len(mapping):])
        raise InputError(
            f"{document.file} has {len(blocks)} table blocks but {mapping_name} maps "
            f"{len(mapping)}" + (f" (unmapped: {unmapped})" if unmapped else ""),
            where=where,
            hint="a block starts at each 'PÄÄTAVOITE I' after a 'PÄÄTAVOITE III'; "
                 "add or remove entries so there is one per block",
        )
    for block, entry in zip(blocks, mapping, strict=True):
        if block.first_line != entry.first_line:
            raise InputError(
                f"block {block.number} starts at {document.file}:{block.first_line}, "
                f"the mapping says line {entry.first_line}", where=entry.where)
        for item in entry.evidence:
            _check_clue(item, block, entry, document)


def _check_clue(item: object, block: Block, entry: ActorBlock,
                document: SourceDocument) -> None:
    where = item.where if isinstance(item, Located) else entry.where
    if not isinstance(item, dict) or "doc" not in item or "quote" not in item:
        raise InputError("evidence items need 'doc' and 'quote'", where=where)
    if item["doc"] != document.id:
        return
    start, end = document.locate(str(item["quote"]), int(item.get("occurrence", 1)), where)
    if item.get("in_block") and not (block.start <= start and end <= block.end):
        raise InputError(
            f"clue {str(item['quote'])[:60]!r} is at {document.file}:"
            f"{document.line_of(start)}, outside block {block.number} "
            f"(lines {block.first_line}–{document.line_of(block.end)})",
            where=where, hint="quote text from inside the block, or drop 'in_block'")


# --- RDF -------------------------------------------------------------------------------


def ingest(ctx: BuildContext, mapping_path: Path | None = None) -> None:
    """Goals, sub-goals and the 176 measures of the Kymenlaakso plan into its graph."""
    document = ctx.sources[DOC_ID]
    blocks = parse_blocks(document.text, document.file)
    check_structure(blocks, document.file)
    path = mapping_path or ctx.settings.root / MAPPING_FILE
    name = MAPPING_FILE if mapping_path is None else str(mapping_path)
    data = load_yaml(path, name)
    mapping = actor_blocks(data, name)
    check_mapping(blocks, mapping, document, name)
    named = implementers.read(data, name)

    graph = ctx.graph(DOC_ID)
    plan = ctx.resolve(PLAN_REF, where=f"{name} (measures' lape:inPlan)")
    goals = _emit_goals(ctx, graph, blocks, plan, document)
    for block, entry in zip(blocks, mapping, strict=True):
        actor = ctx.resolve(entry.actor, where=entry.where,
                            kinds=("organisation", "municipality"))
        _emit_block(ctx, graph, block, entry, actor, goals, plan, document)
    implementers.emit(ctx, graph, named, (
        (ctx.resolve(f"measure/{measure_key(entry, row)}", entry.where),
         row.cell("implementer").text)
        for block, entry in zip(blocks, mapping, strict=True) for row in block.rows))


def _emit_goals(ctx: BuildContext, graph: Graph, blocks: list[Block], plan: URIRef,
                document: SourceDocument) -> dict[str, URIRef]:
    """Main goals and sub-goals (labels from block 1, other wordings as altLabel)."""
    mains, subs = goal_labels(blocks)
    iris: dict[str, URIRef] = {}
    for numeral, heading in mains.items():
        key = f"{DOC_ID}.{numeral.lower()}"
        where = f"{document.file}:{heading.line}"
        iri = ctx.declare(f"goal/{key}", where)
        _goal(graph, iri, LAPE.MainGoal, numeral, heading.text, plan)
        ctx.add_evidence(iri, DOC_ID, document.text[heading.start:heading.end], where=where,
                         span=(heading.start, heading.end))
        iris[numeral] = iri
    for notation, row in subs.items():
        key = f"{DOC_ID}.{row.key}"
        where = f"{document.file}:{row.line}"
        iri = ctx.declare(f"goal/{key}", where)
        _goal(graph, iri, LAPE.SubGoal, notation, row.label.text, plan)
        graph.add((iri, LAPE.mainGoal, iris[row.main_goal]))
        start, end = label_span(row.label)
        ctx.add_evidence(iri, DOC_ID, document.text[start:end], where=where, span=(start, end))
        iris[notation] = iri
    for notation, variants in label_variants(blocks).items():
        for text, start, end in variants:
            graph.add((iris[notation], SKOS.altLabel, Literal(text, lang="fi")))
            ctx.add_evidence(iris[notation], DOC_ID, document.text[start:end],
                             where=f"{document.file}:{document.line_of(start)}",
                             span=(start, end))
    return iris


def _goal(graph: Graph, iri: URIRef, cls: URIRef, notation: str, label: str,
          plan: URIRef) -> None:
    graph.add((iri, RDF.type, cls))
    graph.add((iri, RDF.type, SKOS.Concept))
    graph.add((iri, SKOS.notation, Literal(notation)))
    graph.add((iri, RDFS.label, Literal(label, lang="fi")))
    graph.add((iri, SKOS.prefLabel, Literal(label, lang="fi")))
    graph.add((iri, LAPE.inPlan, plan))


def measure_key(entry: ActorBlock, row: Row) -> str:
    """``kymenlaakso-2020.<actor-slug>.i.3``."""
    return f"{DOC_ID}.{entry.slug}.{row.key}"


def _emit_block(ctx: BuildContext, graph: Graph, block: Block, entry: ActorBlock,
                actor: URIRef, goals: dict[str, URIRef], plan: URIRef,
                document: SourceDocument) -> None:
    """One lape:Measure per row; its one evidence is the whole raw row.

    The mapping's clues are checked (:func:`check_mapping`) but not attached to each
    measure: evidence lists of measures should show the row, not the attribution.
    """
    iris = {row.notation: ctx.declare(f"measure/{measure_key(entry, row)}",
                                      f"{document.file}:{row.line}")
            for row in block.rows}
    for row in block.rows:
        iri = iris[row.notation]
        where = f"{document.file}:{row.line}"
        graph.add((iri, RDF.type, LAPE.Measure))
        graph.add((iri, RDFS.label, Literal(
            f"{entry.label} – {row.notation} {goal_text(goals, graph, row)}", lang="fi")))
        graph.add((iri, LAPE.actor, actor))
        graph.add((iri, LAPE.subGoal, goals[row.notation]))
        graph.add((iri, LAPE.inPlan, plan))
        graph.add((iri, LAPE.rowKind, ROW_KIND[row.kind]))
        for (_, prop), cell in zip(COLUMNS, row.cells, strict=True):
            for item in cell.items:
                graph.add((iri, prop, Literal(item, lang="fi")))
        if row.refers_to is not None:
            target = f"{row.main_goal}/{row.refers_to}"
            if target not in iris:
                raise InputError(f"{row.notation} refers to {target}, which the block lacks",
                                 where=where)
            graph.add((iri, LAPE.refersToMeasure, iris[target]))
        ctx.add_evidence(iri, DOC_ID, row.raw, where=where, span=(row.start, row.end))


def goal_text(goals: dict[str, URIRef], graph: Graph, row: Row) -> str:
    """The canonical (block 1) label of a row's sub-goal, as emitted."""
    label = graph.value(goals[row.notation], SKOS.prefLabel)
    return str(label) if label is not None else row.label.text
