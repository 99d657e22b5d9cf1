"""Names reduced to a comparable key: script, case, punctuation, honorifics, legal forms, spelling.

The steps, in order: OpenSanctions' ``rigour`` removes honorifics (``Mr``, ``Dr``,
``General``) and legal-form words in any language and spelling (``OOO``, ``PAO``, ``LLC``,
``JSC``, ``Public Joint Stock Company``, ``ООО``) and transliterates any script to Latin
(``Дмитрий`` -> ``Dmitriy``); ``fingerprints``-style cleaning lowers the case and drops
punctuation; then :func:`fold` merges the letters on which the published romanisations of
Russian disagree (GOST 7.79, BGN/PCGN, ICAO Doc 9303, the passport system MVD 782,
Wikipedia's): ``x``/``ks``, ``kh``/``h``, ``zh``/``z``, ``ch``/``c``, ``shch``/``sh``/``s``,
``ts``/``c``, ``y``/``i``/``j``, ``ye``/``e``, ``ii``/``iy``/``y`` endings, doubled letters.
Tokens are sorted, so word order does not count.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["fold", "name_key", "tokens"]

# Romanisation differences between the systems above; applied to lower-case ASCII, in order.
_FOLDS = (
    (re.compile(r"x"), "ks"),
    (re.compile(r"s?shch|sch|shh|sc(?=h)"), "s"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"zh"), "z"),
    (re.compile(r"ch|tch"), "c"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"t[sz]"), "c"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"w"), "v"),
    (re.compile(r"q|ck"), "k"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"^i(?=[aeou])"), ""),  # Yevgeny/Evgeniy, Yury/Iurii/Jurij
    (re.compile(r"(?<=[aeiou])i(?=[aeou])"), ""),  # Andreyev/Andreev, Vyacheslav/Viacheslav
    (re.compile(r"(?<=[bcdfgklmnprstvz])i(?=[aeou])"), ""),  # Vyacheslav/Vjaceslav/Vâčeslav
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters; Dmitrii/Dmitriy -> dmitri
)
_PUNCT = re.compile(r"[^\w\s]|_")
_SPACE = re.compile(r"\s+")


def fold(token: str) -> str:
    """Return a lower-case ASCII token with the romanisation differences merged.

    Examples
    --------
    >>> [fold(t) for t in ("aleksandr", "alexander", "dmitriy", "dmitry", "dmitrij")]
    ['aleksandr', 'aleksander', 'dmitri', 'dmitri', 'dmitri']
    >>> fold("yevgeniy") == fold("evgenii") == fold("evgenij")
    True
    """
    for pattern, repl in _FOLDS:
        token = pattern.sub(repl, token)
    return token


@lru_cache(maxsize=200_000)
def tokens(name: str) -> tuple[str, ...]:
    """Return the name's folded tokens, sorted (empty for a name of legal-form words only)."""
    from rigour.names import remove_org_types, remove_person_prefixes
    from rigour.text import ascii_text

    text = remove_person_prefixes(remove_org_types(name or ""))
    text = ascii_text(text).lower()
    text = remove_org_types(text)  # Cyrillic legal forms, once in Latin letters
    text = _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()
    return tuple(sorted(t for t in (fold(w) for w in text.split()) if t))


def name_key(name: str) -> str:
    """Return the comparable key of a name: its folded tokens, sorted, joined by a space.

    Examples
    --------
    >>> name_key("PETROV, Aleksandr") == name_key("Mr Aleksandr Petrov")
    True
    >>> name_key('OOO "Gazprom Neft"') == name_key("Gazprom Neft LLC")
    True
    """
    return " ".join(tokens(name))
