"""Export a dataset's triples as CSV or JSON, or its network as GraphML or GEXF.

Every function is pure: it takes a loaded Dataset and returns text; the CLI decides where it goes.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
import json
import re
from collections.abc import Iterable
from datetime import date

import networkx as nx
import numpy as np
import pandas as pd

from dashboard.dataset import Dataset
from dashboard.graph import edge_table

FORMATS = ("csv", "json", "graphml", "gexf")
TABLE_COLUMNS = (
    "source",
    "source_name",
    "relation",
    "relation_label",
    "target",
    "target_name",
    "certainty",
    "quote",
    "note",
    "sentence",
    "sentence_end",
    "start",
    "end",
    "article",
)
# OWASP "CSV injection": a spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EVIDENCE_SEPARATOR = " ¶ "
NO_QUAD_CLASS = 0  # CAMEO QuadClasses are 1-4; a standing relation (membership, tension) has none
# Characters outside XML 1.0's Char production; the loader lets control characters through.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class UnknownRelationError(ValueError):
    """A relation filter named relation ids that the dataset does not define."""


class NotXmlError(ValueError):
    """Text holds a character that XML, and so GraphML and GEXF, cannot hold."""


def triples_table(dataset: Dataset, relations: Iterable[str] | None = None) -> pd.DataFrame:
    """Return the triples of the given relation ids (all if None), named and labelled, in file order.

    >>> from dashboard.dataset import load_dataset
    >>> from dashboard.settings import SEEDS_DIR
    >>> table = triples_table(load_dataset(SEEDS_DIR / "iran-russia-treaty"), ["visits"])
    >>> table[["source_name", "relation_label", "target_name", "sentence"]].values.tolist()
    [['Masoud Pezeshkian', 'visits', 'Russia', 8]]
    """
    triples = dataset.triples
    if relations is not None:
        triples = triples[triples["relation"].isin(_checked_relations(dataset, relations))]
    names = dataset.actors["name"]
    table = pd.DataFrame(
        {
            "source": triples["source"],
            "source_name": triples["source"].map(names),
            "relation": triples["relation"],
            "relation_label": triples["relation"].map(dataset.relations["label"]),
            "target": triples["target"],
            "target_name": triples["target"].map(names),
            "certainty": triples["certainty"],
            "quote": triples["quote"],
            "note": triples["note"],
            "sentence": triples["sentence"],
            "sentence_end": triples["sentence_end"],
            "start": triples["start"],
            "end": triples["end"],
            "article": triples["article"],
        },
        columns=list(TABLE_COLUMNS),
    )
    return table.reset_index(drop=True)


def to_csv(table: pd.DataFrame) -> str:
    """Return ``table`` as CSV text with "\\n" line ends, every formula-like text cell neutralised.

    A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return as a formula, so such a text cell (header included) gets a ``'`` in front, as OWASP's
    "CSV injection" advice says. Every text cell is quoted and no number is, so a carriage return
    inside a cell cannot split its row (with "\\n" line ends the csv module would not quote it).

    >>> print(to_csv(pd.DataFrame({"name": ["=1+2", "Iran"], "count": [-1, 2]})), end="")
    "name","count"
    "'=1+2",-1
    "Iran",2
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([_neutralise(name) for name in table.columns])
    for row in table.itertuples(index=False, name=None):
        writer.writerow([_neutralise(value) for value in row])
    return out.getvalue()


