"""Imported Sotkanet exports → RDF Data Cube observations (mapping to the ontology).

Each file listed in ``data/imports/imports.yaml`` (written by ``lapekg import sotkanet``)
becomes one ``qb:DataSet`` with the structure ``lape:SotkanetStructure`` (dimensions
indicator, area, year and ``sdmx-dimension:sex``), in its own named graph, and one
``qb:Observation`` per usable record, whose evidence is that record, verbatim.

- Region: Sotkanet's region id is mapped to an area only where ``data/reference/`` gives
  the id with status VERIFIED (municipalities.csv and regions.csv,
  ``sotkanet_region_id_2013``). Records of other regions are skipped and reported.
- Indicator: the graph's indicator that carries the same ``lape:sotkanetIndicator`` (the
  plan's), else one minted from a VERIFIED row of ``sotkanet-indicators.csv``
  (``indicator/sotkanet.<id>``, Finnish and English titles). Any other id is an error.
- Unit: the manifest's ``units`` (``--unit``), else the unit the plan records for that
  indicator, else the one its Finnish title states (``%``, ``/ 1000``, ``/ 10 000``); an
  indicator whose unit cannot be told is an error asking for ``--unit``.
- Records whose value is missing or suppressed are skipped and reported.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from ..errors import InputError
from ..namespaces import LAPE, QB, SDMX_CODE, SDMX_DIMENSION, UNIT
from .context import BuildContext
from .reference import VERIFIED, read_table
from .sotkanet_export import Record, read_export
from .sources import SourceDocument

KIND = "sotkanet-export"
UNITS = ("percent", "per-thousand", "per-ten-thousand", "count")
SEX = {"total": SDMX_CODE["sex-T"], "male": SDMX_CODE["sex-M"], "female": SDMX_CODE["sex-F"]}
SEX_FI = {"total": "yhteensä", "male": "miehet", "female": "naiset"}
METADATA_PAGE = "https://sotkanet.fi/sotkanet/fi/metadata/indicators/{id}"


@dataclass(frozen=True)
class SotkanetArea:
    reference: str  # municipality/638, region/01
    name: str


@dataclass
class Areas:
    """Sotkanet region ids of data/reference/: the verified ones, and the others by name."""

    verified: dict[int, SotkanetArea] = field(default_factory=dict)
    #: id → (name, status, table) of ids the tables give without status VERIFIED
    other: dict[int, tuple[str, str, str]] = field(default_factory=dict)

    def explain(self, region: int) -> str:
        if region in self.other:
            name, status, table = self.other[region]
            return (f"{name} has Sotkanet id {region} in data/reference/{table}, but its "
                    f"status is {status or 'empty'}: only VERIFIED ids are data")
        return ("not a municipality or region with a verified Sotkanet id in "
                "data/reference/municipalities.csv or regions.csv")


def _rows(path: Path) -> list[dict[str, str]]:
    return [row for _line, row in read_table(path)]


def sotkanet_areas(reference_dir: Path) -> Areas:
    areas = Areas()
    for row in _rows(reference_dir / "municipalities.csv"):
        if not row["sotkanet_region_id_2013"]:
            continue
        region = int(row["sotkanet_region_id_2013"])
        if row["sotkanet_status"] == VERIFIED and row["code_status"] == VERIFIED:
            areas.verified[region] = SotkanetArea(
                f"municipality/{row['statfi_municipality_code']}", row["name_fi"])
        else:
            areas.other[region] = (row["name_fi"], row["sotkanet_status"], "municipalities.csv")
    for row in _rows(reference_dir / "regions.csv"):
        if not row["sotkanet_region_id_2013"]:
            continue
        region = int(row["sotkanet_region_id_2013"])
        if (row["sotkanet_status"] == VERIFIED and row["code_status"] == VERIFIED
                and row["region_type"] == "maakunta"):
            areas.verified[region] = SotkanetArea(f"region/{row['code']}", row["name_fi"])
        else:
            areas.other[region] = (row["name_fi"], row["sotkanet_status"], "regions.csv")
    return areas


def verified_indicators(reference_dir: Path) -> dict[int, dict[str, str]]:
    return {int(row["indicator_id"]): row
            for row in _rows(reference_dir / "sotkanet-indicators.csv")
            if row["status"] == VERIFIED and row["indicator_id"]}


def unit_of_title(title: str) -> str | None:
    if re.search(r"/\s*10\s?000", title):
        return "per-ten-thousand"
    if re.search(r"/\s*1\s?000\b", title):
        return "per-thousand"
    if "%" in title:
        return "percent"
    return None


@dataclass
class Outcome:
    """What one import file gave: observations made, records skipped and why."""

    doc_id: str
    observations: int = 0
    indicators: set[int] = field(default_factory=set)
    areas: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    #: reason → the records skipped for it
    skipped: dict[str, list[Record]] = field(default_factory=dict)
    unknown_regions: Counter[int] = field(default_factory=Counter)

    def skip(self, reason: str, record: Record) -> None:
        self.skipped.setdefault(reason, []).append(record)


def ingest(ctx: BuildContext) -> list[Outcome]:
    """Observations of every imported Sotkanet file; what each gave."""
    reference_dir = ctx.settings.data_dir / "reference"
    imports = [d for d in ctx.sources.values() if d.meta.get("kind") == KIND]
    if not imports:
        return []
    areas = sotkanet_areas(reference_dir)
    indicators = verified_indicators(reference_dir)
    return [_ingest_file(ctx, document, areas, indicators) for document in imports]


def _ingest_file(ctx: BuildContext, document: SourceDocument, areas: Areas,
                 indicators: dict[int, dict[str, str]]) -> Outcome:
    outcome = Outcome(document.id)
    records = read_export(document.text, f"data/imports/{document.file}")
    graph = ctx.graph(document.id)
    dataset = _emit_dataset(ctx, graph, document, records)
    concepts: dict[int, tuple[URIRef, str, str]] = {}
    units = {int(k): str(v) for k, v in (document.meta.get("units") or {}).items()}
    for record in records:
        where = f"data/imports/{document.file}:{record.line}"
        if record.region not in areas.verified:
            outcome.unknown_regions[record.region] += 1
            outcome.skip("unknown region", record)
            continue
        if record.skipped:
            outcome.skip(f"{record.skipped} value", record)
            continue
        if record.indicator not in concepts:
            concepts[record.indicator] = _indicator(ctx, graph, document, record, indicators,
                                                    units, where)
        concept, name, unit = concepts[record.indicator]
        area = areas.verified[record.region]
        area_iri = ctx.resolve(area.reference, where=where)
        if not any(ctx.dataset.quads((area_iri, LAPE.evidence, None, None))):
            # An area no document names is published on the strength of this record.
            _evidence(ctx, area_iri, document, record)
        key = (f"{document.id}.{record.indicator}.{area.reference.replace('/', '-')}."
               f"{record.year}.{record.gender}")
        iri = ctx.declare(f"observation/{key}", where)
        graph.add((iri, RDF.type, QB.Observation))
        graph.add((iri, QB.dataSet, dataset))
        graph.add((iri, LAPE.indicator, concept))
        graph.add((iri, LAPE.refArea, area_iri))
        graph.add((iri, LAPE.refPeriod, Literal(str(record.year), datatype=XSD.gYear)))
        graph.add((iri, SDMX_DIMENSION.sex, SEX[record.gender]))
        graph.add((iri, LAPE.value, Literal(record.value, datatype=XSD.decimal)))
        graph.add((iri, LAPE.unit, UNIT[unit]))
        if record.abs_value is not None:
            graph.add((iri, LAPE.absoluteValue, Literal(record.abs_value, datatype=XSD.decimal)))
        label = f"{name} – {area.name} {record.year} ({SEX_FI[record.gender]})"
        graph.add((iri, RDFS.label, Literal(label, lang="fi")))
        _evidence(ctx, iri, document, record)
        outcome.observations += 1
        outcome.indicators.add(record.indicator)
        outcome.areas.add(area.reference)
        outcome.years.add(record.year)
    return outcome


def _evidence(ctx: BuildContext, subject: URIRef, document: SourceDocument,
              record: Record) -> None:
    ctx.add_evidence(subject, document.id, document.text[record.start:record.end],
                     where=f"data/imports/{document.file}:{record.line}",
                     span=(record.start, record.end))


def _emit_dataset(ctx: BuildContext, graph: Graph, document: SourceDocument,
                  records: list[Record]) -> URIRef:
    where = f"data/imports/{document.file}"
    if not records:
        raise InputError("the export holds no records", where=where)
    iri = ctx.declare(f"dataset/{document.id}", where)
    graph.add((iri, RDF.type, QB.DataSet))
    graph.add((iri, QB.structure, LAPE.SotkanetStructure))
    titles = {"fi": f"Sotkanet-aineisto {document.file}",
              "en": f"Sotkanet export {document.file}"}
    for lang, text in titles.items():
        graph.add((iri, RDFS.label, Literal(text, lang=lang)))
        graph.add((iri, DCTERMS.title, Literal(text, lang=lang)))
    graph.add((iri, DCTERMS.source, ctx.iris.document(document.id)))
    _evidence(ctx, iri, document, records[0])
    return iri


def _indicator(ctx: BuildContext, graph: Graph, document: SourceDocument, record: Record,
               verified: dict[int, dict[str, str]], units: dict[int, str],
               where: str) -> tuple[URIRef, str, str]:
    """(concept, Finnish name, unit) of a Sotkanet indicator id."""
    sotkanet = Literal(record.indicator, datatype=XSD.integer)
    existing = sorted({s for s, _p, _o, _g in ctx.dataset.quads((None, LAPE.sotkanetIndicator,
                                                                  sotkanet, None))})
    row = verified.get(record.indicator)
    if existing:
        concept = URIRef(existing[0])
        name = str(next((o for _s, _p, o, _g in ctx.dataset.quads((concept, SKOS.prefLabel,
                                                                    None, None))
                         if getattr(o, "language", None) == "fi"), record.indicator))
    elif row is not None:
        concept = ctx.declare(f"indicator/sotkanet.{record.indicator}", where)
        name = row["title_fi"]
        graph.add((concept, RDF.type, LAPE.Indicator))
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.notation, Literal(str(record.indicator))))
        for lang in ("fi", "en"):
            if row[f"title_{lang}"]:
                graph.add((concept, RDFS.label, Literal(row[f"title_{lang}"], lang=lang)))
                graph.add((concept, SKOS.prefLabel, Literal(row[f"title_{lang}"], lang=lang)))
        graph.add((concept, LAPE.sotkanetIndicator, sotkanet))
        graph.add((concept, RDFS.seeAlso, URIRef(METADATA_PAGE.format(id=record.indicator))))
        _evidence(ctx, concept, document, record)
    else:
        raise InputError(f"Sotkanet indicator {record.indicator} is neither in the graph nor "
                         "verified in data/reference/sotkanet-indicators.csv", where=where,
                         hint="import indicators whose id and title the reference table "
                              "marks VERIFIED")
    unit = units.get(record.indicator) or _plan_unit(ctx, concept) or (
        unit_of_title(row["title_fi"]) if row else None)
    if unit is None:
        raise InputError(f"cannot tell the unit of Sotkanet indicator {record.indicator}"
                         + (f" ({row['title_fi']})" if row else ""), where=where,
                         hint=f"give it: lapekg import sotkanet FILE --unit "
                              f"{record.indicator}={'|'.join(UNITS)}")
    if unit not in UNITS:
        raise InputError(f"unit {unit!r} of indicator {record.indicator} is not one of "
                         f"{', '.join(UNITS)}", where=where)
    return concept, name, unit


def _plan_unit(ctx: BuildContext, concept: URIRef) -> str | None:
    """The unit the plan's observations of this indicator give, when they agree on one."""
    units = {str(unit).rsplit("/", 1)[-1]
             for observation, _p, _o, _g in ctx.dataset.quads((None, LAPE.indicator, concept,
                                                                None))
             for _s, _p2, unit, _g2 in ctx.dataset.quads((observation, LAPE.unit, None, None))}
    return units.pop() if len(units) == 1 else None
