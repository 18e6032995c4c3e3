"""sources → graphs → SHACL gate → atomic publish.

Nothing is published unless every step succeeds: the store, the dump and the reports on
the graph are written into a new release directory, switched in with one rename only
after all of it is written (see store/publish.py).
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.namespace import RDF
from tqdm import tqdm

from . import numbers as graph_numbers
from . import redaction, retired
from .config import Settings
from .errors import BuildError, InputError, ValidationFailed
from .ingest import curated, documents, indicators, inference, roadmap, sotkanet, welfare_plan
from .ingest.context import BuildContext
from .ingest.reference import Reference
from .ingest.sources import SourceDocument, load_imports, load_sources
from .namespaces import PREFIXES, bind_prefixes
from .ontology import load_ontology
from .store.publish import publish
from .validate import ValidationResult, load_shapes, validate_graph

DUMP_NAME = "lapekg.trig"


@dataclass
class BuildReport:
    triples: int = 0
    evidence: int = 0
    classes: dict[str, int] = field(default_factory=dict)
    graphs: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    store: str = ""
    dump: str = ""
    numbers: graph_numbers.Numbers | None = None

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    def to_dict(self) -> dict:
        return {"triples": self.triples, "evidence": self.evidence, "classes": self.classes,
                "graphs": self.graphs, "seconds": self.seconds, "store": self.store,
                "dump": self.dump}


def assemble(settings: Settings, progress: bool = False,
             staged: dict[str, SourceDocument] | None = None) -> tuple[BuildContext, Graph]:
    """Run every ingest step; return the context (with its dataset) and the ontology.

    The sources are the documents of data/sources/, the imported files of data/imports/
    and, for ``lapekg import`` checking a file before it is added, ``staged`` ones."""
    sources = load_sources(settings.data_dir / "sources")
    for extra in (load_imports(settings.data_dir / "imports"), staged or {}):
        for doc_id, document in extra.items():
            if doc_id in sources:
                raise InputError(f"import id {doc_id!r} is already a source id",
                                 where=document.file,
                                 hint="choose another id (lapekg import … --id)")
            sources[doc_id] = document
    ctx = BuildContext(settings, sources)
    reference = Reference(ctx)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("reference tables", reference.declare),
        ("documents", lambda: documents.ingest(ctx)),
        # Curated files refer to the whole country (a practice spread nationally).
        ("country", lambda: indicators.declare_finland(ctx)),
        ("curated files", lambda: curated.ingest(ctx)),
        ("welfare-plan measures", lambda: welfare_plan.ingest(ctx)),
        ("indicators", lambda: indicators.ingest(ctx)),
        ("roadmaps", lambda: roadmap.ingest(ctx)),
        ("sotkanet imports", lambda: ctx.import_outcomes.extend(sotkanet.ingest(ctx))),
        ("reference links", reference.emit),
        # Last: the rules read everything the documents say.
        ("inference rules", lambda: inference.ingest(ctx)),
    ]
    for _name, step in tqdm(steps, desc="ingest", unit="step", disable=not progress):
        step()
    retired.check(retired.load(settings.root), ctx.dataset, settings.base)
    ctx.redactions = redaction.load(settings.redactions_file, str(settings.redactions))
    redaction.apply(ctx.redactions, ctx.dataset, settings.base)
    ontology = load_ontology(settings.root)
    target = ctx.graph("ontology")
    for triple in ontology:
        target.add(triple)
    return ctx, ontology


def union_graph(dataset: Dataset, exclude: set[str] = frozenset()) -> Graph:
    """All named graphs merged into one in-memory graph (for SHACL and counting)."""
    union = Graph()
    bind_prefixes(union)
    for graph in dataset.graphs():
        if str(graph.identifier) in exclude:
            continue
        for triple in graph:
            union.add(triple)
    return union


def validate_context(ctx: BuildContext, ontology: Graph) -> ValidationResult:
    data = union_graph(ctx.dataset)
    shapes = load_shapes(ctx.settings.root / "shapes")
    return validate_graph(data, shapes, ontology)


def write_atomically(path: Path, writer: Callable[[Path], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        writer(temporary)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


@contextmanager
def build_lock(build_dir: Path) -> Iterator[None]:
    """One build at a time per build directory: an advisory lock the kernel releases when
    the process ends, however it ends. Under it, what killed builds left is removed."""
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / ".build.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError("another build is running in this build directory",
                             where=str(build_dir), hint="wait for it to finish") from None
        for pattern in ("dump/.staged-*.nq", "dump/.*.tmp", "reports/.*.tmp"):
            for leftover in build_dir.glob(pattern):
                leftover.unlink(missing_ok=True)
        yield


def build(settings: Settings, progress: bool = False) -> BuildReport:
    """Build, validate and publish; raise without publishing anything on any error.

    Killed at any moment (even by SIGKILL), a build leaves the published store and dump
    as they were; the next build clears its leftovers (see store/publish.py)."""
    with build_lock(settings.build_dir):
        return _build(settings, progress)


def _build(settings: Settings, progress: bool) -> BuildReport:
    report = BuildReport()
    started = time.perf_counter()
    ctx, ontology = assemble(settings, progress)
    report.seconds["ingest"] = time.perf_counter() - started

    started = time.perf_counter()
    result = validate_context(ctx, ontology)
    report.seconds["validate"] = time.perf_counter() - started
    reports_dir = settings.build_dir / "reports"
    write_atomically(reports_dir / "validation.txt",
                      lambda p: p.write_text(result.text() + "\n", encoding="utf-8"))
    write_atomically(reports_dir / "validation.ttl",
                      lambda p: result.report.serialize(p, format="turtle"))
    if not result.conforms:
        raise ValidationFailed(
            f"the graph does not conform to the shapes ({len(result.violations)} result(s)); "
            "nothing was published", report_text=result.text(),
            hint=f"see {reports_dir / 'validation.txt'}")

    started = time.perf_counter()
    dump = settings.build_dir / "dump" / DUMP_NAME
    staged = settings.build_dir / f".staged-{os.getpid()}.nq"
    write_atomically(staged, lambda p: ctx.dataset.serialize(p, format="nquads"))
    report.seconds["serialize"] = time.perf_counter() - started

    started = time.perf_counter()
    try:
        report.numbers = graph_numbers.count_file(staged)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    report.seconds["count"] = time.perf_counter() - started

    report.dump = str(dump)
    report.evidence = ctx.evidence_count
    classes: Counter[str] = Counter()
    for graph in ctx.dataset.graphs():
        name = str(graph.identifier).rsplit("/", 1)[-1]
        count = len(graph)
        if count:
            report.graphs[name] = count
            report.triples += count
        if name == "ontology":
            continue
        for _s, cls in graph.subject_objects(RDF.type):
            classes[ctx.dataset.namespace_manager.normalizeUri(cls)] += 1
    report.classes = dict(sorted(classes.items()))
    withdrawn = json.dumps(ctx.redactions.withdrawn, indent=2, sort_keys=True)
    numbers = report.numbers

    def build_json(path: Path) -> None:
        report.store = str(path.parent.parent / "store")
        report.seconds["load store"] = time.perf_counter() - started
        path.write_text(json.dumps(report.to_dict(), indent=2))

    # One release: the store, the dump written from it (blank nodes skolemised, so both
    # agree) and the reports on this graph, switched in at once (store/publish.py).
    started = time.perf_counter()
    try:
        publish(staged, settings.build_dir, settings.base, DUMP_NAME,
                {p: str(ns) for p, ns in PREFIXES.items()}, reports={
                    "numbers.json": lambda p: p.write_text(json.dumps(numbers.to_dict(),
                                                                      indent=2)),
                    "numbers.md": lambda p: p.write_text(
                        graph_numbers.render_markdown(numbers) + "\n", encoding="utf-8"),
                    settings.withdrawn_file.name: lambda p: p.write_text(withdrawn + "\n"),
                    "build.json": build_json})
    finally:
        staged.unlink(missing_ok=True)
    return report


def write_docs(report: BuildReport, doc: Path) -> bool:
    """Rewrite the numbers block of ``doc`` (docs/model.md); True when it changed."""
    if report.numbers is None:
        raise ValueError("the build report has no numbers")
    text = doc.read_text(encoding="utf-8")
    updated = graph_numbers.replace_block(text, graph_numbers.render_markdown(report.numbers),
                                          where=str(doc))
    if updated == text:
        return False
    write_atomically(doc, lambda p: p.write_text(updated, encoding="utf-8"))
    return True
