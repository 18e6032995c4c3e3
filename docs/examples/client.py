"""How practices spread: a researcher's first session with lapekg.client.

Run against a lapekg service (``lapekg serve``, or the public one):

    LAPEKG_URL=http://127.0.0.1:8765 python docs/examples/client.py

The tests run this very file against a live server (tests/test_client.py).
"""

import os

from lapekg.client import Client, ClientError

kg = Client(os.environ.get("LAPEKG_URL", "http://127.0.0.1:8765"))

# 1. What can be asked? The named queries, with their parameters.
catalogue = kg.queries()
print(f"{len(catalogue)} named queries; e.g.:")
print(catalogue.loc[catalogue.name == "practices-adopted-widely", ["name", "parameters"]]
      .to_string(index=False))

# 2. Practices taken up by at least three adopters (a named query with a parameter).
widely = kg.named("practices-adopted-widely", minAdopters=3)
print("\nPractices with at least three adopters:")
print(widely[["practiceName", "adopters", "statedAdoptions", "inferredAdoptions", "firstYear"]]
      .to_string(index=False))
print("column types:", dict(widely.dtypes.astype(str)[["adopters", "firstYear"]]))

# 3. Every adoption, and the dated ones year by year.
spread = kg.named("practice-spread")
dated = spread.dropna(subset=["when"])
print(f"\n{len(spread)} adoptions, {len(dated)} of them dated; per year:")
print(dated.groupby(dated["when"].str[:4]).size().to_string())
print("stated by the documents:", int((~spread["isInferred"]).sum()))

# 4. Ad-hoc SPARQL over the standard protocol (SPARQLWrapper underneath).
counts = kg.sparql("""
PREFIX lape: <https://w3id.org/lapekg/ontology#>
SELECT ?stated (COUNT(*) AS ?adoptions) WHERE {
  ?a a lape:Adoption ; lape:isInferred ?inferred .
  BIND(!?inferred AS ?stated)
} GROUP BY ?stated ORDER BY ?stated
""")
print("\nAdoptions, stated and inferred:")
print(counts.to_string(index=False))

# 5. A mistake comes back as the service's error, saying what and where.
try:
    kg.named("practices-adopted-widely", minAdopters="many")
except ClientError as error:
    print(f"\nrefused: {error.code} at {error.where}: {error.message}")
