"""The source documents: manifest, text, and locating verbatim quotes in them."""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EvidenceError, InputError, SourceMissingError
from .yamlio import load_yaml

MANIFEST = "sources.yaml"
#: The manifest of imported statistics files (``lapekg import``) in ``data/imports/``.
IMPORTS_MANIFEST = "imports.yaml"


@dataclass
class SourceDocument:
    """One source text, as listed in ``data/sources/sources.yaml``."""

    id: str
    file: str
    path: Path
    text: str
    meta: dict
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect.bisect_right(self._line_starts, offset)

    def locate(self, quote: str, occurrence: int = 1, where: str | None = None) -> tuple[int, int]:
        """Character span of a verbatim quote.

        The quote must appear in the text as written; only runs of whitespace may differ
        (the PDF conversion broke lines mid-sentence), so a quote may be written on one
        line. ``occurrence`` picks the n-th match when the same words appear twice.
        """
        words = quote.split()
        if not words:
            raise EvidenceError("empty quote", where=where)
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        matches = list(pattern.finditer(self.text))
        if len(matches) < occurrence:
            found = f"found {len(matches)} time(s)" if matches else "not found"
            raise EvidenceError(
                f"quote {quote[:80]!r}{'…' if len(quote) > 80 else ''} {found} in {self.file}",
                where=where,
                hint="copy the words exactly from data/sources/" + self.file
                + " (only line breaks and repeated spaces may differ)",
            )
        match = matches[occurrence - 1]
        return match.start(), match.end()


def load_sources(sources_dir: Path, manifest: str = MANIFEST,
                 restore_hint: str = "copy it from ../shared/sources/ "
                                     "(see data/sources/sources.yaml)"
                 ) -> dict[str, SourceDocument]:
    """Read the manifest and every document it lists, checking each file's SHA-256."""
    manifest_path = sources_dir / manifest
    if not manifest_path.exists():
        raise SourceMissingError("source manifest missing", where=str(manifest_path))
    entries = load_yaml(manifest_path)
    if not isinstance(entries, list):
        raise InputError("the manifest must be a list of documents", where=str(manifest_path))
    documents: dict[str, SourceDocument] = {}
    for entry in entries:
        where = getattr(entry, "where", str(manifest_path))
        for key in ("id", "file", "title", "date", "sha256"):
            if key not in entry:
                raise InputError(f"document entry lacks {key!r}", where=where)
        path = sources_dir / entry["file"]
        if not path.exists():
            raise SourceMissingError(
                f"source document {entry['file']} is missing", where=where,
                hint=restore_hint,
            )
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != entry["sha256"]:
            raise SourceMissingError(
                f"{entry['file']} has changed (sha256 {digest[:12]}…, "
                f"manifest says {entry['sha256'][:12]}…)",
                where=where,
                hint="evidence offsets refer to the pinned text; restore the original file",
            )
        documents[entry["id"]] = SourceDocument(
            id=entry["id"], file=entry["file"], path=path,
            text=raw.decode("utf-8"), meta=dict(entry),
        )
    return documents


def load_imports(imports_dir: Path) -> dict[str, SourceDocument]:
    """The imported statistics files listed in ``data/imports/imports.yaml`` (none without it).

    They are sources like the documents: pinned by SHA-256, and every observation read
    from them cites the exact record it came from."""
    if not (imports_dir / IMPORTS_MANIFEST).exists():
        return {}
    return load_sources(imports_dir, IMPORTS_MANIFEST,
                        restore_hint="restore the file, or remove its entry from "
                                     f"data/imports/{IMPORTS_MANIFEST}")
