"""A labelled set for the entity search, built from the lists themselves, and its scores.

Positives: a name (primary or alias) of a listed entity, perturbed as users write names:
case and punctuation, word order, an honorific, a legal form spelled another way, one letter
dropped, and, for names written in Cyrillic, romanised by a published system (GOST 7.79,
BGN/PCGN, ICAO Doc 9303, the passport system MVD 782, Wikipedia's, the scholarly one) with
``iuliia``. The expected answer is the entity whose name was perturbed, searched in its own
list; another entry of that list bearing the very same name counts as right (a name alone
cannot tell them apart).
Negatives: a given name of one listed person with the surname of another, kept only when
no name of any list holds the surname with a given name beginning with the same four letters
(people on no list, as far as the lists tell).
"""

from __future__ import annotations

import random
import re

__all__ = ["PERTURBATIONS", "evaluate", "labelled_set"]

PERTURBATIONS = (
    "case",
    "punctuation",
    "word order",
    "honorific",
    "legal form",
    "letter dropped",
    "romanisation",
)
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_SCHEMES = ("GOST_779", "BGN_PCGN", "ICAO_DOC_9303", "MVD_782", "WIKIPEDIA", "SCIENTIFIC")
_FORMS = ("OOO", "LLC", "Limited Liability Company", "JSC", "PAO", "AO", "Joint Stock Company")
_HONORIFICS = ("Mr", "Mr.", "Mrs", "Dr.", "General", "Sheikh")


def _perturb(name: str, how: str, rng: random.Random) -> str | None:
    words = name.replace(",", " ").split()
    if how == "case":
        return rng.choice([name.lower(), name.upper(), name.title()])
    if how == "punctuation":
        return re.sub(r"[,.\-'\"()]", rng.choice(["", " "]), name) + rng.choice(["", ".", ","])
    if how == "word order":
        if len(words) < 2:
            return None
        return " ".join(words[1:] + words[:1])
    if how == "honorific":
        return f"{rng.choice(_HONORIFICS)} {name}"
    if how == "legal form":
        return (
            f"{rng.choice(_FORMS)} {name}" if rng.random() < 0.5 else f"{name} {rng.choice(_FORMS)}"
        )
    if how == "letter dropped":
        long = [i for i, w in enumerate(words) if len(w) >= 6]
        if not long:
            return None
        i = rng.choice(long)
        w = words[i]
        k = rng.randrange(1, len(w) - 1)
        words[i] = w[:k] + w[k + 1 :]
        return " ".join(words)
    raise ValueError(how)


def _romanised(name: str, rng: random.Random) -> str:
    import iuliia

    scheme = getattr(iuliia, rng.choice(_SCHEMES))
    return scheme.translate(name)


def _positive(row, kind, rng):
    """Return (query, perturbation) for one name row, or None when it does not apply."""
    name = row["name"]
    if _CYRILLIC.search(name):
        return (_romanised(name, rng), "romanisation")
    choices = [p for p in PERTURBATIONS if p != "romanisation"]
    if kind == "individual":
        choices.remove("legal form")
    else:
        choices.remove("honorific")
    how = rng.choice(choices)
    query = _perturb(name, how, rng)
    return None if query is None else (query, how)


