"""What a quantity counts, whether it states a change, and how claims of a paragraph relate.

The measure comes from the dependency parse: the noun a number modifies ("2,100 sworn
personnel"), the category after a percent ("61.6 percent Black"), the object of a change
("25 percent reduction in robberies"), the noun a unit belongs to ("an area of 62.4 square
miles"), or the rate noun a rate is stated about.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from extractors.claims.grammar import ClaimVocabulary, ordinal_value
from extractors.claims.quantities import Quantity

if TYPE_CHECKING:  # spaCy types only: the flow unpickles these records without loading spaCy
    from spacy.tokens import Doc, Span, Token

_NOUNS = ("NOUN", "PROPN")
_STOP_POS = ("DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART", "AUX", "PUNCT", "SPACE", "SYM", "X", "INTJ")

def _text(doc: Doc, first: int, end: int) -> str:
    if first >= end:
        return ""
    # the span's own text: doc.text would join every token of the block on each call
    return re.sub(r"\s+", " ", doc[first:end].text).strip()


def _phrase(head: Token, vocab: ClaimVocabulary, with_conj: bool = False, lower: int = 0) -> str:
    """The noun phrase of `head` without determiners, numbers, ranks and possessives."""
    doc = head.doc
    start = head.i
    while start - 1 >= max(lower, head.sent.start):
        prev = doc[start - 1]
        hyphen = prev.text == "-" and not prev.whitespace_
        in_compound = doc[start].text == "-" and not prev.whitespace_
        if prev.tag_ == "JJS" or ordinal_value(prev.text, vocab) is not None or prev.lower_ in vocab.rank_words:
            break
        if prev.like_num and not in_compound:
            break
        if prev.pos_ in _STOP_POS and not hyphen:
            break
        if prev.pos_ == "VERB" and prev.dep_ != "amod" and not in_compound:
            break
        if prev.pos_ == "ADV" and prev.head.i < start - 1:
            break
        start -= 1
    end = head.i + 1
    if with_conj:
        for child in head.rights:
            if child.dep_ == "conj" and child.pos_ in _NOUNS:
                end = max(end, child.i + 1)
    return _text(doc, start, end)


def _strip_skip(doc: Doc, first: int, end: int, vocab: ClaimVocabulary) -> str:
    while first < end and (doc[first].lower_ in vocab.measure_skip_words or doc[first].is_punct):
        first += 1
    return _text(doc, first, end)


def _run(doc: Doc, k: int, end: int, vocab: ClaimVocabulary) -> str:
    """Adjectives and nouns right after a number ("Black", "Hispanic or Latino", "sworn personnel")."""
    changes = (vocab.change_after, vocab.change_head)
    if k < end and doc[k].pos_ in ("NOUN", "VERB") and any(doc[k].lower_ in words for words in changes):
        return ""  # "a 5% increase": what increased is named elsewhere
    if k < end and doc[k].lower_ == "of":  # "45 of 60 homicide cases", "71 of the referrals"
        k += 1
        while k < end and (doc[k].pos_ in ("DET", "NUM") or doc[k].like_num):
            k += 1
    first = k
    while first < end and doc[first].lower_ in vocab.measure_skip_words:
        first += 1
    j = first
    while j < end and j - first < 6:
        token = doc[j]
        if token.pos_ in ("ADJ", "NOUN", "PROPN") or (token.text == "-" and not token.whitespace_):
            j += 1
        elif token.pos_ == "CCONJ" and j + 1 < end and doc[j + 1].pos_ in ("ADJ", "PROPN", "NOUN"):
            j += 1
        else:
            break
    while j > first and doc[j - 1].pos_ in ("CCONJ", "PUNCT"):
        j -= 1
    return _text(doc, first, j)


def _unit_head(q: Quantity, doc: Doc) -> Token:
    return doc[q.unit_tokens[-1]] if q.unit_tokens and q.unit not in ("rank",) else doc[q.last]


def _change(q: Quantity, sent: Span, vocab: ClaimVocabulary) -> tuple[Token, str] | None:
    """The word that makes the quantity a change or comparison, and which one it is."""
    if q.role in ("modifier", "rank") or q.age:
        return None
    doc = sent.doc
    k = q.unit_end
    if k < sent.end and doc[k].lower_ in vocab.change_after:
        word = doc[k].lower_
        if word in vocab.comparatives and k + 1 < sent.end and doc[k + 1].lower_ == vocab.comparison_word:
            return doc[k], vocab.comparatives[word]
        return doc[k], vocab.change_after[word]
    token = _unit_head(q, doc)
    for _ in range(3):
        if token.head.i == token.i:
            break
        if token.pos_ == "ADP" and token.lower_ not in vocab.change_links:
            break
        token = token.head
        if token.lower_ in vocab.change_head or token.lemma_.lower() in vocab.change_head:
            return token, vocab.change_head.get(token.lower_) or vocab.change_head[token.lemma_.lower()]
        if token.pos_ in ("VERB", "AUX"):
            break
    return None


def change_of(q: Quantity, sent: Span, vocab: ClaimVocabulary) -> str | None:
    """"increase", "decrease", "above", "below", or None."""
    found = _change(q, sent, vocab)
    return found[1] if found else None


def coordinated_change(q: Quantity, earlier: Quantity, change: str, sent: Span) -> str | None:
    """The change of an earlier percent, for a percent coordinated with it that has no verb of its
    own ("increased by 57 percent over FY 2010 and 115 percent over FY 2009"; "robberies fell 12
    percent and burglaries 8 percent"): the second shares the first's verb, so its change."""
    doc = sent.doc
    if q.unit != "percent" or earlier.unit != "percent" or earlier.last >= q.first:
        return None
    between = doc[earlier.unit_end : q.first]
    link = [t for t in between if t.lower_ not in ("by", "about", "nearly", "almost", "over", "more", "than")]
    if not link or link[-1].lower_ not in ("and", "or", ","):
        return None
    rest = doc[q.unit_end : sent.end]
    if any(t.pos_ in ("VERB", "AUX") for t in (*between, *rest)):
        return None
    return change


def _contains(token: Token, q: Quantity) -> bool:
    return any(t.i in range(q.first, q.last + 1) for t in token.subtree)


def _is_date(token: Token, vocab: ClaimVocabulary) -> bool:
    return token.like_num or token.ent_type_ in ("DATE", "TIME") or token.lower_ in vocab.months


def _object_of(token: Token, q: Quantity, vocab: ClaimVocabulary, preps: tuple[str, ...]) -> str | None:
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in preps:
            objects = [c for c in child.children if c.dep_ == "pobj" and not _is_date(c, vocab)]
            if objects and not _contains(objects[0], q):
                return _phrase(objects[0], vocab, with_conj=True, lower=child.i + 1)
    return None


def _from_change(q: Quantity, sent: Span, vocab: ClaimVocabulary) -> str | None:
    found = _change(q, sent, vocab)
    if not found:
        return None
    token, _ = found
    doc = sent.doc
    compared = token.i + 1 < sent.end and doc[token.i + 1].lower_ == vocab.comparison_word
    if token.lower_ in vocab.comparatives and compared:
        objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
        return _phrase(objects[0], vocab) if objects else None
    if token.pos_ == "ADP" or token.lower_ in ("above", "below"):
        objects = [c for c in token.children if c.dep_ == "pobj"]
        return _phrase(objects[0], vocab) if objects else None
    preps = vocab.change_object_preps
    found_object = _object_of(_unit_head(q, doc), q, vocab, preps) or _object_of(token, q, vocab, preps)
    if found_object:
        return found_object
    verb = token  # "fell 12 percent", or "were down 18%": the clause's subject changed
    if verb.pos_ not in ("VERB", "AUX") and verb.dep_ in ("advmod", "acomp", "prt", "npadvmod"):
        verb = verb.head
    if verb.pos_ in ("VERB", "AUX"):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not _contains(c, q)]
        return _phrase(subjects[0], vocab, with_conj=True) if subjects and subjects[0].pos_ in _NOUNS else None
    return None


