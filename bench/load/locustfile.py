"""A researcher's mix of requests against a running lapekg, for locust.

Each simulated user is one client on its own loopback address (127.0.1.N), as visitors
are in production, so the per-client query limit (``LAPEKG_CLIENT_QUERIES``) holds for
them as it would. A user waits 0.5–2 s between requests (reading), then picks:

=======================  ======  ==============================================
request                  weight  what
=======================  ======  ==============================================
entity page              6       ``/page/<path>`` of an entity of any class (HTML)
entity data              2       ``/id/<path>`` asking for Turtle: 303 to ``/data``
named query              5       ``/api/queries/<name>`` with its contract's example
SPARQL                   4       ``/sparql``, GET or POST, JSON or CSV results
search                   3       ``/search?q=`` in the page or as JSON
research view            2       diffusion, measures, indicators, roadmaps, compare
class index              1       ``/browse/<slug>``, a random page of it
home page                1       ``/``
=======================  ======  ==============================================

What is asked for is drawn once, when the test starts, from the service itself (its
entities, labels and named queries), with a fixed seed: every run sends the same mix.
A response counts as a failure unless it has the expected status and media type.

Run by ``bench/load_bench.py`` (the full run) and ``tests/test_load.py`` (a short one);
by hand: ``locust -f bench/load/locustfile.py --host http://127.0.0.1:8080``.
"""

from __future__ import annotations

import itertools
import json
import random
from urllib.parse import urlencode

import requests
from locust import HttpUser, between, events, task
from source_address import SourceAddress  # beside this file (locust puts it on the path)

SEED = 20261207
BASE = "https://w3id.org/lapekg/"

SPARQL = {
    "classes": "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class "
               "ORDER BY DESC(?n)",
    "adoptions": "PREFIX lape: <https://w3id.org/lapekg/ontology#> "
                 "SELECT ?practice ?adopter WHERE { ?a a lape:Adoption ; "
                 "lape:adoptedBy ?adopter ; lape:adoptedPractice ?practice } LIMIT 200",
    "labels": "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
              "SELECT ?s ?label WHERE { ?s skos:prefLabel ?label "
              "FILTER(CONTAINS(LCASE(STR(?label)), \"perhe\")) } LIMIT 50",
    "describe": "DESCRIBE <https://w3id.org/lapekg/id/municipality/638>",
    "ask": "ASK { ?s a <https://w3id.org/lapekg/ontology#Practice> }",
}
SEARCH_WORDS = ["perhekeskus", "lastensuojelu", "Porvoo", "koulu", "nuoret", "varhaiskasvatus",
                "Uusimaa", "family centre", "mielenterveys", "kokeilu", "työryhmä", "Helsinki"]
VIEWS = ["/views/diffusion", "/views/diffusion.json", "/views/measures", "/views/measures.json",
         "/views/indicators", "/views/roadmaps", "/views/compare"]
BROWSE = ["municipalities", "practices", "people", "groups", "measures", "indicators",
          "organisations", "regions", "adoptions", "goals", "plans", "programmes", "documents"]

#: What the users ask for, drawn at test start (see ``sample``).
SAMPLE: dict[str, list] = {}
_addresses = itertools.count(1)


def _select(host: str, query: str) -> list[dict]:
    answer = requests.post(host + "/sparql", data={"query": query}, timeout=60,
                           headers={"Accept": "application/sparql-results+json"})
    answer.raise_for_status()
    return answer.json()["results"]["bindings"]


@events.test_start.add_listener
def sample(environment, **_kwargs) -> None:
    """Draw the entities, labels and named-query calls once, with a fixed seed."""
    host = environment.host.rstrip("/")
    rng = random.Random(SEED)
    rows = _select(host, f"SELECT DISTINCT ?s WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), "
                         f"\"{BASE}id/\")) }} ORDER BY ?s")
    entities = sorted(row["s"]["value"][len(BASE) + 3:] for row in rows)
    SAMPLE["entities"] = rng.sample(entities, min(400, len(entities)))
    labels = _select(host, "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT "
                           "DISTINCT ?l WHERE { ?s skos:prefLabel ?l } ORDER BY ?l")
    words = sorted({word for row in labels for word in row["l"]["value"].split()
                    if len(word) > 4 and word.isalpha()})
    SAMPLE["search"] = SEARCH_WORDS + rng.sample(words, min(60, len(words)))
    listing = requests.get(host + "/api/queries", timeout=60).json()["queries"]
    # Not the federated ones: they measure Wikidata's and Finto's endpoints, not this server.
    SAMPLE["named"] = [(query["name"], query.get("example") or {}) for query in listing
                       if "federation" not in query.get("tags", [])]


class Researcher(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        number = next(_addresses)
        self.client.mount("http://", SourceAddress(f"127.0.1.{number % 250 + 1}"))
        self.rng = random.Random(SEED + number)

    def expect(self, path: str, name: str, media: str, *, method: str = "GET",
               status: int = 200, **kwargs) -> None:
        with self.client.request(method, path, name=name, catch_response=True,
                                 **kwargs) as response:
            got = response.headers.get("Content-Type", "")
            if response.status_code != status:
                response.failure(f"{response.status_code} (wanted {status}): "
                                 f"{response.text[:200]}")
            elif not got.startswith(media):
                response.failure(f"media type {got!r}, wanted {media}")
            else:
                response.success()

    @task(6)
    def entity_page(self) -> None:
        path = self.rng.choice(SAMPLE["entities"])
        self.expect(f"/page/{path}", "/page/[entity]", "text/html")

    @task(2)
    def entity_data(self) -> None:
        path = self.rng.choice(SAMPLE["entities"])
        self.expect(f"/id/{path}", "/id/[entity] as Turtle", "text/turtle",
                    headers={"Accept": "text/turtle"})

    @task(5)
    def named_query(self) -> None:
        name, example = self.rng.choice(SAMPLE["named"])
        self.expect(f"/api/queries/{name}?{urlencode(example)}", "/api/queries/[name]",
                    "application/json", headers={"Accept": "application/json"})

    @task(4)
    def sparql(self) -> None:
        name, query = self.rng.choice(sorted(SPARQL.items()))
        media = "text/turtle" if name == "describe" else self.rng.choice(
            ["application/sparql-results+json", "text/csv"])
        if self.rng.random() < 0.5:
            self.expect("/sparql?" + urlencode({"query": query}), f"/sparql GET {name}", media,
                        headers={"Accept": media})
        else:
            self.expect("/sparql", f"/sparql POST {name}", media, method="POST",
                        data=query.encode(), headers={
                            "Accept": media, "Content-Type": "application/sparql-query"})

    @task(3)
    def search(self) -> None:
        word = self.rng.choice(SAMPLE["search"])
        if self.rng.random() < 0.5:
            self.expect("/search?" + urlencode({"q": word}), "/search", "text/html")
        else:
            self.expect("/search?" + urlencode({"q": word}), "/search as JSON",
                        "application/json", headers={"Accept": "application/json"})

    @task(2)
    def view(self) -> None:
        path = self.rng.choice(VIEWS)
        self.expect(path, path, "application/json" if path.endswith(".json") else "text/html")

    @task(1)
    def browse(self) -> None:
        slug = self.rng.choice(BROWSE)
        page = self.rng.choice([1, 1, 2])
        self.expect(f"/browse/{slug}?page={page}", "/browse/[class]", "text/html")

    @task(1)
    def home(self) -> None:
        self.expect("/", "/", "text/html")


if __name__ == "__main__":  # pragma: no cover - a reminder of how to run it
    print(json.dumps({"run": "locust -f bench/load/locustfile.py --host URL"}))
