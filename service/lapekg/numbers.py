"""The graph's numbers, counted by SPARQL over what a build publishes.

``count(store)`` answers a handful of SPARQL queries (entities per class, adoptions stated
and inferred, practices shared and local, evidence coverage of entities and of the claims
that matter, quotes per document) and ``render_markdown`` turns the answer into the block
that docs/model.md carries between ``<!-- numbers:start -->`` and ``<!-- numbers:end -->``.
The build writes both to ``build/reports/numbers.{json,md}``; ``lapekg build --write-docs``
also rewrites the block in docs/model.md, and a test compares the committed block with a
fresh build, so the documented numbers cannot drift from the data.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .errors import LapekgError
from .namespaces import bind_prefixes, sparql_prologue

START = "<!-- numbers:start -->"
END = "<!-- numbers:end -->"

_PROLOGUE = sparql_prologue()
_NAMES = Graph()
bind_prefixes(_NAMES)

# Entities: typed subjects outside the ontology graph (vocabulary concepts live there).
_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) (COUNT(DISTINCT ?withEvidence) AS ?evidenced) WHERE {
    GRAPH ?g { ?s a ?class }
    FILTER (!STRENDS(STR(?g), "/graph/ontology"))
    OPTIONAL { ?s lape:evidence ?e . BIND (?s AS ?withEvidence) }
} GROUP BY ?class ORDER BY ?class
"""

# The rule's population: typed entities under id/ (what EveryEntityHasEvidence checks).
_COVERAGE = """
SELECT (COUNT(DISTINCT ?s) AS ?n) (COUNT(DISTINCT ?withEvidence) AS ?evidenced) WHERE {
    ?s a ?class .
    FILTER (isIRI(?s) && REGEX(STR(?s), "/id/[a-z-]+/"))
    FILTER NOT EXISTS {
        ?s a ?exempt .
        VALUES ?exempt { lape:Evidence lape:InferenceRule qb:DataStructureDefinition }
    }
    OPTIONAL { ?s lape:evidence ?e . BIND (?s AS ?withEvidence) }
}
"""

_ADOPTIONS = """
SELECT ?inferred (COUNT(DISTINCT ?a) AS ?n) WHERE {
    ?a a lape:Adoption .
    OPTIONAL { ?a lape:isInferred ?flag }
    BIND (COALESCE(?flag, false) AS ?inferred)
} GROUP BY ?inferred
"""

_ADOPTION_KINDS = """
SELECT ?kind (COUNT(DISTINCT ?a) AS ?n) WHERE {
    ?a a lape:Adoption ; lape:adoptionKind ?concept .
    FILTER NOT EXISTS { ?a lape:isInferred true }
    BIND (REPLACE(STR(?concept), "^.*/", "") AS ?kind)
} GROUP BY ?kind ORDER BY DESC(?n) ?kind
"""

_PRACTICES = """
SELECT (COUNT(DISTINCT ?p) AS ?all) (COUNT(DISTINCT ?shared) AS ?shared)
       (COUNT(DISTINCT ?local) AS ?local) WHERE {
    ?p a/rdfs:subClassOf* lape:Practice .
    OPTIONAL { ?p a lape:SharedPractice . BIND (?p AS ?shared) }
    OPTIONAL { ?p lape:versionOf ?of . BIND (?p AS ?local) }
}
"""

# Claims that matter: each with evidence of its own (a measure's evidence covers the
# actors its row names).
CLAIMS = {
    "memberships": "org:Membership",
    "participations": "lape:Participation",
    "adoptions": "lape:Adoption",
    "measures (with their actors)": "lape:Measure",
    "roadmap targets": "lape:RoadmapTarget",
    "indicator values": "qb:Observation",
}
_CLAIM = """
SELECT (COUNT(DISTINCT ?s) AS ?n) (COUNT(DISTINCT ?withEvidence) AS ?evidenced) WHERE {
    ?s a %s .
    OPTIONAL { ?s lape:evidence ?e . BIND (?s AS ?withEvidence) }
}
"""

_QUOTES = """
SELECT ?document (COUNT(DISTINCT ?e) AS ?n) WHERE {
    ?e a lape:Evidence ; lape:document ?doc .
    BIND (REPLACE(STR(?doc), "^.*/", "") AS ?document)
} GROUP BY ?document ORDER BY ?document
"""


@dataclass
class Numbers:
    classes: dict[str, dict[str, int]] = field(default_factory=dict)
    entities: int = 0
    entities_with_evidence: int = 0
    adoptions_stated: int = 0
    adoptions_inferred: int = 0
    adoption_kinds: dict[str, int] = field(default_factory=dict)
    practices: int = 0
    shared_practices: int = 0
    local_versions: int = 0
    claims: dict[str, dict[str, int]] = field(default_factory=dict)
    quotes: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def _rows(store: ox.Store, query: str) -> list[list[object]]:
    solutions = store.query(_PROLOGUE + query, use_default_graph_as_union=True)
    return [[None if term is None else _value(term) for term in row] for row in solutions]


