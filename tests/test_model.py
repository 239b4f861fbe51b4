"""Names normalize as the annotation guide says; spans always slice back to their text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govkg.extract import Mention, OffsetError, normalize_name
from govkg.extract.text import Doc, fold


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("“千元礼葬”惠民项目", "千元礼葬惠民项目"),
        ("**市政协", "*市政协"),
        ("xx大学", "*大学"),
        ("《中国共产党章程》", "中国共产党章程"),
        ("１中心＋Ｎ站点", "1中心+N站点"),
        ("×× 市", "*市"),
    ],
)
def test_normalize_name(name, key):
    assert normalize_name(name) == key


def test_mention_checks_its_span():
    m = Mention.from_span("在区委领导下", 1, 3, "Organization", extractor="t")
    assert m.text == "区委"
    with pytest.raises(OffsetError):
        Mention.from_span("区委", 1, 5, "Organization", extractor="t")


@given(st.text())
def test_fold_maps_back(text):
    doc = Doc.from_text(text)
    for i in range(len(doc.norm)):
        start, end = doc.span(i, i + 1)
        assert 0 <= start < end <= len(text)


def test_fold_full_width_and_traditional():
    folded, mapping = fold("我們簽約１２萬人", simplify=True)
    assert folded == "我们签约12万人"
    assert mapping is None


def test_sections_and_sentences():
    text = "总述。\n一、第一部分\n（一）小节。一是狠抓落实。二是注重实效。\n二、第二部分\n结尾。"
    doc = Doc.from_text(text)
    levels = [(s.heading[:4], s.level) for s in doc.sections]
    assert levels == [("一、第一", 1), ("（一）小", 2), ("一是狠抓", 3), ("二是注重", 3), ("二、第二", 1)]
    assert doc.sections[1].parent == 0 and doc.sections[2].parent == 1
    last = doc.sentences[-1]
    assert text[last.start:last.end] == "结尾。"
    assert last.section == 4