def _parenthetical(q: Quantity, sent: Span, previous: list[tuple[Quantity, str | None]]) -> str | None:
    """"2,100 sworn personnel (2,605 budgeted)": the measure of the claim before, plus "budgeted"."""
    doc = sent.doc
    opening = q.first - 1
    if opening > sent.start and doc[opening].text != "(" and not doc[opening].is_alpha:
        opening -= 1
    if opening <= sent.start or doc[opening].text != "(" or not previous:
        return None
    before, measure = previous[-1]
    if not measure or any(t.is_punct and t.text != "-" for t in doc[before.last + 1 : opening]):
        return None
    words = []
    for token in doc[q.unit_end : sent.end]:
        if token.text == ")":
            break
        if token.is_alpha:
            words.append(token.text)
    else:
        return None
    return " ".join([measure, *words]) if q.unit == before.unit or q.unit == "count" else measure


def _rate(q: Quantity, sent: Span, vocab: ClaimVocabulary) -> str | None:
    doc = sent.doc
    number = doc[q.last]
    between = _run(doc, q.last + 1, q.unit_tokens[0], vocab) if q.unit_tokens else ""
    if between:
        return between
    if number.dep_ == "pobj" and number.head.lower_ == "of" and number.head.head.pos_ in _NOUNS:
        return _phrase(number.head.head, vocab)
    nouns = [t for t in doc[sent.start : q.first] if t.lower_ in vocab.rate_nouns and t.pos_ in _NOUNS]
    if nouns:
        return _phrase(nouns[-1], vocab)
    return vocab.default_measures.get(q.unit)