def to_json(dataset: Dataset, table: pd.DataFrame) -> str:
    """Return the dataset's metadata, the actors and relation types ``table`` uses, and its rows.

    Dates are ISO strings and a relation without a QuadClass has ``"quad_class": null``.
    """
    meta = dataset.meta
    used_actors = set(table["source"]) | set(table["target"])
    used_relations = set(table["relation"])
    actors = dataset.actors[dataset.actors.index.isin(used_actors)]
    relations = dataset.relations[dataset.relations.index.isin(used_relations)]
    document = {
        "dataset": {
            "title": meta["title"],
            "publisher": meta["publisher"],
            "published": _iso(meta["published"]),
            "language": meta["language"],
        },
        # Each triple's "article" names one of these; its sentence and offsets count within it.
        "articles": [
            {
                "article": name,
                "title": part.meta["title"],
                "publisher": part.meta["publisher"],
                "published": _iso(part.meta["published"]),
                "language": part.meta["language"],
                **({"source": part.meta["source"]} if "source" in part.meta else {}),
            }
            for name, part in dataset.datasets.items()
        ],
        "actors": [
            {
                "id": actor_id,
                "name": actor["name"],
                "kind": actor["kind"],
                "aliases": list(actor["aliases"]),
                "description": actor["description"],
            }
            for actor_id, actor in actors.iterrows()
        ],
        "relations": [
            {
                "id": relation_id,
                "label": relation["label"],
                "polarity": relation["polarity"],
                "quad_class": None if pd.isna(relation["quad_class"]) else relation["quad_class"],
                "directed": relation["directed"],
                "description": relation["description"],
            }
            for relation_id, relation in relations.iterrows()
        ],
        "triples": table.to_dict(orient="records"),
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=_native) + "\n"


def to_graphml(dataset: Dataset, relations: Iterable[str] | None = None) -> str:
    """Return the network of the given relation ids (all if None) as GraphML; see ``export_graph``.

    >>> from dashboard.dataset import load_dataset
    >>> from dashboard.settings import SEEDS_DIR
    >>> text = to_graphml(load_dataset(SEEDS_DIR / "iran-russia-treaty"), ["visits"])
    >>> graph = nx.read_graphml(io.StringIO(text))
    >>> graph.edges["masoud-pezeshkian", "russia"]["label"]
    'visits'
    """
    return _graphml_booleans(_xml(nx.write_graphml, export_graph(dataset, relations)))


def to_gexf(dataset: Dataset, relations: Iterable[str] | None = None) -> str:
    """Return the network of the given relation ids (all if None) as GEXF; see ``export_graph``.

    Node labels are actor names and edge ids are the dashboard's edge ids, as Gephi shows them.
    """
    graph = export_graph(dataset, relations)
    for _, data in graph.nodes(data=True):
        data["label"] = data["name"]
    for _, _, key, data in graph.edges(keys=True, data=True):
        data["id"] = key
    return _xml(nx.write_gexf, graph)


