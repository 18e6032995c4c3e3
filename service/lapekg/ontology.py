"""Load the lapekg ontology and check that it (plus any data) is logically consistent.

The ontology (``ontology/lape.ttl``) and the SKOS vocabularies (``ontology/vocabularies.ttl``)
are always reasoned over together: the vocabularies type their concepts with ontology
classes (``lape:PopulationGroup``, ``org:Role``), so neither is meaningful alone.

Two reasoners are offered by :func:`consistency_problems`:

``owlrl`` (default)
    Pure Python, always installed (a dev dependency). It computes the OWL 2 RL closure and
    reports what OWL RL can see: an individual in two disjoint classes (also through
    ``rdfs:range`` and subclass inferences), ``owl:Nothing`` members, ``owl:sameAs`` against
    ``owl:differentFrom``, ill-typed literals such as ``"abc"^^xsd:integer``.
``hermit``
    A complete OWL 2 DL reasoner, run through owlready2 (optional; needs ``java``). It also
    finds unsatisfiable classes and literals outside a property's range (``"abc"`` for
    ``lape:value``). It ignores datatypes outside the OWL 2 datatype map (``xsd:gYear``,
    ``xsd:gYearMonth``, ``xsd:date``), which the data model uses, so those ranges go unchecked.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from .namespaces import bind_prefixes
from .rdfparse import parse_file

#: The files of the ontology, relative to ``ontology/``, in load order.
ONTOLOGY_FILES: tuple[str, ...] = ("lape.ttl", "vocabularies.ttl")

#: Where owlrl writes the inconsistencies it finds (its own choice of vocabulary).
OWLRL_ERRORS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")

REASONERS: tuple[str, ...] = ("owlrl", "hermit")


def ontology_dir(root: Path) -> Path:
    """``root/ontology`` for a project root; ``root`` itself if it already is that folder."""
    candidate = root / "ontology"
    return candidate if candidate.is_dir() else root


def load_ontology(root: Path) -> Graph:
    """Parse the ontology and the vocabularies into one graph (project prefixes bound)."""
    directory = ontology_dir(Path(root))
    graph = Graph()
    bind_prefixes(graph)
    for name in ONTOLOGY_FILES:
        parse_file(directory / name, graph)
    return graph


def consistency_problems(graph: Graph, reasoner: str = "owlrl") -> list[str]:
    """Human-readable inconsistencies of ``graph``; an empty list means consistent.

    ``graph`` is never modified: reasoning runs on a copy, because the OWL RL closure
    adds thousands of entailed triples nobody wants in the published graph. A Dataset
    or ConjunctiveGraph is reasoned over as the union of its graphs.
    """
    if reasoner == "owlrl":
        return _owlrl_problems(graph)
    if reasoner == "hermit":
        return _hermit_problems(graph)
    raise ValueError(f"unknown reasoner {reasoner!r}; one of: {', '.join(REASONERS)}")


def hermit_available() -> bool:
    """True when owlready2 is importable and ``java`` is on PATH (HermiT can run)."""
    try:
        import owlready2  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None


# -- helpers ---------------------------------------------------------------------------


def _all_triples(graph: Graph) -> Iterable[tuple[Node, Node, Node]]:
    """Every triple of a plain graph, or of every named graph of a dataset."""
    if isinstance(graph, ConjunctiveGraph):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from graph.triples((None, None, None))


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for triple in _all_triples(graph):
        copy.add(triple)
    return copy


def _owlrl_problems(graph: Graph) -> list[str]:
    """Run the OWL 2 RL closure on a copy and collect what it flags as inconsistent.

    owlrl records an inconsistency as an ``err:error`` message node instead of raising;
    members of ``owl:Nothing`` are listed as well in case a rule derives one silently.
    """
    import owlrl

    closure = _copy(graph)
    # owlrl prints a traceback for every ill-typed literal before recording it as an
    # error; the error message is what callers need, so keep the console clean.
    with contextlib.redirect_stderr(io.StringIO()):
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    problems = {str(message) for message in closure.objects(None, OWLRL_ERRORS.error)}
    # Same wording as owlrl's own rule cls-nothing2, so a member it reported is not doubled.
    problems.update(
        f"{member} is defined of type 'Nothing'"
        for member in closure.subjects(RDF.type, OWL.Nothing)
    )
    return sorted(problems)


def _hermit_problems(graph: Graph) -> list[str]:
    """Run HermiT (via owlready2) on an N-Triples copy; report inconsistency and
    unsatisfiable classes.

    A fresh owlready2 World per call keeps runs independent. Datatypes outside the OWL 2
    datatype map (xsd:gYear etc.) are ignored rather than fatal: the contract needs them.
    """
    import owlready2

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ontology.nt"
        _copy(graph).serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            # owlready2 prints a warning for every punned IRI (lape:value is both an
            # owl:DatatypeProperty and a qb:MeasureProperty); that punning is intended.
            with contextlib.redirect_stderr(io.StringIO()):
                world.get_ontology(path.as_uri()).load()
                owlready2.sync_reasoner_hermit(
                    world, infer_property_values=False, debug=0,
                    ignore_unsupported_datatypes=True,
                )
        except owlready2.OwlReadyInconsistentOntologyError:
            return ["HermiT: the ontology is inconsistent (it has no model)"]
        else:
            unsatisfiable = sorted(
                c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing
            )
        finally:
            world.close()
    return [f"HermiT: class {iri} is unsatisfiable" for iri in unsatisfiable]