Previous = list[tuple[Quantity, str | None]]  # the quantities before in the sentence, with their measures


def measure_of(q: Quantity, sent: Span, previous: Previous, vocab: ClaimVocabulary) -> str | None:
    """What the quantity counts or measures, as a short noun phrase; None when nothing says.

    A number with nothing after it ("up from 300") takes the measure of the claim before it
    in the sentence, as the reader does.
    """
    found = _measure(q, sent, previous, vocab)
    counted = q.first > sent.start and sent.doc[q.first - 1].lower_ in vocab.counted_unit_cues
    if found and found.lower() in vocab.date_measures and not counted:  # "these twelve years" count years
        found = None
    if not found and previous:
        return previous[-1][1]
    return found


def _measure(q: Quantity, sent: Span, previous: Previous, vocab: ClaimVocabulary) -> str | None:
    doc = sent.doc
    if q.age:
        return vocab.age_measure
    paren = _parenthetical(q, sent, previous)
    if paren:
        return paren
    if q.unit == "rank":
        head = doc[q.unit_end - 1].head
        while head.pos_ not in _NOUNS and head.head.i != head.i and head.i < sent.end:
            head = head.head
        return _phrase(head, vocab) if head.pos_ in _NOUNS and head.i >= q.unit_end else None
    by_change = _from_change(q, sent, vocab)
    if by_change:
        return by_change
    if q.unit.startswith("per_"):
        return _rate(q, sent, vocab)
    unit_head = _unit_head(q, doc)
    base = _object_of(unit_head, q, vocab, ("of",))
    if base:
        return base
    if q.role == "modifier":
        head = unit_head.head
        return _phrase(head, vocab) if head.i > unit_head.i and head.pos_ in _NOUNS else None
    number = doc[q.last]
    head = number.head
    while head.dep_ == "compound" and head.head.i > head.i and head.pos_ in _NOUNS:
        head = head.head
    if not q.unit_tokens and number.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and head.pos_ in _NOUNS:
        if q.last < head.i < sent.end and not any(t.is_punct and t.text != "-" for t in doc[q.last + 1 : head.i]):
            measure = _strip_skip(doc, q.unit_end, head.i + 1, vocab)
            if measure:
                return measure
    run = _run(doc, q.unit_end, sent.end, vocab)
    if run:
        return run
    if q.unit == "usd":
        funded = _object_of(unit_head, q, vocab, vocab.money_object_preps)
        if funded:
            return funded
    if unit_head.dep_ in ("nsubj", "nsubjpass") and unit_head.head.pos_ in ("VERB", "AUX"):
        verb = unit_head.head
        objects = [c for c in verb.rights if c.dep_ in ("prep", "dobj", "attr", "acomp")]
        if objects:
            last = max(t.i for t in objects[0].subtree)
            return _text(doc, verb.i, last + 1)
    if unit_head.dep_ == "pobj" and unit_head.head.lower_ == "of" and unit_head.head.head.pos_ in _NOUNS:
        return _phrase(unit_head.head.head, vocab)
    if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in vocab.copula_verbs:
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and not _contains(c, q)]
        if subjects and subjects[0].pos_ in _NOUNS:
            return _phrase(subjects[0], vocab)
    return vocab.default_measures.get(q.unit)