def labelled_set(index, *, positives: int = 600, negatives: int = 300, seed: int = 16):
    """Return a labelled set of queries drawn from a name index (see the module docstring).

    Parameters
    ----------
    index : pandas.DataFrame
        As returned by :func:`toolkit.entities.index.name_index`.
    positives, negatives : int
        How many of each (names written in Cyrillic, romanised, make a sixth of the positives).
    seed : int
        Random seed: the same index and seed give the same set.

    Returns
    -------
    pandas.DataFrame
        ``query, perturbation, list, entity_id, source_name, key`` (``list`` and
        ``entity_id`` empty for a negative; ``key``: the unperturbed name's key).
    """
    import pandas as pd

    rng = random.Random(seed)
    kinds = index["kind"].astype(str).str.lower()
    person = kinds.isin(["individual", "person"])
    cyr = index["name"].map(lambda n: bool(_CYRILLIC.search(n)))
    order = list(range(len(index)))
    rng.shuffle(order)
    # names written in Cyrillic first (a sixth of the positives), then any name
    cyr_rows = [i for i in order if cyr.iloc[i]][: positives // 6]
    rows = []
    for i in cyr_rows + [i for i in order if not cyr.iloc[i]]:
        if len(rows) >= positives:
            break
        r = index.iloc[i]
        out = _positive(r, "individual" if person.iloc[i] else "entity", rng)
        if out and out[0].strip():
            rows.append((*out, r["list"], r["entity_id"], r["name"], r["key"]))
    latin = index["name"].map(lambda n: n.isascii())
    rows += _negatives(index[person & latin], negatives, rng)
    return pd.DataFrame(
        rows, columns=["query", "perturbation", "list", "entity_id", "source_name", "key"]
    )


def _negatives(people, n, rng):
    """Given name of one listed person + surname of another, on no list as far as names tell."""
    splits = [k.split() for k in people["key"] if len(k.split()) >= 2]
    names = [n.replace(",", " ").split() for n in people["name"]]
    names = [w for w in names if len(w) >= 2]
    known = {frozenset(s) for s in splits}
    words_of = [set(s) for s in splits]
    out, tries = [], 0
    while len(out) < n and tries < n * 50:
        tries += 1
        a, b = rng.choice(names), rng.choice(names)
        query = f"{a[-1]} {b[0]}"  # a given name (last word of "SURNAME, Given") + a surname
        from toolkit.entities.names import tokens

        t = set(tokens(query))
        if len(t) < 2 or frozenset(t) in known or any(t <= w for w in words_of):
            continue
        given, surname = tokens(a[-1]), tokens(b[0])
        if any(  # the surname listed with a given name spelled alike: maybe a listed person
            set(surname) <= w and any(x[:4] == g[:4] for x in w for g in given) for w in words_of
        ):
            continue
        out.append((query, "on no list", "", "", "", ""))
    return out


def evaluate(labelled, *, threshold=None):
    """Search each query of a labelled set; return per-query results and the summary.

    Returns
    -------
    results : pandas.DataFrame
        The labelled set with ``top_list, top_id, top_key, score, correct, predicted,
        cpu_ms, wall_ms``.
    summary : dict
        ``positives, negatives, threshold, top1_accuracy, precision, recall,
        false_positives, median_cpu_ms, median_wall_ms``.
    """
    import time

    from toolkit.entities.index import name_index
    from toolkit.entities.search import THRESHOLD, search

    threshold = THRESHOLD if threshold is None else threshold
    keys = name_index().set_index(["list", "entity_id"])["key"]
    out = []
    for q in labelled.itertuples(index=False):
        lists = [q.list] if q.list else None
        wall, cpu = time.perf_counter(), time.process_time()
        hits = search(q.query, lists=lists, limit=1)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        top = hits.iloc[0] if len(hits) else None
        score = float(top["score"]) if top is not None else 0.0
        correct = False
        if q.list and top is not None:
            same = top["entity_id"] == q.entity_id
            twin = q.key in set(keys.loc[[(top["list"], top["entity_id"])]])
            correct = bool(same or twin)
        out.append(
            (
                None if top is None else top["list"],
                None if top is None else top["entity_id"],
                score,
                correct,
                score >= threshold,
                cpu * 1000,
                wall * 1000,
            )
        )
    import pandas as pd

    res = pd.DataFrame(
        out, columns=["top_list", "top_id", "score", "correct", "predicted", "cpu_ms", "wall_ms"]
    )
    res = pd.concat([labelled.reset_index(drop=True), res], axis=1)
    pos = res["list"] != ""
    tp = int((res["predicted"] & res["correct"]).sum())
    fp = int((res["predicted"] & ~res["correct"]).sum())
    summary = {
        "positives": int(pos.sum()),
        "negatives": int((~pos).sum()),
        "threshold": threshold,
        "top1_accuracy": float(res.loc[pos, "correct"].mean()),
        "precision": tp / (tp + fp) if tp + fp else float("nan"),
        "recall": tp / int(pos.sum()),
        "false_positives": fp,
        "median_cpu_ms": float(res["cpu_ms"].median()),
        "median_wall_ms": float(res["wall_ms"].median()),
    }
    return res, summary
