"""Links to national open data from ``data/reference/`` (copied from ../shared/reference).

Only values whose status column says VERIFIED are used (README of data/reference/:
VERIFIED_SECONDARY, DERIVED and UNVERIFIED values are not data). Municipalities and
regions are declared up front so curated files can refer to them by code, but they are
published only when some document names them (they then carry evidence).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from ..errors import InputError
from ..namespaces import LAPE, WD
from .context import BuildContext

VERIFIED = "VERIFIED"
REFERENCE_README = "data/reference/README.md"


@dataclass
class ReferenceRow:
    reference: str  # kind/key
    row: dict[str, str]
    where: str


def read_table(path: Path) -> list[tuple[int, dict[str, str]]]:
    if not path.exists():
        raise InputError("reference table missing", where=str(path),
                         hint="copy it from ../shared/reference/")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return [(reader.line_num, row) for row in reader]


class Reference:
    """The reference tables of one build."""

    def __init__(self, ctx: BuildContext):
        self.ctx = ctx
        self.directory = ctx.settings.data_dir / "reference"
        self.areas: list[ReferenceRow] = []
        self.organisations: dict[str, dict[str, str]] = {}

    def declare(self) -> None:
        """Declare municipalities and regions with verified codes; index the rest."""
        name = "municipalities.csv"
        for line, row in read_table(self.directory / name):
            if row["code_status"] != VERIFIED:
                continue
            ref = f"municipality/{row['statfi_municipality_code']}"
            self._declare_area(ref, row, f"data/reference/{name}:{line}")
        name = "regions.csv"
        for line, row in read_table(self.directory / name):
            if row["region_type"] == "maakunta" and row["code_status"] == VERIFIED:
                self._declare_area(f"region/{row['code']}", row, f"data/reference/{name}:{line}")
        for _line, row in read_table(self.directory / "organizations.csv"):
            self.organisations[row["org"]] = row
        for _line, row in read_table(self.directory / "yso-concepts.csv"):
            if row["status"] == VERIFIED and row["yso_uri"]:
                self.ctx.yso_concepts[row["yso_uri"]] = row

    def _declare_area(self, ref: str, row: dict[str, str], where: str) -> None:
        self.ctx.declare(ref, where)
        self.ctx.reference_labels[ref] = {
            lang: row[f"name_{lang}"] for lang in ("fi", "sv", "en") if row.get(f"name_{lang}")
        }
        self.areas.append(ReferenceRow(ref, row, where))

    def emit(self) -> int:
        """Publish reference facts for areas the documents name; link organisations."""
        graph = self.ctx.graph("reference")
        union = self.ctx.dataset
        published = 0
        for area in self.areas:
            iri = self.ctx.declared[area.reference].iri
            if not any(union.quads((iri, LAPE.evidence, None, None))):
                continue
            published += 1
            self._emit_area(graph, iri, area)
        for iri, key, where in self.ctx.reference_links:
            row = self.organisations.get(key)
            if row is None:
                raise InputError(f"unknown organisation reference {key!r}", where=where,
                                 hint=f"one of: {', '.join(sorted(self.organisations))}")
            if row["wikidata_status"] == VERIFIED and row["wikidata_qid"]:
                graph.add((iri, OWL.sameAs, WD[row["wikidata_qid"]]))
            if row["y_tunnus_status"] == VERIFIED and row["y_tunnus"]:
                graph.add((iri, LAPE.businessId, Literal(row["y_tunnus"])))
            graph.add((iri, DCTERMS.source, Literal(f"{REFERENCE_README} ({key})")))
        return published

    def _emit_area(self, graph, iri: URIRef, area: ReferenceRow) -> None:
        row = area.row
        is_municipality = area.reference.startswith("municipality/")
        graph.add((iri, RDF.type, LAPE.Municipality if is_municipality else LAPE.Region))
        for lang, text in self.ctx.reference_labels[area.reference].items():
            graph.add((iri, RDFS.label, Literal(text, lang=lang)))
            graph.add((iri, SKOS.prefLabel, Literal(text, lang=lang)))
        if is_municipality:
            graph.add((iri, LAPE.municipalityCode,
                       Literal(row["statfi_municipality_code"])))
            region = f"region/{row['region_code']}"
            if row["region_status"] == VERIFIED and region in self.ctx.declared:
                graph.add((iri, LAPE.region, self.ctx.declared[region].iri))
            if row["sotkanet_status"] == VERIFIED and row["sotkanet_region_id_2013"]:
                graph.add((iri, LAPE.sotkanetRegionId,
                           Literal(int(row["sotkanet_region_id_2013"]), datatype=XSD.integer)))
        else:
            graph.add((iri, LAPE.regionCode, Literal(row["code"])))
        if row.get("wikidata_status") == VERIFIED and row.get("wikidata_qid"):
            graph.add((iri, OWL.sameAs, WD[row["wikidata_qid"]]))
        if row.get("yso_place_status") == VERIFIED and row.get("yso_place_uri"):
            graph.add((iri, SKOS.exactMatch, URIRef(row["yso_place_uri"])))
        graph.add((iri, DCTERMS.source, Literal(f"{REFERENCE_README} ({area.where})")))
