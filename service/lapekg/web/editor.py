"""The YASGUI query editor, for browsers at ``/sparql`` (and ``/editor``).

YASGUI is installed from npm by ``scripts/install-assets.sh`` (``make assets``) and served from
``/static/yasgui/``; the page loads nothing from elsewhere. Its configuration (endpoint,
prefixes, the named queries as examples, the ontology's classes and properties for
autocompletion) travels in a JSON data island read by ``static/editor.js``, so the page
has no inline script. YASQE's stock class and property completers ask Linked Open
Vocabularies over the network; editor.js replaces them with completers over our terms.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from flask import Blueprint, Response, request

from .. import iri as scheme
from ..namespaces import OWL, RDF
from .entities import select, values
from .render import Link, rdf_prefixes, render_page, services, settings

bp = Blueprint("editor", __name__)

INITIAL_QUERY = """SELECT ?municipality ?name ?code WHERE {
  ?municipality a lape:Municipality ;
      lape:municipalityCode ?code ;
      rdfs:label ?name .
  FILTER(LANG(?name) = "fi")
}
ORDER BY ?name
LIMIT 100
"""
CLASS_TYPES = (OWL.Class, RDF.Property)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                  RDF.Property)


def with_prefixes(body: str, prefixes: dict[str, str]) -> str:
    """``body`` preceded by the PREFIX lines of the prefixes it uses (and no others)."""
    used = [name for name in prefixes if re.search(rf"(?<![\w-]){re.escape(name)}:", body)]
    lines = [f"PREFIX {name}: <{prefixes[name]}>" for name in used]
    return "\n".join(lines) + ("\n\n" if lines else "") + body.lstrip("\n")


#: The longest query text ``/editor?query=`` puts in the editor.
MAX_SHOWN = 20_000


def example_text(named) -> str:
    """A named query as an editor example: a comment header, prefixes, the body.

    Parameters are left as variables (the editor runs the query unbound); the comment
    names each one with its default so a user can bind it with VALUES.
    """
    header = [f"# {named.title}"]
    header += [f"# {line}" for line in named.description.splitlines() if line.strip()]
    for parameter in named.parameters.values():
        default = f" (default {parameter.default})" if parameter.default else ""
        header.append(f"# ?{parameter.name}: {parameter.type}{default} "
                      f"{parameter.description}".rstrip())
    if named.parameters:
        header.append("# With parameters bound: the named-query API, /api")
    body = with_prefixes(named.body, rdf_prefixes(settings().base))
    return "\n".join(header) + "\n" + body


def ontology_terms() -> dict[str, list[str]]:
    """Class and property IRIs of the ontology graph, for autocompletion."""
    graph = ox.NamedNode(scheme.graph(settings().base, "ontology"))
    rows = select(f"SELECT DISTINCT ?term ?type WHERE {{ {values(g=graph)} "
                  "GRAPH ?g { ?term a ?type } FILTER(isIRI(?term)) }")
    classes = {r["term"].value for r in rows if r["type"].value in map(str, CLASS_TYPES)}
    properties = {r["term"].value for r in rows
                  if r["type"].value in map(str, PROPERTY_TYPES)}
    return {"classes": sorted(classes - properties), "properties": sorted(properties)}


def editor_config() -> dict[str, object]:
    prefixes = rdf_prefixes(settings().base)
    registry = getattr(services(), "queries", None) or {}
    named = registry.values() if hasattr(registry, "values") else registry
    examples = [{"name": q.name, "title": q.title, "description": q.description,
                 "query": example_text(q)} for q in named]
    initial = with_prefixes(INITIAL_QUERY, prefixes)
    chosen = request.args.get("named")
    if chosen:  # "show the SPARQL" of a view or a named query opens it here
        initial = example_text(services().named_query(chosen))
    elif request.args.get("query"):  # a view's own query (faceted browsing): shown, not run
        initial = with_prefixes(request.args["query"][:MAX_SHOWN], prefixes)
    return {
        "endpoint": request.host_url.rstrip("/") + request.script_root + "/sparql",
        "prefixes": prefixes,
        "initial": initial,
        "examples": examples,
        "terms": ontology_terms(),
    }


def render_editor() -> Response:
    """The editor page; the /sparql view returns this for a browser without a query."""
    return render_page("editor.html", config=editor_config(), alternates=[
        Link("/.well-known/void", "describedby", "text/turtle", "VoID")])


@bp.get("/editor")
def editor() -> Response:
    return render_editor()
