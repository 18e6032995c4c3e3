"""Inference rules (``rules/*.rq``): SPARQL CONSTRUCT queries the build runs.

Implicit spreads — the same shared method in the plans of several actors, or one actor's
model implemented by another — are never written by hand. Each rule is a CONSTRUCT over
the union of the document graphs; what it builds goes into the named graph
``graph/inferred``, and every adoption it mints is marked ``lape:isInferred true`` with
``lape:inferredBy`` naming the rule (a ``lape:InferenceRule`` carrying its own text), so a
researcher can include or exclude inferred statements with one triple pattern.

A rule file starts with a ``#+`` YAML header: ``title`` and ``description``, each a mapping
of language to text (fi and en).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .. import iri as scheme
from ..errors import InputError
from ..namespaces import LAPE, sparql_prologue
from ..queries import _split_header
from .context import BuildContext
from .iris import SLUG

GRAPH = "inferred"


@dataclass
class Rule:
    name: str
    title: dict[str, str]
    description: dict[str, str]
    text: str
    where: str


def load_rules(directory: Path) -> list[Rule]:
    rules = []
    for path in sorted(directory.glob("*.rq")):
        where = str(path)
        header_text, body = _split_header(path.read_text(encoding="utf-8"))
        try:
            header = yaml.safe_load(header_text) or {}
        except yaml.YAMLError as exc:
            raise InputError(f"rule header is not valid YAML: {exc}", where=f"{where}:1") from exc
        if not SLUG.match(path.stem):
            raise InputError(f"rule name {path.stem!r} is not a slug", where=where)
        for key in ("title", "description"):
            value = header.get(key)
            if not isinstance(value, dict) or not value.get("fi") or not value.get("en"):
                raise InputError(f"rule header needs {key} in fi and en", where=f"{where}:1",
                                 hint=f"#+ {key}: {{fi: ..., en: ...}}")
        if "CONSTRUCT" not in body.upper():
            raise InputError("a rule is a CONSTRUCT query", where=where)
        rules.append(Rule(path.stem, header["title"], header["description"], body, where))
    return rules


def _label(graph: Graph, iri: URIRef, lang: str) -> str:
    labels = {o.language: str(o) for o in graph.objects(iri, RDFS.label)
              if isinstance(o, Literal)}
    return labels.get(lang) or labels.get("fi") or labels.get(None) or \
        next(iter(labels.values()), str(iri).rsplit("/", 1)[-1])


KIND_WORDS = {"implemented": ("toteutettu paikallisesti", "implemented locally"),
              "planned": ("suunniteltu", "planned")}


def ingest(ctx: BuildContext) -> dict[str, int]:
    """Run every rule; return the number of adoptions each inferred."""
    from ..build import union_graph  # the build imports this module

    union = union_graph(ctx.dataset, exclude={str(ctx.iris.graph(name))
                                              for name in ("ontology", "reference", GRAPH)})
    names = Graph()  # labels of everything, reference graph included
    for graph in ctx.dataset.graphs():
        for triple in graph.triples((None, RDFS.label, None)):
            names.add(triple)
    target = ctx.dataset.graph(ctx.iris.graph(GRAPH))
    prologue = sparql_prologue(ctx.settings.base)
    counts: dict[str, int] = {}
    for rule in load_rules(ctx.settings.root / "rules"):
        rule_iri = ctx.declare(f"inference-rule/{rule.name}", rule.where)
        target.add((rule_iri, RDF.type, LAPE.InferenceRule))
        for lang, text in rule.title.items():
            target.add((rule_iri, RDFS.label, Literal(str(text), lang=lang)))
            target.add((rule_iri, SKOS.prefLabel, Literal(str(text), lang=lang)))
        for lang, text in rule.description.items():
            target.add((rule_iri, DCTERMS.description, Literal(str(text).strip(), lang=lang)))
        target.add((rule_iri, LAPE.ruleText, Literal(rule.text.strip())))
        try:
            result = union.query(prologue + rule.text)
        except Exception as exc:
            raise InputError(f"rule {rule.name} does not run: {exc}", where=rule.where) from exc
        built = Graph()
        for triple in result:
            built.add(triple)
        adoptions = set(built.subjects(RDF.type, LAPE.Adoption))
        for triple in built:
            target.add(triple)
        for adoption in adoptions:
            if not str(adoption).startswith(scheme.entity(ctx.iris.base, "adoption/inferred.")):
                raise InputError(f"rule {rule.name} minted {adoption}", where=rule.where,
                                 hint="inferred adoption IRIs start with id:adoption/inferred.")
            target.add((adoption, LAPE.isInferred, Literal(True)))
            target.add((adoption, LAPE.inferredBy, rule_iri))
            practice = built.value(adoption, LAPE.adoptedPractice)
            adopter = built.value(adoption, LAPE.adoptedBy)
            origin = built.value(adoption, LAPE.adoptedFrom)
            local_name = built.value(adoption, LAPE.localName)
            kind = str(built.value(adoption, LAPE.adoptionKind)).rsplit("/", 1)[-1]
            words = KIND_WORDS.get(kind, (kind, kind))
            for index, lang in enumerate(("fi", "en")):
                source = ""
                if origin is not None:
                    source = (", lähde: " if lang == "fi" else ", from ") + \
                        _label(names, origin, lang)
                called = ""
                if local_name is not None:
                    called = (" nimellä " if lang == "fi" else " as ") + f"“{local_name}”"
                mark = "päätelty" if lang == "fi" else "inferred"
                target.add((adoption, RDFS.label, Literal(
                    f"{_label(names, adopter, lang)}: {_label(names, practice, lang)} "
                    f"({words[index]}{called}{source}; {mark})", lang=lang)))
        counts[rule.name] = len(adoptions)
    return counts
