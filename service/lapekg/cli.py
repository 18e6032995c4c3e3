"""``lapekg`` command line: a thin shell that translates arguments and errors.

Exit codes follow pySHACL's CLI: 0 success / conforms, 1 does not conform (or the build
was refused), 2 error (bad input, missing store, bad arguments; one line on stderr). An
unexpected exception, a bug, exits 1 with one line and the path of a log holding its
traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

from .config import load_config, settings_table
from .errors import LapekgError, ValidationFailed


def _settings(args: argparse.Namespace):
    overrides = {}
    if getattr(args, "base", None):
        overrides["base"] = args.base
    if getattr(args, "build_dir", None):
        overrides["build_dir"] = args.build_dir
    return load_config(overrides)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    settings = _settings(args)
    report = build(settings, progress=not args.quiet)
    if args.write_docs:
        from .build import write_docs

        doc = settings.root / "docs" / "model.md"
        changed = write_docs(report, doc)
        print(f"{doc}: numbers {'updated' if changed else 'unchanged'}")
    print(f"published {report.triples} triples ({report.evidence} evidence quotes) "
          f"in {report.total_seconds:.1f} s")
    print(f"  store: {report.store}\n  dump:  {report.dump}")
    for name, count in report.graphs.items():
        print(f"  graph {name}: {count} triples")
    if args.verbose:
        for cls, count in report.classes.items():
            print(f"  {cls}: {count}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from rdflib import Graph

    from .build import assemble, validate_context
    from .ontology import load_ontology
    from .rdfparse import parse_file
    from .validate import load_shapes, validate_graph

    settings = _settings(args)
    if args.data:
        data = Graph()
        for path in args.data:
            parse_file(Path(path), data)
        result = validate_graph(data, load_shapes(settings.root / "shapes"),
                                load_ontology(settings.root))
    else:
        ctx, ontology = assemble(settings, progress=not args.quiet)
        result = validate_context(ctx, ontology)
    print(result.text())
    return 0 if result.conforms else 1


def cmd_query(args: argparse.Namespace) -> int:
    import pyoxigraph as ox

    from .federation import TargetPolicy
    from .queries import bind, load_queries
    from .store.embedded import EmbeddedStore
    from .store.publish import current_store

    settings = _settings(args)
    params = {}
    for item in args.param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise LapekgError(f"--param {item!r} must be NAME=VALUE", where="command line")
        params[key] = value
    bindings = {}
    if args.name:
        queries = load_queries(settings.root / "queries", settings.base)
        if args.name not in queries:
            raise LapekgError(f"no named query {args.name!r}", where="command line",
                              hint=f"one of: {', '.join(queries)}")
        named = queries[args.name]
        sparql = named.text(settings.base)
        bindings = bind(named, params, settings.base)
    elif args.file:
        sparql = Path(args.file).read_text(encoding="utf-8")
    elif args.sparql:
        sparql = args.sparql
    else:
        raise LapekgError("give a query, --file F or --name NAME", where="command line")
    store = EmbeddedStore(current_store(settings.build_dir),
                          targets=TargetPolicy.from_settings(settings))
    result = store.evaluate(sparql, bindings)
    if isinstance(result, ox.QueryBoolean):
        print("true" if bool(result) else "false")
    elif isinstance(result, ox.QuerySolutions):
        fmt = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
               "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}[args.format]
        sys.stdout.write(result.serialize(format=fmt).decode("utf-8"))
    else:
        sys.stdout.write(ox.serialize(result, format=ox.RdfFormat.TURTLE).decode("utf-8"))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .web.server import serve

    settings = _settings(args)
    overrides = {"threads": args.threads, "query_workers": args.workers}
    settings = dataclasses.replace(settings, **{k: v for k, v in overrides.items() if v})
    serve(settings, host=args.host, port=args.port)
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from .store.load import Loader, load
    from .store.publish import current_store

    settings = _settings(args)
    update = args.update or settings.store_update_url
    if not update:
        raise LapekgError("no update URL for the remote store", where="lapekg load",
                          hint="give --update URL (or set LAPEKG_STORE_UPDATE_URL)")
    loader = Loader(args.to, update, user=args.user or settings.store_user or None,
                    password=settings.store_password or None,
                    auth=args.auth or settings.store_auth)
    report = load(current_store(settings.build_dir), loader, batch=args.batch,
                  progress=not args.quiet)
    rate = report.triples / report.seconds if report.seconds else 0
    print(f"lapekg load: {report.triples} triples in {len(report.graphs)} graphs to "
          f"{args.to} in {report.seconds:.1f} s ({rate:,.0f} triples/s)")
    if report.mismatches:
        for graph, (sent, counted) in sorted(report.mismatches.items()):
            print(f"  {graph}: sent {sent}, the store counts {counted}", file=sys.stderr)
        print(f"error: {len(report.mismatches)} graph(s) do not match; run the load again",
              file=sys.stderr)
        return 1
    print("lapekg load: every graph's triple count matches")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .imports import describe_skips, import_sotkanet
    from .ingest.sotkanet import UNITS, sotkanet_areas

    settings = _settings(args)
    units: dict[int, str] = {}
    for item in args.unit or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip().isdigit() or value not in UNITS:
            raise LapekgError(f"--unit {item!r} must be INDICATOR=UNIT", where="--unit",
                              hint=f"UNIT is one of {', '.join(UNITS)}; e.g. --unit 127=count")
        units[int(key)] = value
    report = import_sotkanet(settings, Path(args.file), doc_id=args.id, date=args.date,
                             units=units, strict=args.strict, dry_run=args.dry_run,
                             progress=not args.quiet)
    outcome = report.outcome
    years = sorted(outcome.years)
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    indicators = ", ".join(str(i) for i in sorted(outcome.indicators))
    verb = "would import" if args.dry_run else "imported"
    print(f"lapekg import: {verb} {outcome.observations} observation(s) of indicator(s) "
          f"{indicators} for {len(outcome.areas)} area(s), {span}, as {report.doc_id}")
    skipped = describe_skips(outcome, args.file, sotkanet_areas(settings.data_dir / "reference"))
    if skipped:
        print("skipped:", file=sys.stderr)
        for line in skipped:
            print(f"  {line}", file=sys.stderr)
    if report.written:
        print(f"  file: {report.target}\n  run `lapekg build` to publish it")
    return 0


def cmd_settings(_args: argparse.Namespace) -> int:
    for name, default, help_text in settings_table():
        print(f"{name}\n    default: {default}\n    {help_text}")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="lapekg", description=__doc__.splitlines()[0])
    root.add_argument("--base", help="base IRI (default: LAPEKG_BASE or https://w3id.org/lapekg/)")
    root.add_argument("--build-dir",
                      help="build directory (default: LAPEKG_BUILD_DIR or <project root>/build)")
    sub = root.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="extract, validate and publish the graph atomically")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("-v", "--verbose", action="store_true", help="print counts per class")
    p.add_argument("--write-docs", action="store_true",
                   help="also rewrite the generated numbers block in docs/model.md")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("validate", help="validate against the SHACL shapes (exit 0/1/2)")
    p.add_argument("data", nargs="*", help="RDF files to validate instead of a fresh build")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("query", help="run SPARQL or a named query on the published store")
    p.add_argument("sparql", nargs="?", help="SPARQL query text")
    p.add_argument("--file", help="read the query from a file")
    p.add_argument("--name", help="run the named query queries/NAME.rq")
    p.add_argument("--param", action="append", help="NAME=VALUE for a named query")
    p.add_argument("--format", choices=("csv", "tsv", "json", "xml"), default="csv")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("serve", help="serve the SPARQL endpoint, pages and API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--threads", type=int, help="WSGI threads (default: LAPEKG_THREADS or 8)")
    p.add_argument("--workers", type=int,
                   help="query worker processes (default: LAPEKG_QUERY_WORKERS or 2)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("load", help="push the published graph into a remote SPARQL store")
    p.add_argument("--to", required=True, metavar="URL", help="the store's query URL")
    p.add_argument("--update", metavar="URL",
                   help="its SPARQL Update URL (default: LAPEKG_STORE_UPDATE_URL)")
    p.add_argument("--user", help="user name (default: LAPEKG_STORE_USER); the password "
                                  "comes from LAPEKG_STORE_PASSWORD")
    p.add_argument("--auth", choices=("basic", "digest"), help="default: LAPEKG_STORE_AUTH")
    p.add_argument("--batch", type=int, default=2000, help="triples per INSERT DATA")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("import", help="add a statistics export (Sotkanet) to the sources")
    kinds = p.add_subparsers(dest="kind", required=True)
    s = kinds.add_parser("sotkanet", help="a Sotkanet JSON or CSV export (indicator, region, "
                                          "year, gender, value, absValue)")
    s.add_argument("file", help="the exported file")
    s.add_argument("--id", help="import id (default: sotkanet-<file name>)")
    s.add_argument("--date", help="date of the export, YYYY-MM-DD (default: today)")
    s.add_argument("--unit", action="append", metavar="INDICATOR=UNIT",
                   help="the unit of an indicator whose title does not state it "
                        "(percent, per-thousand, per-ten-thousand, count)")
    s.add_argument("--strict", action="store_true",
                   help="refuse the file if any record is skipped (missing or suppressed "
                        "value, region without a verified area)")
    s.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=cmd_import)

    p = sub.add_parser("settings", help="list every setting and its LAPEKG_ variable")
    p.set_defaults(func=cmd_settings)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ValidationFailed as exc:
        print(exc.report_text, file=sys.stderr)
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except LapekgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug, not bad input: one line here, the traceback in a log
        log = _crash_log(args.command)
        print(f"error: unexpected {type(exc).__name__}: {exc}"[:300], file=sys.stderr)
        print(f"  the traceback is in {log}; please report it", file=sys.stderr)
        return 1


def _crash_log(command: str) -> Path:
    """Write the current exception's traceback to a log file; return its path."""
    import tempfile
    import time
    import traceback

    path = Path(tempfile.gettempdir()) / f"lapekg-{command}-{time.strftime('%Y%m%dT%H%M%S')}-" \
        f"{os.getpid()}.log"
    path.write_text(traceback.format_exc(), encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.exit(main())
