"""One document from loaded pages to every extracted record: the pure core of a flow run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from extractors.claims.claims import prose_to_claims
from extractors.claims.grammar import ClaimVocabulary, claim_vocabulary
from extractors.layout.normalize import loaded_to_normalized
from extractors.model.document import NormalizedDocument
from extractors.model.pages import LoadedDocument
from extractors.model.records import Claim, CrimeStat, DocumentFacts, Entity, Figure, Footnote, FootnoteRef, Table
from extractors.nlp.entities import prose_to_entities
from extractors.nlp.language import entity_parse_skips, model_words
from extractors.nlp.prose import ProseBlock, document_to_prose
from extractors.structure.crime_stats import table_to_crime_stats
from extractors.structure.figures import document_to_figures
from extractors.structure.footnotes import document_to_footnote_refs, document_to_footnotes
from extractors.structure.tables import document_to_tables
from extractors.structure.title_site import document_to_facts, title_texts
from extractors.vocab.vocabulary import Vocabulary, vocabulary

if TYPE_CHECKING:  # spaCy types only: the flow unpickles these records without loading spaCy
    from spacy.language import Language


@dataclass(frozen=True)
class Vocabularies:
    """Every word list the extractors read, loaded once where the pipeline is entered (a flow
    caches it per process) and passed to each extractor, which never loads one itself."""

    words: Vocabulary  # domain words and the gazetteer (vocab/data/vocabulary.yaml, gazetteer.yaml)
    claims: ClaimVocabulary  # the claim grammar's words (vocab/data/claims.yaml)
    known_words: frozenset[str]  # the language model's lower-case words (glued and hyphenated words)


def load_vocabularies() -> Vocabularies:
    return Vocabularies(vocabulary(), claim_vocabulary(), model_words())


@dataclass(frozen=True)
class Extraction:
    document: NormalizedDocument
    facts: DocumentFacts
    tables: list[Table]
    crime_stats: list[CrimeStat]
    figures: list[Figure]
    footnotes: list[Footnote]
    footnote_refs: list[FootnoteRef]
    prose: list[ProseBlock]
    entities: list[Entity]
    claims: list[Claim]
    warnings: tuple[str, ...] = ()


def loaded_to_extraction(loaded: LoadedDocument, nlp: Language, vocab: Vocabularies) -> Extraction:
    """Every extractor over one document; the prose is parsed once and shared."""
    doc = loaded_to_normalized(loaded, vocab.words, vocab.known_words)
    tables = document_to_tables(doc, vocab.words)
    refs = document_to_footnote_refs(doc)
    prose = document_to_prose(doc)
    # strings spaCy interns while parsing are freed when the zone closes, so a long run over
    # thousands of documents does not grow; nothing that holds a Doc leaves the zone
    with nlp.memory_zone():
        parsed = list(nlp.pipe(block.text for block in prose))
        entities = prose_to_entities(doc, prose, parsed)
        claims = prose_to_claims(doc, prose, parsed, vocab.claims)
        titles = list(nlp.pipe(title_texts(doc), disable=entity_parse_skips(nlp)))  # their places only
        facts = document_to_facts(doc, titles, vocab.words)
    return Extraction(
        document=doc,
        facts=facts,
        tables=tables,
        crime_stats=[stat for table in tables for stat in table_to_crime_stats(table, vocab.words)],
        figures=document_to_figures(doc, vocab.words),
        footnotes=document_to_footnotes(doc, refs, vocab.words),
        footnote_refs=refs,
        prose=prose,
        entities=entities,
        claims=claims,
        warnings=loaded.warnings,
    )
