"""Export a dataset's triples as CSV or JSON, its network as GraphML or GEXF, or its quotes as
annotations: brat standoff (.txt and .ann) or W3C Web Annotation (JSON-LD).

Every function is pure: it takes a loaded Dataset and returns text; the CLI decides where it goes.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
import json
import re
import zipfile
from collections.abc import Iterable
from datetime import date

import networkx as nx
import numpy as np
import pandas as pd

from dashboard.dataset import Dataset
from dashboard.graph import edge_table

FORMATS = ("csv", "json", "graphml", "gexf", "w3c", "brat")
TEXT_FORMATS = FORMATS[:-1]  # one text each; brat is several files (``to_brat``, ``brat_zip``)
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_QUOTE_CONTEXT = 32  # characters of prefix and suffix in a TextQuoteSelector
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
    if fmt == "w3c":
        return to_w3c(dataset, relations)
    if fmt == "brat":
        raise ValueError("brat is several files: use to_brat (or brat_zip for one archive)")
    raise ValueError(f"unknown export format {fmt!r}; expected one of: {', '.join(FORMATS)}")


def to_w3c(dataset: Dataset, relations: Iterable[str] | None = None) -> str:
    """Return every kept quote as a W3C Web Annotation, in one JSON-LD AnnotationCollection.

    Each annotation targets its article's text (``urn:quotegraph:ARTICLE:article.txt``, the text
    the loader reads: UTF-8, line ends as LF) with a TextQuoteSelector (the quote and up to 32
    characters before and after it) and a TextPositionSelector (the loader's offsets, in
    characters). Its bodies say the relation in words (``describing``), give its type
    (``tagging``) and the row's note (``commenting``); ``qg:`` terms carry the ids and certainty.
    """
    triples = _kept_triples(dataset, relations)
    names = dataset.actors["name"]
    labels = dataset.relations["label"]
    items = []
    for row in triples.itertuples(index=False):
        article = dataset.datasets[row.article].article
        source, target = names[row.source], names[row.target]
        said = f"{source} {labels[row.relation]} {target}"
        bodies = [
            {"type": "TextualBody", "purpose": "describing", "value": f"{said} ({row.certainty})"},
            {"type": "TextualBody", "purpose": "tagging", "value": row.relation},
        ]
        if row.note:
            bodies.append({"type": "TextualBody", "purpose": "commenting", "value": row.note})
        bodies.append(
            {
                "type": "qg:Relation",
                "qg:source": row.source,
                "qg:sourceName": source,
                "qg:relation": row.relation,
                "qg:relationLabel": labels[row.relation],
                "qg:target": row.target,
                "qg:targetName": target,
                "qg:certainty": row.certainty,
            }
        )
        items.append(
            {
                "id": f"urn:quotegraph:{row.article}:triples.csv:{row.line}",
                "type": "Annotation",
                "motivation": "describing",
                "body": bodies,
                "target": {
                    "source": f"urn:quotegraph:{row.article}:article.txt",
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": row.quote,
                            "prefix": article[max(0, row.start - _QUOTE_CONTEXT) : row.start],
                            "suffix": article[row.end : row.end + _QUOTE_CONTEXT],
                        },
                        {"type": "TextPositionSelector", "start": row.start, "end": row.end},
                    ],
                },
            }
        )
    document = {
        "@context": [W3C_CONTEXT, {"qg": "urn:quotegraph:terms:"}],
        "id": f"urn:quotegraph:{dataset.name}",
        "type": "AnnotationCollection",
        "label": str(dataset.meta["title"]),
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=_native) + "\n"


def to_brat(dataset: Dataset, relations: Iterable[str] | None = None) -> dict[str, str]:
    """Return brat standoff files by name: per article ``ARTICLE.txt`` and ``ARTICLE.ann``, and
    one ``annotation.conf`` that declares their types, so the folder opens in brat as it is.

    Every mention of an actor in the article (by name or alias, as the page marks them) is a
    ``T`` entity typed by the actor's kind, with an ``Actor`` attribute (``A``) naming the
    actor's id. Each kept row is an ``R`` relation from its source's entity to its target's,
    each the first mention inside the row's quote; its certainty, sentence and note are an
    ``AnnotatorNotes`` line (``#``). Where a quote does not name an actor (a pronoun, "both
    nations"), that actor's entity spans the whole quote, with a note saying so.
    """
    triples = _kept_triples(dataset, relations)
    files: dict[str, str] = {}
    for name, part in dataset.datasets.items():
        files[f"{name}.txt"] = part.article
        files[f"{name}.ann"] = _brat_ann(dataset, part, triples[triples["article"] == name])
    files["annotation.conf"] = _brat_conf(dataset, triples)
    return files


def brat_zip(files: dict[str, str], folder: str) -> bytes:
    """Return ``files`` as a zip archive holding one folder (a brat collection); the same files
    always give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def _kept_triples(dataset: Dataset, relations: Iterable[str] | None) -> pd.DataFrame:
    triples = dataset.triples
    if relations is not None:
        triples = triples[triples["relation"].isin(_checked_relations(dataset, relations))]
    return triples


def _brat_ann(dataset: Dataset, part: Dataset, triples: pd.DataFrame) -> str:
    """One article's .ann: entities for its mentions, relations and notes for its rows."""
    article = part.article
    kinds = dataset.actors["kind"]
    names = dataset.actors["name"]
    entities: dict[tuple[int, int, str], str] = {}
    lines: list[str] = []
    notes: list[tuple[str, str]] = []

    def entity(start: int, end: int, actor: str) -> str:
        key = (start, end, actor)
        if key not in entities:
            number = len(entities) + 1
            entities[key] = f"T{number}"
            lines.append(f"T{number}\t{kinds[actor]} {_brat_offsets(article, start, end)}\t"
                         f"{_one_line(article[start:end])}")  # fmt: skip
            lines.append(f"A{number}\tActor T{number} {actor}")
        return entities[key]

    for start, end, actor in part.mentions(0, len(article)):
        entity(start, end, actor)
    for number, row in enumerate(triples.itertuples(index=False), start=1):
        found = part.mentions(row.start, row.end)
        ends = []
        for actor in (row.source, row.target):
            inside = [(row.start + a, row.start + b) for a, b, who in found if who == actor]
            if inside:
                ends.append(entity(*inside[0], actor))
            else:
                unnamed = entity(row.start, row.end, actor)
                ends.append(unnamed)
                said = f"{names[actor]} is not named in this quote; the whole quote stands for it"
                if (unnamed, said) not in notes:
                    notes.append((unnamed, said))
        lines.append(f"R{number}\t{row.relation} Arg1:{ends[0]} Arg2:{ends[1]}")
        sentence = f"sentence {row.sentence}" + (
            f"-{row.sentence_end}" if row.sentence_end != row.sentence else ""
        )
        note = f"{row.certainty}; {sentence}; triples.csv line {row.line}"
        notes.append((f"R{number}", f"{note}; {row.note}" if row.note else note))
    for number, (owner, text) in enumerate(notes, start=1):
        lines.append(f"#{number}\tAnnotatorNotes {owner}\t{_one_line(text)}")
    return "".join(f"{line}\n" for line in lines)


def _brat_offsets(text: str, start: int, end: int) -> str:
    """brat's offsets of a span: fragments split at line breaks, as brat writes them."""
    fragments, cursor = [], start
    for piece in text[start:end].split("\n"):
        if piece:
            fragments.append(f"{cursor} {cursor + len(piece)}")
        cursor += len(piece) + 1
    return ";".join(fragments)


def _one_line(text: str) -> str:
    """A .ann field holds no tab or line break: each becomes a space."""
    return re.sub(r"[\t\r\n]", " ", text)


def _brat_conf(dataset: Dataset, triples: pd.DataFrame) -> str:
    """annotation.conf: actor kinds as entity types, relation types, the Actor attribute."""
    kinds = sorted(set(dataset.actors["kind"]))
    relations = sorted(set(triples["relation"])) or sorted(dataset.relations.index)
    actors = "|".join(dataset.actors.index)
    return (
        "# Written by quotegraph's brat export: actors' kinds, the relation types used, and which\n"
        "# actor each mention names.\n"
        "[entities]\n"
        + "".join(f"{kind}\n" for kind in kinds)
        + "[relations]\n"
        + "".join(f"{relation} Arg1:<ENTITY>, Arg2:<ENTITY>\n" for relation in relations)
        + "[events]\n"
        + "[attributes]\n"
        + f"Actor Arg:<ENTITY>, Value:{actors}\n"
    )


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
