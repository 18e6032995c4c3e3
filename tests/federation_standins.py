"""Local stand-ins for the public SPARQL endpoints the federated named queries call.

No internet here, so each public endpoint (Wikidata's query service, Finto's) is played
by a real Oxigraph server on loopback holding a small extract shaped like the remote
data, and lapekg is configured with the stand-in in the public endpoint's place
(``LAPEKG_SERVICE_MIRRORS``). The queries are the shipped ones, unchanged.

The extracts say only what the project's verified reference data says
(``data/reference/``, each value with its source): Wikidata items with their Finnish
municipality number (P1203) and names, YSO concepts and places with their preferred
labels, YSO's in its named graph as Finto keeps it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import requests
from remote_stores import Remote, start_oxigraph

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"
WIKIDATA = "https://query.wikidata.org/sparql"
FINTO = "https://api.finto.fi/sparql"
YSO_GRAPH = "http://www.yso.fi/onto/yso/"
VERIFIED = "VERIFIED"


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _literal(text: str, lang: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}'


def wikidata_extract() -> str:
    """N-Triples: each verified municipality's item, its P1203 code and its names."""
    lines = []
    for row in _rows("municipalities.csv"):
        if row["wikidata_status"] != VERIFIED or row["code_status"] != VERIFIED:
            continue
        item = f"<http://www.wikidata.org/entity/{row['wikidata_qid']}>"
        lines.append(f'{item} <http://www.wikidata.org/prop/direct/P1203> '
                     f'"{row["statfi_municipality_code"]}" .')
        for lang, column in (("fi", "name_fi"), ("sv", "name_sv"), ("en", "name_en")):
            if row[column]:
                lines.append(f"{item} <http://www.w3.org/2000/01/rdf-schema#label> "
                             f"{_literal(row[column], lang)} .")
    return "\n".join(lines) + "\n"


def yso_extract() -> str:
    """N-Triples: each verified YSO concept and place with its preferred labels."""
    pref = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
    lines = []
    for row in _rows("yso-concepts.csv"):
        if row["status"] != VERIFIED or not row["yso_uri"]:
            continue
        for lang in ("fi", "sv", "en"):
            if row[f"prefLabel_{lang}"]:
                lines.append(f"<{row['yso_uri']}> {pref} "
                             f"{_literal(row[f'prefLabel_{lang}'], lang)} .")
    for row in _rows("municipalities.csv"):
        if row["yso_place_status"] == VERIFIED and row["yso_place_uri"]:
            for lang in ("fi", "sv"):
                if row[f"yso_place_label_{lang}"]:
                    lines.append(f"<{row['yso_place_uri']}> {pref} "
                                 f"{_literal(row[f'yso_place_label_{lang}'], lang)} .")
    return "\n".join(sorted(set(lines))) + "\n"


@dataclass
class StandIns:
    wikidata: Remote
    finto: Remote

    def settings(self) -> dict[str, object]:
        """lapekg's settings with the stand-ins in the public endpoints' place."""
        return {"service_mirrors": f"{WIKIDATA}={self.wikidata.query_url} "
                                   f"{FINTO}={self.finto.query_url}",
                "allow_private_targets": True}

    def stop(self) -> None:
        self.wikidata.stop()
        self.finto.stop()


def _put(remote: Remote, ntriples: str, graph: str | None) -> None:
    store = remote.query_url.rsplit("/", 1)[0] + "/store"
    params = {"graph": graph} if graph else {"default": ""}
    answer = requests.put(store, params=params, data=ntriples.encode("utf-8"),
                          headers={"Content-Type": "application/n-triples"}, timeout=30)
    answer.raise_for_status()


def start_standins(work: Path) -> StandIns:
    """Two Oxigraph servers on loopback, filled with the extracts (Graph Store Protocol)."""
    (work / "wikidata").mkdir(parents=True, exist_ok=True)
    (work / "finto").mkdir(parents=True, exist_ok=True)
    wikidata = start_oxigraph(work / "wikidata")
    try:
        finto = start_oxigraph(work / "finto")
    except Exception:
        wikidata.stop()
        raise
    standins = StandIns(wikidata, finto)
    try:
        _put(wikidata, wikidata_extract(), None)
        _put(finto, yso_extract(), YSO_GRAPH)
    except Exception:
        standins.stop()
        raise
    return standins
