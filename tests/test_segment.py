"""Segmenting block by block gives the tokens of segmenting the whole text (what relations and
any caller that segments only part of a sentence rely on for identical output)."""

from __future__ import annotations

from govkg.extract.segment import blocks, tokenize
from hypothesis import given, settings
from hypothesis import strategies as st

# characters of real reports: words, digits and signs jieba keeps inside a block, and the
# punctuation and spaces it splits at
_ALPHABET = (
    "区民政局开展三会一课活动成效明显全面推进建设工作人大代表1234.5%+-_AbZ"
    "，。、“”《》（）：；！？ \n\t　"
)


@given(st.text(alphabet=_ALPHABET, max_size=80))
@settings(max_examples=200, deadline=None)
def test_blocks_cover_text_and_segment_alike(text: str) -> None:
    spans = blocks(text)
    assert [s for s, _ in spans[1:]] == [e for _, e in spans[:-1]]
    assert (spans[0][0], spans[-1][1]) == (0, len(text)) if text else spans == []
    by_block = [(s + t.start, s + t.end, t.text) for s, e in spans for t in tokenize(text[s:e])]
    assert by_block == [(t.start, t.end, t.text) for t in tokenize(text)]


def test_blocks_of_a_report_sentence() -> None:
    text = "全年开展“三会一课”12次，参与率达98.5%。"
    assert [text[s:e] for s, e in blocks(text)] == [
        "全年开展", "“", "三会一课", "”", "12次", "，", "参与率达98.5%", "。",
    ]
