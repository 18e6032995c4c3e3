"""The indicator explanations of the Kymenlaakso welfare plan 2020–2024 ("1.5 | Indikaattoreiden
selitykset") as SKOS concepts and RDF Data Cube observations.

Parsing (:func:`parse_indicators`) is pure: text in, frozen dataclasses out. Emitting
(:func:`ingest`) writes into the ``kymenlaakso-2020`` graph.

What the section looks like, and the quirks handled:

* One paragraph per indicator: ``"7. Tyytyväinen elämäänsä: <explanation?> <values> |
  [Kouluterveyskysely 2019](#) | <more values> | [Lasten terveys, … \\(LTH\\) 2018](#)"``.
  Segments are separated by ``" | "``; a segment that is a title and a year (optionally a
  Markdown link, with escaped parentheses) is a source, and it is the source of the
  values in the segments before it. One indicator can thus mix two surveys (7).
* A value is printed ``**koko maa: 89,5%**`` (also ``**koko maa 75,2%**``,
  ``**koko maan tilanne: 82,3%**``, ``**Koko maa: 41,6%**``), preceded by the population
  group it belongs to ("4. ja 5. luokkalaisista, ", "Ammattikoululaisista, ",
  "0–6-vuotiaiden määrä, "). Indicators 2–6 print a single value with no group; their
  group is fixed below per indicator, and the build checks that the indicator's text
  names that group. Indicator 15 names a group but prints no value: no observation.
* Theme lines ("Väestön kehitys", "Lastensuojelu", …) head groups of indicators.
* After indicator 16 (counts, no values) a note and one paragraph of child-protection
  comparisons follow: three measures, each "Kymenlaakso: x%. Koko maan tilanne: y%.".
  They become indicators 16a–16c, ``skos:broader`` 16, with two observations each.
* Units. Every value is printed with "%", but two definitions state another base:
  indicator 2 counts births "tuhatta … naista kohti" (per 1 000 women aged 15–49) and 16b
  counts children "/ 10 000 vastaavanikäistä". The unit the definition states wins
  (``unit:per-thousand``, ``unit:per-ten-thousand``); the observation records the printed
  sign in a ``skos:editorialNote``. Everything else is ``unit:percent`` as printed.

Sotkanet links (``lape:sotkanetIndicator``, an ``xsd:integer`` — the data model's
property, chosen over a ``skos:closeMatch`` to the metadata page because the id is what
Sotkanet's API takes): only where ``data/reference/sotkanet-indicators.csv`` marks the id
VERIFIED *and* its title is the same measure, see :data:`SOTKANET_LINKS`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from ..errors import InputError
from ..namespaces import LAPE, POPULATION, QB, UNIT
from .context import BuildContext
from .iris import slugify
from .sources import SourceDocument

DOC_ID = "kymenlaakso-2020"
SCHEME_REF = "indicator/kymenlaakso-2020"
DATASET_REF = "dataset/kymenlaakso-2020-indicators"
FINLAND_REF = "area/finland"
REGION_REF = "region/08"
SOTKANET_CSV = "data/reference/sotkanet-indicators.csv"

SECTION_START = "1.5 | Indikaattoreiden selitykset"
SECTION_END = "2 | Toimenpiteet"

#: Population-group phrases as printed before a value, and their popgroup: concept.
GROUP_PHRASES: tuple[tuple[str, str], ...] = (
    ("grade-4-5", r"4\. ja 5\. luokkalaisista"),
    ("grade-8-9", r"8\. ja 9\. luokkalaisista"),
    ("upper-secondary", r"[Ll]ukiolaisista"),
    ("vocational", r"[Aa]mmattikoululaisista"),
    ("guardians-of-4-year-olds", r"4-vuotiaiden huoltajista"),
    ("age-0-6", r"0–6-vuotiaiden määrä"),
    ("age-7-15", r"7–15-vuotiaiden määrä"),
)

#: Indicators whose single value has no group phrase: (group, words the text must contain).
#: 3 is the share of under-18s *of the whole population*, hence ``all``; 6 is a share
#: *of under-18s*, hence ``under-18``.
WHOLE_VALUE_GROUPS: dict[str, tuple[str, str]] = {
    "2": ("women-15-49", "(15–49-vuotiaasta) naista"),
    "3": ("all", "vakituisesti maassa asuvasta väestöstä"),
    "4": ("age-15-24", "15–24-vuotiaiden työttömien"),
    "5": ("labour-force", "prosentteina työvoimasta"),
    "6": ("under-18", "alle 18-vuotiaista"),
}

#: Sotkanet ids whose verified title is the same measure as the indicator:
#: 3 "0 - 17-vuotiaat, % väestöstä" (1065); 5 "Työttömät, % työvoimasta" (181);
#: 6 "Lasten pienituloisuusaste" (228); 16a "Kodin ulkopuolelle sijoitetut 0 -
#: 17-vuotiaat, % vastaavan ikäisestä väestöstä" (191). Deliberately not linked: 1 (a
#: forecast, not the 0–6 share, id 7), 4 (youth unemployment: id unverified), 16 (counts,
#: not the notification share 1086), 16c (in care: id unverified), and the school-survey
#: and LTH indicators (ids unverified).
SOTKANET_LINKS: dict[str, int] = {"3": 1065, "5": 181, "6": 228, "16a": 191}

#: Finnish labels of population groups and areas, for observation labels.
GROUP_LABELS_FI: dict[str, str] = {
    "grade-4-5": "4.–5. luokkalaiset", "grade-8-9": "8.–9. luokkalaiset",
    "upper-secondary": "lukiolaiset", "vocational": "ammattikoululaiset",
    "guardians-of-4-year-olds": "4-vuotiaiden huoltajat", "age-0-6": "0–6-vuotiaat",
    "age-7-15": "7–15-vuotiaat", "age-0-17": "0–17-vuotiaat", "under-18": "alle 18-vuotiaat",
    "age-15-24": "15–24-vuotiaat", "labour-force": "työvoima",
    "women-15-49": "15–49-vuotiaat naiset", "all": "koko väestö",
}
AREA_LABELS_FI = {"finland": "koko maa", "kymenlaakso": "Kymenlaakso"}

_INDICATOR = re.compile(r"^(?P<notation>\d{1,2})\.\s+(?P<body>\S.*)$")
_SEGMENT = re.compile(r"[^|]+")
_SOURCE = re.compile(r"^\[?(?P<title>[^\[\]|]+?)\s+(?P<year>(?:19|20)\d\d)\]?(?:\(#\))?$")
_VALUE = re.compile(r"\*\*[Kk]oko maa(?:n tilanne)?:?\s*(?P<num>-?\d+(?:,\d+)?)\s*%\*\*")
_GROUP = re.compile("|".join(f"(?P<g{i}>{rx})" for i, (_, rx) in enumerate(GROUP_PHRASES)))
_BETWEEN_GROUP_AND_VALUE = re.compile(r"^[,:\s]*$")
_SCHOOL_PREFIX = re.compile(r"\s*[Pp]erusopetus\.?\s*$")
_COMPARISON = re.compile(
    r"(?P<kq>Kymenlaakso:\s*(?P<k>\d+(?:,\d+)?)\s*%)\.\s*"
    r"(?P<fq>Koko maan tilanne:\s*(?P<f>\d+(?:,\d+)?)\s*%)\.")
_PER_THOUSAND = re.compile(r"\btuhatta\b.*\bkohti\b")
_ABBREVIATION = re.compile(r"\((?P<abbr>[A-ZÅÄÖ]{2,})\)")


# --- parsed records --------------------------------------------------------------------


@dataclass(frozen=True)
class Survey:
    """A cited source: title, year, and the span of its first citation."""

    key: str
    title: str
    year: int
    start: int
    end: int


@dataclass(frozen=True)
class Value:
    """One printed value: indicator × population group × area."""

    group: str
    area: str               # "finland" | "kymenlaakso"
    value: Decimal
    printed: str            # as printed, e.g. "89,5%"
    unit: str               # unit: concept
    survey: Survey
    start: int              # span of the quote, group phrase included
    end: int
    note: str | None = None  # printed sign vs the definition's unit


@dataclass(frozen=True)
class Indicator:
    notation: str
    name: str
    definition: str | None
    theme: str | None
    start: int              # span of the indicator's text (its evidence)
    end: int
    broader: str | None = None
    values: tuple[Value, ...] = ()
    surveys: tuple[Survey, ...] = ()
    notes: tuple[tuple[str, int, int], ...] = ()
    groups_without_value: tuple[str, ...] = ()


@dataclass
class _Segment:
    text: str
    start: int


# --- parsing ---------------------------------------------------------------------------


def section_bounds(text: str) -> tuple[int, int]:
    """Offsets of the indicator explanations: from the 1.5 heading to part 2."""
    start = text.find(SECTION_START)
    end = text.find(SECTION_END, start)
    if start < 0 or end < 0:
        raise InputError(f"section {SECTION_START!r} … {SECTION_END!r} not found",
                         where=DOC_ID)
    return start + len(SECTION_START), end


def parse_indicators(text: str, file_name: str = DOC_ID) -> list[Indicator]:
    """The 32 indicators and 16a–16c, in document order, with their values."""
    start, end = section_bounds(text)
    indicators: list[Indicator] = []
    surveys: dict[str, Survey] = {}
    theme: str | None = None
    for match in re.finditer(r"[^\n]+", text[start:end]):
        line, offset = match.group(), start + match.start()
        stripped = line.strip()
        where = f"{file_name}:{text.count(chr(10), 0, offset) + 1}"
        if not stripped:
            continue
        if _INDICATOR.match(line):
            indicators.append(_parse_indicator(line, offset, theme, surveys, where))
        elif _COMPARISON.search(line):
            indicators.extend(_parse_comparisons(line, offset, indicators, surveys, where))
        elif stripped.endswith("."):
            indicators[-1] = _with_note(indicators[-1], line, offset)
        else:
            theme = stripped
    return indicators


def _segments(line: str, offset: int) -> list[_Segment]:
    """The ``|``-separated parts of a paragraph with their document offsets (trimmed)."""
    result = []
    for match in _SEGMENT.finditer(line):
        raw = match.group()
        lead = len(raw) - len(raw.lstrip())
        result.append(_Segment(raw.strip(), offset + match.start() + lead))
    return [segment for segment in result if segment.text]


def _survey(segment: _Segment, surveys: dict[str, Survey]) -> Survey | None:
    """The source a segment cites, or None if it is not a source segment."""
    match = _SOURCE.match(segment.text)
    if not match:
        return None
    title = match["title"].replace("\\(", "(").replace("\\)", ")").strip()
    year = int(match["year"])
    key = survey_key(title, year)
    if key not in surveys:
        begin = segment.start + match.start("title")
        surveys[key] = Survey(key, title, year, begin, segment.start + match.end("year"))
    return surveys[key]


def survey_key(title: str, year: int) -> str:
    """``Kouluterveyskysely``/2019 -> kouluterveyskysely-2019; "(LTH)" -> lth-2018."""
    abbreviation = _ABBREVIATION.search(title)
    base = (abbreviation["abbr"].lower() if abbreviation
            else slugify(re.split(r"[(,]", title)[0]))
    return f"{base}-{year}"


def _parse_indicator(line: str, offset: int, theme: str | None,
                     surveys: dict[str, Survey], where: str) -> Indicator:
    match = _INDICATOR.match(line)
    assert match is not None
    notation = match["notation"]
    segments = _segments(line, offset)
    head = segments[0].text[len(notation) + 1:].strip()
    name, colon, rest = head.partition(":")
    if not colon:                       # indicator 16: one sentence, no explanation
        name, rest = head.rstrip(". "), ""
    definition = _definition(rest)
    values, cited, orphans = _values(notation, segments, line, definition, surveys, where)
    expected = sum(len(re.findall(r"koko maa", s.text, re.I)) for s in segments)
    if expected != len(values):
        raise InputError(f"indicator {notation}: {expected} 'koko maa' values printed, "
                         f"{len(values)} parsed", where=where)
    return Indicator(notation=notation, name=name.strip(), definition=definition,
                     theme=theme, start=offset, end=offset + len(line), values=values,
                     surveys=cited, groups_without_value=orphans)


_FORECAST = re.compile(r"\bvuodesta (\d{4}) vuoteen (\d{4})\b")


def forecast_period(definition: str) -> tuple[str, str] | None:
    """The years a forecast runs over, when the definition says "vuodesta X vuoteen Y"."""
    match = _FORECAST.search(definition)
    return (match.group(1), match.group(2)) if match else None


def _definition(rest: str) -> str | None:
    """Explanation text: after the colon, before the first group phrase or value."""
    stops = [m.start() for m in (_GROUP.search(rest), re.search(r"\*\*", rest)) if m]
    text = rest[:min(stops)] if stops else rest
    text = _SCHOOL_PREFIX.sub("", text).strip()
    return " ".join(text.split()) or None


def _group_of(match: re.Match[str]) -> str:
    index = int(next(name for name, value in match.groupdict().items() if value)[1:])
    return GROUP_PHRASES[index][0]


def _values(notation: str, segments: list[_Segment], line: str, definition: str | None,
            surveys: dict[str, Survey], where: str
            ) -> tuple[tuple[Value, ...], tuple[Survey, ...], tuple[str, ...]]:
    """Values of one indicator, each tied to the source segment after it."""
    values: list[Value] = []
    cited: list[Survey] = []
    orphans: list[str] = []
    pending: list[tuple[str, int, int, re.Match[str]]] = []
    unit, note = unit_of(definition or "")
    for segment in segments:
        survey = _survey(segment, surveys) if segment is not segments[0] else None
        if survey is not None:
            cited.append(survey)
            values.extend(_value(notation, group, begin, stop, m, unit, note, survey)
                          for group, begin, stop, m in pending)
            pending = []
            continue
        found, unnamed = _values_in(notation, segment, line, where)
        pending.extend(found)
        orphans.extend(unnamed)
    if pending:
        raise InputError(f"indicator {notation}: values without a source after them",
                         where=where)
    return tuple(values), tuple(dict.fromkeys(cited)), tuple(orphans)


def _values_in(notation: str, segment: _Segment, line: str, where: str
               ) -> tuple[list[tuple[str, int, int, re.Match[str]]], list[str]]:
    """(group, quote start, quote end, value match) per value, and groups with no value."""
    found = []
    position = 0
    for value in _VALUE.finditer(segment.text):
        groups = list(_GROUP.finditer(segment.text, position, value.start()))
        last = groups[-1] if groups else None
        if last and _BETWEEN_GROUP_AND_VALUE.match(segment.text[last.end():value.start()]):
            group, begin = _group_of(last), last.start()
            groups = groups[:-1]
        else:
            group, begin = _whole_value_group(notation, line, where), value.start()
        if groups:
            raise InputError(f"indicator {notation}: group phrase without a value before "
                             f"{value.group()!r}", where=where)
        found.append((group, segment.start + begin, segment.start + value.end(), value))
        position = value.end()
    unnamed = [_group_of(m) for m in _GROUP.finditer(segment.text, position)]
    return found, unnamed


def _whole_value_group(notation: str, line: str, where: str) -> str:
    if notation not in WHOLE_VALUE_GROUPS:
        raise InputError(f"indicator {notation}: a value without a population group",
                         where=where, hint="add the group to WHOLE_VALUE_GROUPS")
    group, words = WHOLE_VALUE_GROUPS[notation]
    if words not in line:
        raise InputError(f"indicator {notation}: expected the words {words!r} "
                         f"(population group {group})", where=where)
    return group


def unit_of(definition: str) -> tuple[str, str | None]:
    """Unit stated by a definition, and a note when it contradicts the printed "%"."""
    if "/ 10 000" in definition:
        return "per-ten-thousand", "per 10 000 of the same age, as the definition states"
    if _PER_THOUSAND.search(definition):
        return "per-thousand", "per 1 000, as the definition states"
    return "percent", None


def _value(notation: str, group: str, begin: int, stop: int, match: re.Match[str],
           unit: str, note: str | None, survey: Survey) -> Value:
    printed = f"{match['num']}%"
    return Value(group=group, area="finland", value=_decimal(match["num"]), printed=printed,
                 unit=unit, survey=survey, start=begin, end=stop,
                 note=_unit_note(printed, note) if note else None)


def _unit_note(printed: str, basis: str) -> str:
    return f'The document prints "{printed}"; the value is recorded {basis}.'



def _decimal(printed: str) -> Decimal:
    """'89,5' -> 89.5; '-16,3' -> -16.3 (Finnish decimal comma)."""
    return Decimal(printed.replace(",", "."))


def _parse_comparisons(line: str, offset: int, indicators: list[Indicator],
                       surveys: dict[str, Survey], where: str) -> list[Indicator]:
    """Child-protection comparisons after indicator 16: indicators 16a, 16b, 16c."""
    parent = indicators[-1] if indicators else None
    if parent is None or parent.notation != "16":
        raise InputError("child-protection comparisons not after indicator 16", where=where)
    body, _, source = line.partition(" | ")
    survey = _survey(_Segment(source.strip(), offset + len(body) + 3), surveys)
    if survey is None:
        raise InputError("child-protection comparisons without a source", where=where)
    result: list[Indicator] = []
    position = 0
    for letter, match in zip("abc", _COMPARISON.finditer(body), strict=False):
        raw_name = body[position:match.start()]
        lead = len(raw_name) - len(raw_name.lstrip())
        name = " ".join(raw_name.replace("**", "").split()).rstrip(".")
        if "0–17-vuotiaat" not in name:
            raise InputError(f"comparison {name!r}: no 0–17 age group", where=where)
        unit = "per-ten-thousand" if "/ 10 000" in name else "percent"
        basis = "per 10 000 of the same age, as the indicator's name states"
        values = tuple(
            Value(group="age-0-17", area=area, value=_decimal(match[num]),
                  printed=f"{match[num]}%", unit=unit, survey=survey,
                  start=offset + match.start(q), end=offset + match.end(q),
                  note=_unit_note(f"{match[num]}%", basis) if unit != "percent" else None)
            for area, num, q in (("kymenlaakso", "k", "kq"), ("finland", "f", "fq")))
        result.append(Indicator(
            notation=f"16{letter}", name=name, definition=None, theme=parent.theme,
            start=offset + position + lead, end=offset + match.end(), broader="16",
            values=values, surveys=(survey,)))
        position = match.end()
    if len(result) != 3:
        raise InputError(f"expected 3 child-protection comparisons, found {len(result)}",
                         where=where)
    return result


def _with_note(indicator: Indicator, line: str, offset: int) -> Indicator:
    """A free paragraph after an indicator is a note on it (the child-protection note)."""
    text = line.strip()
    begin = offset + line.index(text)
    return replace(indicator, notes=(*indicator.notes, (text, begin, begin + len(text))))


# --- reference data --------------------------------------------------------------------


def verified_sotkanet_ids(path: Path) -> set[int]:
    """Sotkanet indicator ids the reference table marks VERIFIED."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {int(row["indicator_id"]) for row in csv.DictReader(handle)
                if row["indicator_id"].strip() and row["status"].strip() == "VERIFIED"}


