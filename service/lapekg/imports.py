"""``lapekg import sotkanet FILE``: add a Sotkanet export to the graph's sources.

The file is read, turned into observations together with everything else the build
makes (so indicators and areas resolve as they will in the build) and validated by the
same shapes. Only when all of that succeeds is it copied, unchanged, into ``data/imports/``
and listed in ``data/imports/imports.yaml`` (pinned by SHA-256, like the documents); the
manifest is rewritten last, with one rename, so an import that fails or is killed leaves
the sources as they were. ``lapekg build`` then publishes it, each observation citing its
record verbatim.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from .config import Settings
from .errors import InputError, ValidationFailed
from .ingest import sotkanet
from .ingest.iris import SLUG, slugify
from .ingest.sotkanet_export import read_export
from .ingest.sources import IMPORTS_MANIFEST, SourceDocument
from .ingest.yamlio import load_yaml

MANIFEST_HEADER = """\
# Statistics files imported with `lapekg import` (see docs/service.md, "Importing
# Sotkanet data"). Each is a source like the documents: `id` names its IRI
# (id/document/<id>) and named graph (graph/<id>), sha256 pins the file its evidence
# offsets refer to. Remove an entry (and its file) to withdraw an import.
"""


@dataclass
class ImportReport:
    doc_id: str
    target: Path
    outcome: sotkanet.Outcome
    written: bool


def _existing(imports_dir: Path) -> list[dict]:
    manifest = imports_dir / IMPORTS_MANIFEST
    if not manifest.exists():
        return []
    entries = load_yaml(manifest)
    if not isinstance(entries, list):
        raise InputError("the imports manifest must be a list", where=str(manifest))
    return entries


def _default_id(path: Path) -> str:
    stem = slugify(path.stem) or "export"
    return stem if stem.startswith("sotkanet") else f"sotkanet-{stem}"


def import_sotkanet(settings: Settings, path: Path, *, doc_id: str | None = None,
                    date: str | None = None, units: dict[int, str] | None = None,
                    strict: bool = False, dry_run: bool = False,
                    progress: bool = False) -> ImportReport:
    """Check a Sotkanet export against the whole graph, then add it to data/imports/."""
    from .build import assemble, validate_context, write_atomically

    if not path.is_file():
        raise InputError("no such file", where=str(path))
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"the file is not UTF-8 (byte {exc.start})", where=str(path),
                         hint="Sotkanet exports UTF-8; re-save the file as UTF-8") from None
    records = read_export(text, str(path))
    if not records:
        raise InputError("the export holds no records", where=str(path))
    imports_dir = settings.data_dir / "imports"
    digest = hashlib.sha256(raw).hexdigest()
    entries = _existing(imports_dir)
    for entry in entries:
        if entry.get("sha256") == digest:
            raise InputError(f"this file is already imported as {entry['id']!r}",
                             where=str(path), hint=f"see data/imports/{IMPORTS_MANIFEST}")
    doc_id = doc_id or _default_id(path)
    if not SLUG.match(doc_id):
        raise InputError(f"import id {doc_id!r} is not a slug", where="--id",
                         hint="lower-case ASCII letters and digits separated by '-' or '.'")
    if any(entry.get("id") == doc_id for entry in entries):
        raise InputError(f"import id {doc_id!r} is taken", where="--id",
                         hint="give another with --id")
    suffix = ".json" if text.lstrip("\ufeff \t\r\n")[:1] in "[{" else ".csv"
    target = imports_dir / f"{doc_id}{suffix}"
    if target.exists():
        raise InputError(f"{target} already exists", where="--id",
                         hint="give another id with --id")
    indicators = sorted({r.indicator for r in records})
    listed = ", ".join(str(i) for i in indicators)
    first = records[0]
    entry = {
        "id": doc_id,
        "kind": sotkanet.KIND,
        "file": target.name,
        "original_name": path.name,
        "title": {"fi": f"Sotkanet-aineisto: indikaattori{'t' if len(indicators) > 1 else ''} "
                        f"{listed}",
                  "en": f"Sotkanet export: indicator{'s' if len(indicators) > 1 else ''} "
                        f"{listed}"},
        "date": date or dt.date.today().isoformat(),
        "publisher": "Terveyden ja hyvinvoinnin laitos (THL), Sotkanet",
        "quote": text[first.start:first.end],
        "sha256": digest,
    }
    if units:
        entry["units"] = {int(k): v for k, v in sorted(units.items())}
    staged = SourceDocument(id=doc_id, file=target.name, path=path, text=text, meta=entry)
    ctx, ontology = assemble(settings, progress, staged={doc_id: staged})
    outcome = next(o for o in ctx.import_outcomes if o.doc_id == doc_id)
    if strict and outcome.skipped:
        reason, skipped = next(iter(outcome.skipped.items()))
        raise InputError(f"{sum(len(v) for v in outcome.skipped.values())} record(s) cannot "
                         f"be imported; the first: {reason}", where=f"{path}:{skipped[0].line}",
                         hint="without --strict they are skipped and reported")
    if not outcome.observations:
        raise InputError("no record of the file could be imported", where=str(path),
                         hint="; ".join(describe_skips(outcome, str(path))))
    result = validate_context(ctx, ontology)
    if not result.conforms:
        raise ValidationFailed(
            f"the imported observations do not conform to the shapes "
            f"({len(result.violations)} result(s)); nothing was written",
            report_text=result.text())
    if not dry_run:
        imports_dir.mkdir(parents=True, exist_ok=True)
        write_atomically(target, lambda p: p.write_bytes(raw))
        manifest = imports_dir / IMPORTS_MANIFEST
        before = manifest.read_text(encoding="utf-8") if manifest.exists() else MANIFEST_HEADER
        addition = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=88)
        try:
            text = before.rstrip("\n") + "\n" + addition
            write_atomically(manifest, lambda p: p.write_text(text, encoding="utf-8"))
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    return ImportReport(doc_id, target, outcome, written=not dry_run)


def describe_skips(outcome: sotkanet.Outcome, file: str, areas: sotkanet.Areas | None = None,
                   limit: int = 5) -> list[str]:
    """One line per reason: how many records, and where the first few are."""
    lines = []
    for reason, records in outcome.skipped.items():
        places = ", ".join(str(r.line) for r in records[:limit])
        more = f" and {len(records) - limit} more" if len(records) > limit else ""
        lines.append(f"{len(records)} record(s) with {reason} ({file} lines {places}{more})")
    if areas is not None:
        for region, count in sorted(outcome.unknown_regions.items())[:limit]:
            lines.append(f"  region {region} ({count} record(s)): {areas.explain(region)}")
    return lines