def _singular(word: str) -> str:
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def relations(drafts: list[Any], text: str, vocab: ClaimVocabulary) -> None:
    """Mark parts of a whole and shares of a list on the drafts of one paragraph, in place.

    Drafts need `quantity`, `measure`, `sentence`, `start`, `end`, `change`, `role`, `whole`.
    """
    for index, draft in enumerate(drafts):
        q, measure = draft.quantity, draft.measure or ""
        same_sentence = [i for i in range(index) if drafts[i].sentence == draft.sentence]
        words = measure.split()
        if q.unit == "count" and len(words) > 1 and words[-1] in vocab.capacity_words and same_sentence:
            part = drafts[same_sentence[-1]]
            if part.measure and part.measure == " ".join(words[:-1]) and part.quantity.unit == "count":
                part.role, part.whole = "part", index
                continue
        if q.unit != "count":
            continue
        following = text[draft.end : draft.end + 30]
        if any(p.search(following) for p in vocab.subset_after):
            after = [i for i in range(index + 1, len(drafts)) if drafts[i].sentence == draft.sentence
                     and drafts[i].start - draft.end <= 12 and drafts[i].quantity.unit == "count"]
            candidates = after or [i for i in same_sentence[-1:] if drafts[i].quantity.unit == "count"]
            if candidates:
                draft.role, draft.whole = "part", candidates[0]
                if measure.lower() in vocab.pronouns or not measure:
                    draft.measure = drafts[candidates[0]].measure
            continue
        lead = text[draft.sentence[0] : draft.start]
        for cue in vocab.subset_cues:
            match = re.search(cue.format(noun=r"\w+"), lead, re.IGNORECASE)
            if not match:
                continue
            picked = re.search(r"(\w+)\s*$", lead[: match.start()])
            if picked and picked.group(1).lower() in vocab.single_members:
                break
            noun = _singular(match.group("noun"))
            wholes = [i for i in range(index) if drafts[i].quantity.unit == "count" and drafts[i].measure
                      and _singular(drafts[i].measure.split()[-1]) == noun]
            if wholes:
                draft.role, draft.whole = "part", wholes[-1]
                break
    _mark_shares(drafts, text)


def _mark_shares(drafts: list[Any], text: str) -> None:
    """Percents that are parts of one whole are shares: a list of categories ("61.6 percent Black,
    29.2 percent White": the whole is unsaid, the measures differ), or percents of the same whole
    in one sentence ("40 percent of arrests ... 35 percent of arrests"). Percents of different
    wholes ("90 percent of homicides and 42 percent of aggravated assaults") are not."""
    groups: dict[tuple[tuple[int, int], str], list[Any]] = {}
    for draft in drafts:
        if draft.quantity.unit != "percent" or draft.change or not draft.measure or draft.quantity.role:
            continue
        after = text[draft.end : draft.end + 40 + len(draft.measure)]
        position = after.find(draft.measure)
        if 0 <= position <= 12:
            whole = draft.measure.lower() if re.search(r"\bof\b", after[:position]) else ""
            groups.setdefault((draft.sentence, whole), []).append(draft)
    for (_, whole), shares in groups.items():
        listed = len({s.measure.lower() for s in shares}) == len(shares)
        if len(shares) >= 2 and (listed if not whole else True):
            for share in shares:
                share.role = "share"
