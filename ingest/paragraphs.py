"""The ``dkg_paragraphs`` component: a line break ends a sentence.

Headlines, captions and paragraphs carry no final full stop, and the parser
would otherwise run them into the next sentence ("... in Tehran \\n\\n Top
officials will convene ..."), which spoils the parse of both. Placed before
the parser, this marks the first token after a line break as a sentence
start; the parser keeps the marks.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["paragraph_breaks"]


@Language.component("dkg_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the token after each line break as the start of a sentence.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc = paragraph_breaks(nlp("Talks in Oslo\\n\\nThe envoys met."))
    >>> [t.text for t in doc if t.is_sent_start]
    ['Talks', 'The']
    """
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            nxt = doc[tok.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    return doc