def check_sotkanet_links(verified: set[int], where: str) -> None:
    for notation, sotkanet_id in SOTKANET_LINKS.items():
        if sotkanet_id not in verified:
            raise InputError(f"Sotkanet id {sotkanet_id} (indicator {notation}) is not "
                             "VERIFIED in the reference table", where=where,
                             hint="link only ids verified in sotkanet-indicators.csv")


# --- RDF -------------------------------------------------------------------------------


def ingest(ctx: BuildContext) -> None:
    """Indicators, their scheme, the data set, the sources and the observations."""
    document = ctx.sources[DOC_ID]
    indicators = parse_indicators(document.text, document.file)
    csv_path = ctx.settings.root / SOTKANET_CSV
    check_sotkanet_links(verified_sotkanet_ids(csv_path), SOTKANET_CSV)
    graph = ctx.graph(DOC_ID)
    scheme = _emit_scheme(ctx, graph, document)
    dataset = _emit_dataset(ctx, graph, document)
    finland = (ctx.declared[FINLAND_REF].iri if FINLAND_REF in ctx.declared
               else declare_finland(ctx))
    areas = {"finland": finland,
             "kymenlaakso": ctx.resolve(REGION_REF, where=f"{document.file} (indicators 16a–16c)",
                                        kinds=("region",))}
    survey_iris: dict[str, URIRef] = {}
    concept_iris: dict[str, URIRef] = {}
    for indicator in indicators:
        where = f"{document.file}:{document.line_of(indicator.start)}"
        for survey in indicator.surveys:
            if survey.key not in survey_iris:
                survey_iris[survey.key] = _emit_survey(ctx, graph, survey, document)
        concept = _emit_indicator(ctx, graph, indicator, scheme, concept_iris, survey_iris,
                                  where)
        concept_iris[indicator.notation] = concept
        for value in indicator.values:
            _emit_observation(ctx, graph, indicator, value, concept, dataset, areas,
                              survey_iris, document)


