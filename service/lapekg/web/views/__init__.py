"""Research views: pages over named queries, each with JSON and CSV twins.

A view is a page at a stable URL (``/views/<name>``) whose tables are the rows of named
queries in ``queries/``; ``/views/<name>.json`` and ``/views/<name>.csv`` serve the very
rows the page shows (same query, same bindings), and every table links to its query in
the editor (``/editor?named=<query>``). Filters are the named queries' own parameters,
passed as query-string values, so a filtered view is a shareable URL. Pages are plain
HTML tables: readable without JavaScript.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from functools import lru_cache

from flask import Blueprint, Response, jsonify, request

from ...errors import NotFound, ParameterError
from ...namespaces import sparql_prologue
from ...queries import bind
from ..dataset import DUMP_STEM, dump_dir, modified_stamp
from ..render import TRIG, lang_url, lang_url_pairs, local_path, pick_label, services

bp = Blueprint("views", __name__)

#: The views, for the 404 hint and the menu: path → interface-text key.
VIEWS = {"diffusion": "diffusion", "measures": "measures_matrix", "roadmaps": "roadmaps",
         "indicators": "indicators_view", "compare": "compare",
         "browse/practices": "facets"}


@dataclass(frozen=True)
class Table:
    """One named query's rows as shown: its name, its bindings and its rows."""

    query: str
    title: str
    bindings: dict[str, str]
    columns: tuple[str, ...]
    rows: list[dict[str, str]]

    def to_dict(self) -> dict[str, object]:
        return {"query": self.query, "title": self.title, "bindings": self.bindings,
                "columns": list(self.columns), "rows": self.rows}


def run_table(name: str, values: dict[str, str]) -> Table:
    """Run named query ``name`` with request ``values``; rows as plain strings."""
    svc = services()
    query = svc.named_query(name)
    bindings = bind(query, values, svc.settings.base)
    rows = svc.store.select(svc.named_text(query), bindings,
                            timeout=svc.settings.query_timeout)
    shown = {key: term.value for key, term in bindings.items()}
    columns = query.variables or tuple(dict.fromkeys(key for row in rows for key in row))
    return Table(name, query.title, shown, columns,
                 [{key: term.value for key, term in row.items()} for row in rows])


def check_args(*accepted: str, hint: str | None = None) -> None:
    """400 naming any query-string parameter the view does not take (``lang`` always)."""
    allowed = (*accepted, "lang")
    unknown = set(request.args) - set(allowed)
    if unknown:
        raise ParameterError(f"unknown parameter(s) {sorted(unknown)}", where="query string",
                             hint=hint or f"accepted: {', '.join(allowed)}")


def page_args() -> dict[str, str]:
    """The page's query string without ``lang`` (its filters, as twins and links keep them)."""
    return {k: v for k, v in request.args.items() if k != "lang"}


def filtered_table(query: str, *params: str) -> Table:
    """A one-query view's table: only ``params`` accepted, empty ones left out, the rest
    bound to the named query's parameters of the same names."""
    check_args(*params)
    values = {key: request.args[key].strip() for key in params
              if request.args.get(key, "").strip()}
    return run_table(query, values)


def twin_json(view: str, tables: list[Table], **drawn: object) -> Response:
    """The JSON twin: the view's name, its tables, what it draws from them, its citation."""
    return jsonify({"view": view, "tables": [table.to_dict() for table in tables], **drawn,
                    "citation": citation(view, tables)})


def store_select(sparql: str) -> list[dict]:
    """A view's own SELECT (the project prefixes prepended) under the query time limit."""
    svc = services()
    return svc.store.select(sparql_prologue(svc.settings.base) + sparql,
                            timeout=svc.settings.query_timeout)


def csv_response(table: Table, filename: str) -> Response:
    """One table as CSV (header = the query's projection, CRLF lines)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(table.columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(table.rows)
    return Response(out.getvalue(), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


def twin_links(view: str, args: dict[str, str] | list[tuple[str, str]]) -> dict[str, str]:
    """The page's JSON and CSV twins, with the page's filters."""
    pairs = list(args.items()) if isinstance(args, dict) else list(args)
    return {"json": lang_url_pairs(f"/views/{view}.json", pairs),
            "csv": lang_url_pairs(f"/views/{view}.csv", pairs)}


def scheme_concepts(scheme: str, lang: str = "en") -> dict[str, str]:
    """The concepts in the vocabulary namespace ``scheme`` as the graph has them: local
    name → label in ``lang`` (with the usual fallback), ordered by label. The filters
    accept exactly these local names. (Not cached: a rebuild may change them, and the
    query is a handful of rows.)"""
    rows = services().store.select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?c ?label WHERE "
        f"{{ ?c a skos:Concept ; skos:prefLabel ?label FILTER(STRSTARTS(STR(?c), \"{scheme}\")) }}")
    labels: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        labels.setdefault(row["c"].value[len(scheme):], []).append(
            (row["label"].value, row["label"].language or ""))
    named = {local: pick_label(pairs, lang) or local for local, pairs in labels.items()}
    return dict(sorted(named.items(), key=lambda item: (item[1].casefold(), item[0])))


# --- citation --------------------------------------------------------------------------------


def result_checksum(tables: list[Table]) -> str:
    """sha256 of the tables as canonical JSON (sorted keys, no spaces): the JSON twin's
    ``tables`` member hashed the same way gives the same value."""
    canonical = json.dumps([table.to_dict() for table in tables], sort_keys=True,
                           separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@lru_cache(maxsize=4)
def _file_sha256(path: str, mtime: float) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def release() -> dict[str, str | None]:
    """The data release the answer comes from: when the dump was published, its sha256."""
    dump = dump_dir() / f"{DUMP_STEM}.{TRIG.suffix}"
    if not dump.is_file():
        return {"published": None, "dump": None, "dumpSha256": None}
    return {"published": modified_stamp(dump), "dump": f"/dump/{dump.name}",
            "dumpSha256": _file_sha256(str(dump), dump.stat().st_mtime)}


def citation(view: str, tables: list[Table]) -> dict[str, object]:
    """What a researcher cites: the view's URL, its queries, the release, date, checksum."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    url = request.host_url.rstrip("/") + request.script_root + lang_url_pairs(
        f"/views/{view}", args)
    return {"view": url, "queries": [request.host_url.rstrip("/") + request.script_root
                                     + f"/api/queries/{table.query}.rq" for table in tables],
            "release": release(), "retrieved": dt.date.today().isoformat(),
            "resultSha256": result_checksum(tables)}


def local_page(iri: str | None) -> str | None:
    """The local link of ``iri`` as entity pages make it (its /id/ IRI path, which a
    browser follows to the page); None for foreign IRIs."""
    if not iri:
        return None
    path = local_path(iri)
    return None if path is None else lang_url(path)


@bp.get("/views/<name>")
def unknown_view(name: str) -> Response:
    raise NotFound(f"no view {name!r}", where="path",
                   hint="views: " + ", ".join(f"/views/{view}" for view in VIEWS))


# The views register their routes on bp (after the shared helpers above).
from . import (  # noqa: E402,F401
    compare,
    diffusion,
    facets,
    indicators,
    measures,
    roadmaps,
)
