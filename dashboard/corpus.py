"""Several articles read as one network: an actor or a relation type with one id is one thing.

A ``Corpus`` offers what the rest of the code reads from a ``Dataset`` (``actors``,
``relations``, ``triples``, ``meta``, ``name``, ``datasets``), so the graph, the page and the
exports take either. Each triple keeps its article in the ``article`` column; its offsets and
sentence numbers count within that article.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from dashboard.dataset import Dataset, DatasetError, Problem, load_datasets


@dataclass(frozen=True)
class Corpus:
    """The datasets of a folder merged: actors and relation types by id, triples side by side."""

    path: Path
    datasets: dict[str, Dataset]  # by folder name, in name order
    actors: pd.DataFrame
    relations: pd.DataFrame
    triples: pd.DataFrame

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def meta(self) -> dict:
        """A title and byline for the whole: how many articles, by whom, over which dates."""
        metas = [d.meta for d in self.datasets.values()]
        if len(metas) == 1:  # cut down to one article (by the article filter): that article
            return metas[0]
        if not metas:
            return {"title": "No article", "publisher": "", "published": "", "language": ""}
        publishers = ", ".join(dict.fromkeys(str(m["publisher"]) for m in metas))
        dates = sorted(str(m["published"]) for m in metas)
        published = dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
        return {
            "title": f"{len(metas)} articles",
            "publisher": publishers,
            "published": published,
            "language": ", ".join(dict.fromkeys(str(m["language"]) for m in metas)),
        }


def merge_datasets(datasets: list[Dataset], path: Path | str) -> Dataset | Corpus:
    """Merge datasets into one network; a single dataset is returned as it is.

    Actors with the same id are one actor: the first article (by folder name) gives its name and
    description, other names become aliases, and their kinds must agree. Relation types with the
    same id must agree on polarity, direction and CAMEO class. Raise DatasetError otherwise.
    """
    if len(datasets) == 1:
        return datasets[0]
    datasets = sorted(datasets, key=lambda d: d.name)
    problems: list[Problem] = []
    actors = _merge_actors(datasets, problems)
    relations = _merge_relations(datasets, problems)
    if problems:
        raise DatasetError(problems)
    triples = pd.concat([d.triples for d in datasets], ignore_index=True)
    return Corpus(
        path=Path(path),
        datasets={d.name: d for d in datasets},
        actors=actors,
        relations=relations,
        triples=triples,
    )


def load_corpus(path: Path | str) -> Dataset | Corpus:
    """Load one dataset folder, or a folder of them merged; raise DatasetError on any problem."""
    return merge_datasets(load_datasets(path), path)


def _merge_actors(datasets: list[Dataset], problems: list[Problem]) -> pd.DataFrame:
    merged: dict[str, dict] = {}
    first_seen: dict[str, Dataset] = {}
    for dataset in datasets:
        for actor_id, actor in dataset.actors.iterrows():
            if actor_id not in merged:
                merged[actor_id] = dict(actor, aliases=tuple(actor["aliases"]))
                first_seen[actor_id] = dataset
                continue
            known = merged[actor_id]
            if actor["kind"] != known["kind"]:
                message = (
                    f"actor '{actor_id}' is a {actor['kind']} here but a {known['kind']} in "
                    f"{first_seen[actor_id].name}; one id is one actor in every article"
                )
                problems.append(
                    Problem(dataset.path / "actors.csv", actor["line"], "kind", message)
                )
                continue
            forms = (actor["name"], *actor["aliases"])
            known["aliases"] = tuple(
                dict.fromkeys(f for f in (*known["aliases"], *forms) if f != known["name"])
            )
            if not known["description"]:
                known["description"] = actor["description"]
    actors = pd.DataFrame.from_dict(
        merged, orient="index", columns=["name", "kind", "aliases", "description", "line"]
    )
    actors.index.name = "id"
    return actors


_RELATION_AGREES = ("polarity", "directed", "quad_class")


def _merge_relations(datasets: list[Dataset], problems: list[Problem]) -> pd.DataFrame:
    merged: dict[str, pd.Series] = {}
    first_seen: dict[str, Dataset] = {}
    for dataset in datasets:
        for relation_id, relation in dataset.relations.iterrows():
            if relation_id not in merged:
                merged[relation_id], first_seen[relation_id] = relation, dataset
                continue
            known = merged[relation_id]
            for column in _RELATION_AGREES:
                mine, theirs = relation[column], known[column]
                if _shown(mine) != _shown(theirs):
                    message = (
                        f"relation '{relation_id}' has {column} {_shown(mine)} here but "
                        f"{_shown(theirs)} in {first_seen[relation_id].name}; a relation type "
                        "means the same in every article"
                    )
                    path = dataset.path / "relations.csv"
                    problems.append(Problem(path, relation["line"], column, message))
    relations = pd.DataFrame(list(merged.values()), index=pd.Index(list(merged), name="id"))
    relations["quad_class"] = relations["quad_class"].astype("Int64")
    relations["directed"] = relations["directed"].astype(bool)
    return relations


def _shown(value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return "none" if pd.isna(value) else f"'{value}'"


def restrict_articles(dataset: Dataset | Corpus, articles: list[str]) -> Dataset | Corpus:
    """The same data with only the triples of the named articles (all of them: unchanged)."""
    if set(articles) >= set(dataset.datasets):
        return dataset
    kept = dataset.triples[dataset.triples["article"].isin(articles)]
    if isinstance(dataset, Corpus):
        parts = {name: d for name, d in dataset.datasets.items() if name in articles}
        return replace(dataset, triples=kept, datasets=parts)
    return replace(dataset, triples=kept)