def _evidence(ctx: BuildContext, subject: URIRef, document: SourceDocument, start: int,
              end: int) -> None:
    ctx.add_evidence(subject, DOC_ID, document.text[start:end],
                     where=f"{document.file}:{document.line_of(start)}", span=(start, end))


def _labels(graph: Graph, iri: URIRef, labels: dict[str, str]) -> None:
    for lang, text in labels.items():
        graph.add((iri, RDFS.label, Literal(text, lang=lang)))
        graph.add((iri, SKOS.prefLabel, Literal(text, lang=lang)))


def _emit_scheme(ctx: BuildContext, graph: Graph, document: SourceDocument) -> URIRef:
    heading = "1 | Seurattavat indikaattorit"
    line = document.line_of(document.text.find(heading))
    iri = ctx.declare(SCHEME_REF, f"{document.file}:{line}")
    graph.add((iri, RDF.type, SKOS.ConceptScheme))
    _labels(graph, iri, {
        "fi": "Kymenlaakson lasten ja nuorten hyvinvointisuunnitelman 2020–2024 "
              "seurattavat indikaattorit",
        "en": "Indicators monitored by the Kymenlaakso child and youth welfare plan 2020–2024",
    })
    for quote in (heading, SECTION_START):
        start = document.text.find(quote)
        _evidence(ctx, iri, document, start, start + len(quote))
    return iri