def export_graph(dataset: Dataset, relations: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Return the export graph: every actor a node, one edge per (source, relation, target, certainty).

    Nodes carry ``name``, ``kind``, ``description``, ``aliases`` ("|"-joined) and ``quotes`` (how
    many distinct quotes of the kept triples involve the actor, 0 if none). Edges, keyed by the
    dashboard's edge id, carry ``relation``, ``label``, ``polarity``, ``quad_class`` (1-4, or 0
    for a relation without one), ``directed``, ``certainty``, ``quotes`` (how many), ``evidence``
    (the quotes, joined by " ¶ "), ``sentences`` (the sentence each quote starts in, in the same
    order, as "3,18") and ``articles`` (the article of each quote, in the same order, joined by
    ","). Every value is a str, int or bool, as GraphML and GEXF need.
    """
    triples = dataset.triples
    if relations is not None:
        triples = triples[triples["relation"].isin(_checked_relations(dataset, relations))]
    graph = nx.MultiDiGraph(name=str(dataset.meta["title"]), article=dataset.name)
    involved = pd.concat(
        [
            triples[["source", "quote"]].set_axis(["actor", "quote"], axis=1),
            triples[["target", "quote"]].set_axis(["actor", "quote"], axis=1),
        ]
    ).drop_duplicates()
    quotes = involved["actor"].value_counts()
    for actor_id, actor in dataset.actors.iterrows():
        graph.add_node(
            actor_id,
            name=actor["name"],
            kind=actor["kind"],
            description=actor["description"],
            aliases="|".join(actor["aliases"]),
            quotes=int(quotes.get(actor_id, 0)),
        )
    if triples.empty:
        return graph  # edge_table cannot group an empty table
    edges = edge_table(dataclasses.replace(dataset, triples=triples))
    for key, edge in edges.iterrows():
        rows = triples.loc[edge["rows"]]
        relation = dataset.relations.loc[edge["relation"]]
        quad_class = relation["quad_class"]
        graph.add_edge(
            edge["source"],
            edge["target"],
            key=key,
            relation=edge["relation"],
            label=relation["label"],
            polarity=relation["polarity"],
            quad_class=NO_QUAD_CLASS if pd.isna(quad_class) else int(quad_class),
            directed=bool(edge["directed"]),
            certainty=edge["certainty"],
            quotes=int(edge["quotes"]),
            evidence=EVIDENCE_SEPARATOR.join(rows["quote"]),
            sentences=",".join(str(n) for n in rows["sentence"]),
            articles=",".join(rows["article"]),
        )
    return graph


def export(dataset: Dataset, fmt: str, relations: Iterable[str] | None = None) -> str:
    """Return the dataset (only the given relation ids, if any) as text in one of ``FORMATS``."""
    if fmt == "csv":
        return to_csv(triples_table(dataset, relations))
    if fmt == "json":
        return to_json(dataset, triples_table(dataset, relations))
    if fmt == "graphml":
        return to_graphml(dataset, relations)
    if fmt == "gexf":
        return to_gexf(dataset, relations)
    raise ValueError(f"unknown export format {fmt!r}; expected one of: {', '.join(FORMATS)}")


def _checked_relations(dataset: Dataset, relations: Iterable[str]) -> list[str]:
    """Return the relation ids of a filter, or raise UnknownRelationError naming the unknown ones."""
    if isinstance(relations, str):
        raise TypeError(
            f"relations must be a collection of relation ids, not the string {relations!r}"
        )
    wanted = list(dict.fromkeys(relations))
    known = sorted(dataset.relations.index)
    unknown = [relation for relation in wanted if relation not in dataset.relations.index]
    if unknown:
        named = []
        for relation in unknown:
            guess = difflib.get_close_matches(str(relation), known, n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            named.append(f"'{relation}'{hint}")
        what = "relation" if len(unknown) == 1 else "relations"
        raise UnknownRelationError(
            f"unknown {what} {', '.join(named)} in dataset '{dataset.name}'; "
            f"known relations: {', '.join(known)}"
        )
    return wanted


def _neutralise(value):
    """Put ``'`` before a text cell that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _native(value):
    """Turn what json cannot write (numpy scalars, pandas NA, dates) into JSON-native values."""
    if isinstance(value, np.generic):
        return value.item()
    if value is pd.NA:
        return None
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as JSON")


def _check_xml_text(graph: nx.MultiDiGraph) -> None:
    """Raise NotXmlError naming the first attribute that holds a character XML cannot hold."""
    places = [
        ("the graph", graph.graph),
        *((f"actor '{node}'", data) for node, data in graph.nodes(data=True)),
        *((f"edge '{key}'", data) for _, _, key, data in graph.edges(keys=True, data=True)),
    ]
    for place, data in places:
        for name, value in data.items():
            found = _NOT_XML.search(value) if isinstance(value, str) else None
            if found:
                raise NotXmlError(
                    f"{place}: {name} holds U+{ord(found.group()):04X} at character "
                    f"{found.start() + 1}, which XML (so GraphML and GEXF) cannot hold"
                )


def _graphml_booleans(text: str) -> str:
    """Spell booleans as xsd:boolean does (true, false), in the data of boolean keys only."""
    # networkx writes Python's True and False, which yEd and the Java GraphML reader misread.
    for key in re.findall(r'<key id="([^"]+)"[^>]*attr\.type="boolean"', text):
        data = re.compile(rf'(<data key="{re.escape(key)}">)(True|False)(</data>)')
        text = data.sub(lambda match: match[1] + match[2].lower() + match[3], text)
    return text


def _xml(write, graph: nx.MultiDiGraph) -> str:
    _check_xml_text(graph)
    buffer = io.BytesIO()
    write(graph, buffer)
    text = buffer.getvalue().decode("utf-8")
    return text if text.endswith("\n") else text + "\n"