def _value(term: object) -> object:
    if isinstance(term, ox.Literal):
        if term.datatype.value.endswith("#integer"):
            return int(term.value)
        if term.datatype.value.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value  # type: ignore[attr-defined]


def _short(iri: str) -> str:
    return _NAMES.namespace_manager.normalizeUri(URIRef(iri))


def count(store: ox.Store) -> Numbers:
    numbers = Numbers()
    for cls, n, evidenced in _rows(store, _CLASSES):
        numbers.classes[_short(str(cls))] = {"entities": int(n), "with_evidence": int(evidenced)}
    [[n, evidenced]] = _rows(store, _COVERAGE)
    numbers.entities, numbers.entities_with_evidence = int(n), int(evidenced)
    for inferred, n in _rows(store, _ADOPTIONS):
        if inferred:
            numbers.adoptions_inferred = int(n)
        else:
            numbers.adoptions_stated = int(n)
    numbers.adoption_kinds = {str(kind): int(n) for kind, n in _rows(store, _ADOPTION_KINDS)}
    [[everything, shared, local]] = _rows(store, _PRACTICES)
    numbers.practices, numbers.shared_practices, numbers.local_versions = (
        int(everything), int(shared), int(local))
    for name, cls in CLAIMS.items():
        [[n, evidenced]] = _rows(store, _CLAIM % cls)
        numbers.claims[name] = {"entities": int(n), "with_evidence": int(evidenced)}
    numbers.quotes = {str(doc): int(n) for doc, n in _rows(store, _QUOTES)}
    return numbers


def count_file(path: Path) -> Numbers:
    """Numbers of an N-Quads or TriG file (a build's staged data or its dump)."""
    store = ox.Store()
    fmt = ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.TRIG
    store.bulk_load(path=str(path), format=fmt)
    return count(store)


def _share(part: int, whole: int) -> str:
    return "—" if not whole else f"{100 * part / whole:.0f} %"


def render_markdown(numbers: Numbers) -> str:
    lines = [
        "Generated by `lapekg build` (SPARQL over the published data, "
        "`service/lapekg/numbers.py`); `lapekg build --write-docs` rewrites this block and "
        "a test fails when it is stale. Do not edit by hand.",
        "",
        f"- **Evidence coverage**: {numbers.entities_with_evidence} of {numbers.entities} "
        f"typed entities under `id/` have a `lape:evidence` quote "
        f"({_share(numbers.entities_with_evidence, numbers.entities)}; SHACL "
        "`EveryEntityHasEvidence` makes a gap fail the build).",
        f"- **Practices**: {numbers.practices}, of which {numbers.shared_practices} shared "
        f"methods (`lape:SharedPractice`) and {numbers.local_versions} local versions "
        "(`lape:versionOf`).",
        f"- **Adoptions**: {numbers.adoptions_stated + numbers.adoptions_inferred} — "
        f"{numbers.adoptions_stated} stated in the documents, {numbers.adoptions_inferred} "
        "inferred by the rules in `rules/` (`lape:isInferred true`, `lape:inferredBy`).",
    ]
    if numbers.adoption_kinds:
        kinds = ", ".join(f"{kind} {n}" for kind, n in numbers.adoption_kinds.items())
        lines.append(f"- **Stated adoptions by kind**: {kinds}.")
    lines += ["", "Claims that matter, each with its own evidence:", "",
              "| claim | count | with evidence |", "|---|---:|---:|"]
    for name, row in numbers.claims.items():
        lines.append(f"| {name} | {row['entities']} | "
                     f"{row['with_evidence']} ({_share(row['with_evidence'], row['entities'])}) |")
    lines += ["", "Evidence quotes per document:", "", "| document | quotes |", "|---|---:|"]
    lines += [f"| `{doc}` | {n} |" for doc, n in numbers.quotes.items()]
    lines += ["", "Entities per class (outside the ontology graph; an entity counts once per "
              "class it is typed with):", "", "| class | entities | with evidence |",
              "|---|---:|---:|"]
    for cls, row in numbers.classes.items():
        lines.append(f"| `{cls}` | {row['entities']} | {row['with_evidence']} |")
    return "\n".join(lines)


_BLOCK = re.compile(re.escape(START) + r"\n((?:.*?\n)?)" + re.escape(END), re.DOTALL)


def replace_block(text: str, block: str, where: str = "docs/model.md") -> str:
    if not _BLOCK.search(text):
        raise LapekgError(f"no {START} … {END} block to fill", where=where,
                          hint="add the two markers where the numbers belong")
    return _BLOCK.sub(lambda _m: f"{START}\n{block}\n{END}", text, count=1)


def documented_block(text: str) -> str | None:
    match = _BLOCK.search(text)
    if not match:
        return None
    return match.group(1).removesuffix("\n")