def _emit_dataset(ctx: BuildContext, graph: Graph, document: SourceDocument) -> URIRef:
    start = document.text.find(SECTION_START)
    iri = ctx.declare(DATASET_REF, f"{document.file}:{document.line_of(start)}")
    graph.add((iri, RDF.type, QB.DataSet))
    graph.add((iri, QB.structure, LAPE.IndicatorStructure))
    titles = {"fi": "Kymenlaakson hyvinvointisuunnitelman 2020–2024 indikaattoreiden "
                    "vertailuarvot",
              "en": "Reference values of the indicators of the Kymenlaakso welfare plan "
                    "2020–2024"}
    for lang, text in titles.items():
        graph.add((iri, RDFS.label, Literal(text, lang=lang)))
        graph.add((iri, DCTERMS.title, Literal(text, lang=lang)))
    _evidence(ctx, iri, document, start, start + len(SECTION_START))
    return iri


def declare_finland(ctx: BuildContext) -> URIRef:
    """Declare ``area/finland``, the "koko maa" (whole country) of the comparisons.

    A lape:Country labelled Suomi/Finland/Finland, with evidence from this document.
    Curated files refer to it too (a practice spread nationally), so the build should
    call this before loading them; :func:`ingest` calls it when nobody has.
    """
    document = ctx.sources[DOC_ID]
    graph = ctx.graph(DOC_ID)
    quote = ("Indikaattoreissa käytettävät värit kertovat tutkimustulosta siitä, mikä on "
             "Kymenlaaksolaisten lasten, nuorten ja perheiden hyvinvoinnin tila suhteessa "
             "koko maahan.")
    start, end = document.locate(quote, where=DOC_ID)
    iri = ctx.declare(FINLAND_REF, f"{document.file}:{document.line_of(start)}")
    graph.add((iri, RDF.type, LAPE.Country))
    names = {"fi": "Suomi", "en": "Finland", "sv": "Finland"}
    ctx.reference_labels[FINLAND_REF] = names
    _labels(graph, iri, names)
    graph.add((iri, SKOS.altLabel, Literal("koko maa", lang="fi")))
    _evidence(ctx, iri, document, start, end)
    return iri


