"""The source reader: ``/source/<doc_id>`` shows a source document's pinned text.

With ``?start=…&end=…`` (character offsets, as evidence nodes cite them) the passage is
marked and linked as ``#passage``. The text is read from ``data/sources/`` (or, for an
imported statistics file, ``data/imports/``); a file whose
SHA-256 differs from the one the graph records is shown, marked as not the pinned text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, request

from .. import iri as scheme
from ..errors import NotFound, ParameterError
from .entities import Labels, Value, checked_iri, select, values
from .render import chosen_language, render_page, settings
from .services import services

bp = Blueprint("source", __name__)


@dataclass
class SourcePassage:
    doc: Value
    doc_id: str
    file: str
    before: str
    passage: str
    after: str
    start: int | None
    end: int | None
    lines: tuple[int, int] | None
    pinned: bool


def read_source(doc_id: str, start: int | None, end: int | None, lang: str) -> SourcePassage:
    """A source document's pinned text split around the passage ``start``–``end``."""
    doc = checked_iri(scheme.document(settings().base, doc_id))
    rows = select(f"SELECT ?file ?sha WHERE {{ {values(doc=doc)} ?doc lape:fileName ?file . "
                  "OPTIONAL { ?doc lape:sha256 ?sha } } LIMIT 1")
    if not rows:
        raise NotFound(f"no source document {doc_id!r}", hint="see /browse/documents")
    name = rows[0]["file"].value
    # documents in data/sources/, imported statistics files (lapekg import) in data/imports/
    path = next((candidate for folder in ("sources", "imports")
                 if (candidate := settings().data_dir / folder / name).is_file()),
                settings().data_dir / "sources" / name)
    if Path(name).name != name or not path.is_file():
        raise NotFound(f"the text of {doc_id!r} is not available on this server",
                       where=name, hint="the source texts live in data/sources/ and "
                                        "data/imports/")
    raw = path.read_bytes()
    sha = rows[0].get("sha")
    pinned = sha is None or hashlib.sha256(raw).hexdigest() == sha.value
    # People on the takedown list are masked character for character: offsets hold.
    text = services().redactions.mask(raw.decode("utf-8"))
    if start is None or end is None:
        start = end = None
        before, passage, after, lines = text, "", "", None
    else:
        if not 0 <= start <= end <= len(text):
            raise ParameterError(f"passage {start}-{end} is outside {doc_id} "
                                 f"(0-{len(text)} characters)", where="parameters start, end")
        before, passage, after = text[:start], text[start:end], text[end:]
        first = before.count("\n") + 1
        lines = (first, first + passage.count("\n"))
    labels = Labels({doc.value}, lang)
    return SourcePassage(doc=labels.value(doc), doc_id=doc_id, file=name, before=before,
                         passage=passage, after=after, start=start, end=end, lines=lines,
                         pinned=pinned)


def _offset(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise ParameterError(f"{name}={raw!r} is not a character offset", where=f"parameter {name}",
                             hint="a whole number ≥ 0")
    return int(raw)


@bp.get("/source/<doc_id>")
def source(doc_id: str) -> Response:
    passage = read_source(doc_id, _offset("start"), _offset("end"), chosen_language())
    return render_page("source.html", source=passage)