def _emit_survey(ctx: BuildContext, graph: Graph, survey: Survey,
                 document: SourceDocument) -> URIRef:
    iri = ctx.declare(f"survey/{survey.key}",
                      f"{document.file}:{document.line_of(survey.start)}")
    graph.add((iri, RDF.type, LAPE.SourceSurvey))
    graph.add((iri, DCTERMS.title, Literal(survey.title, lang="fi")))
    graph.add((iri, RDFS.label, Literal(f"{survey.title} {survey.year}", lang="fi")))
    graph.add((iri, LAPE.surveyYear, Literal(str(survey.year), datatype=XSD.gYear)))
    _evidence(ctx, iri, document, survey.start, survey.end)
    return iri


def indicator_key(notation: str) -> str:
    return f"{DOC_ID}.{notation}"


def _emit_indicator(ctx: BuildContext, graph: Graph, indicator: Indicator, scheme: URIRef,
                    concepts: dict[str, URIRef], surveys: dict[str, URIRef],
                    where: str) -> URIRef:
    iri = ctx.declare(f"indicator/{indicator_key(indicator.notation)}", where)
    document = ctx.sources[DOC_ID]
    graph.add((iri, RDF.type, LAPE.Indicator))
    graph.add((iri, RDF.type, SKOS.Concept))
    graph.add((iri, SKOS.notation, Literal(indicator.notation)))
    _labels(graph, iri, {"fi": indicator.name})
    graph.add((iri, SKOS.inScheme, scheme))
    if indicator.broader:
        graph.add((iri, SKOS.broader, concepts[indicator.broader]))
    else:
        graph.add((iri, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, iri))
    if indicator.definition:
        graph.add((iri, SKOS.definition, Literal(indicator.definition, lang="fi")))
        period = forecast_period(indicator.definition)
        if period:
            graph.add((iri, LAPE.forecastFrom, Literal(period[0], datatype=XSD.gYear)))
            graph.add((iri, LAPE.forecastUntil, Literal(period[1], datatype=XSD.gYear)))
    for text, start, end in indicator.notes:
        graph.add((iri, SKOS.scopeNote, Literal(text, lang="fi")))
        _evidence(ctx, iri, document, start, end)
    for survey in indicator.surveys:
        graph.add((iri, DCTERMS.source, surveys[survey.key]))
    if indicator.notation in SOTKANET_LINKS:
        graph.add((iri, LAPE.sotkanetIndicator,
                   Literal(SOTKANET_LINKS[indicator.notation], datatype=XSD.integer)))
    _evidence(ctx, iri, document, indicator.start, indicator.end)
    return iri


def observation_key(indicator: Indicator, value: Value) -> str:
    """``kymenlaakso-2020.7.vocational.finland``."""
    return f"{DOC_ID}.{indicator.notation}.{value.group}.{value.area}"


def _emit_observation(ctx: BuildContext, graph: Graph, indicator: Indicator, value: Value,
                      concept: URIRef, dataset: URIRef, areas: dict[str, URIRef],
                      surveys: dict[str, URIRef], document: SourceDocument) -> None:
    iri = ctx.declare(f"observation/{observation_key(indicator, value)}",
                      f"{document.file}:{document.line_of(value.start)}")
    graph.add((iri, RDF.type, QB.Observation))
    graph.add((iri, QB.dataSet, dataset))
    graph.add((iri, LAPE.indicator, concept))
    graph.add((iri, LAPE.refArea, areas[value.area]))
    graph.add((iri, LAPE.populationGroup, POPULATION[value.group]))
    graph.add((iri, LAPE.refPeriod, Literal(str(value.survey.year), datatype=XSD.gYear)))
    graph.add((iri, LAPE.value, Literal(value.value, datatype=XSD.decimal)))
    graph.add((iri, LAPE.unit, UNIT[value.unit]))
    graph.add((iri, LAPE.sourceSurvey, surveys[value.survey.key]))
    label = (f"{indicator.name} – {GROUP_LABELS_FI[value.group]}, "
             f"{AREA_LABELS_FI[value.area]} {value.survey.year}")
    graph.add((iri, RDFS.label, Literal(label, lang="fi")))
    if value.note:
        graph.add((iri, SKOS.editorialNote, Literal(value.note, lang="en")))
    _evidence(ctx, iri, document, value.start, value.end)
