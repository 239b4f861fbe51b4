"""No input crashes extraction: arbitrary text and bytes give records whose offsets hold."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from govkg.extract import (
    ENTITY_TYPES,
    Doc,
    DocumentError,
    Mention,
    Metric,
    SourceDocument,
    extract_record,
    iter_documents,
)
from govkg.extract.concepts import concepts
from govkg.extract.metrics import metrics
from govkg.extract.organizations import organizations
from govkg.extract.policies import policies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXTRACTORS = (organizations, concepts, policies, metrics)

# Characters of the reports: bodies, kind words, numbers, units, redaction marks, quotes, headings.
REPORT_CHARS = (
    "区市县省委政府人大常委会政协党组纪委监委局厅办处科中心街道社区乡镇民政财政卫生健康退役军人"
    "事务部门机关单位大学日报公司集团协会联合会福利院开展推进落实实施建立出台召开举办组织"
    "专项行动工程项目平台制度机制改革试点活动模式品牌服务三年计划规划意见办法条例准则规定"
    "四个意识自信两个维护确立一岗双责三会一课五社联动学习强国千元礼葬"
    "共计累计投入资金发放补贴签约服务床位覆盖率办结率达到以上余近多约新增完成"
    "一二三四五六七八九十百千万亿零两〇壹贰叁"
    "0123456789０１２３４５６７８９.．:："
    "*＊x×X%％‰万亿元人次户家个名件张例场批项篇份所处条辆公里平方米岁类"
    "“”‘’《》「」『』\"'（）()【】、，。；：！？—…·-+＋/ \u3000\n\t"
)

FRAGMENTS = (
    "区民政局",
    "市委市政府",
    "区委、区政府",
    "以习近平同志为核心的党中央",
    "**市政协",
    "xx大学",
    "我局",
    "“五社联动”",
    "“千元礼葬”惠民项目",
    "“三会一课”制度",
    "四个意识",
    "两个维护",
    "《中国共产党廉洁自律准则》",
    "《",
    "》",
    "“",
    "”",
    "八项规定",
    "阳光资金监管平台",
    "召开民主生活会2次",
    "签约1.2万人",
    "**万元",
    "85%以上",
    "近*亿余元",
    "100%",
    "16万余例",
    "3.6 : 48 : 48.4",
    "*个工作日内",
    "五类",
    "六大功能",
    "2023年7月底",
    "35-60岁",
    "第十四次",
    "一、",
    "（一）",
    "一是",
    "1.",
    "\n",
    "。",
    "，",
    "；",
    "、",
    " ",
    "*",
    "x",
    "×",
    "万",
    "亿",
    "%",
    "1",
    "0.",
    "1e999",
    "9" * 30,
    "一千二百万",
    "两",
    "零",
)

report_text = st.text(alphabet=REPORT_CHARS, max_size=300)
fragment_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=REPORT_CHARS, max_size=4)), max_size=60
).map("".join)
any_text = st.text(max_size=200)
texts = st.one_of(fragment_text, report_text, any_text)

EXAMPLES = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_slices_back(text: str, item: Mention | Metric) -> None:
    assert 0 <= item.start < item.end <= len(text), (item, len(text))
    assert text[item.start : item.end] == item.text, item


def assert_valid_record(text: str, record: dict) -> None:
    json.dumps(record, ensure_ascii=False, allow_nan=False)
    n_sentences, n_sections = len(record["sentences"]), len(record["sections"])
    for start, end, section in record["sentences"]:
        assert 0 <= start <= end <= len(text)
        assert section is None or 0 <= section < n_sections
    for section in record["sections"]:
        assert 0 <= section["start"] <= section["end"] <= len(text)
    spans = [m for e in record["entities"] for m in e["mentions"]] + record["metrics"]
    for e in record["entities"]:
        assert e["type"] in ENTITY_TYPES
        assert e["mentions"], e
    for m in spans:
        assert 0 <= m["start"] < m["end"] <= len(text), m
        assert text[m["start"] : m["end"]] == m["text"], m
        if n_sentences:
            assert 0 <= m["sentence"] < n_sentences, m
        else:
            assert m["sentence"] == -1, m
    for q in record["metrics"]:
        if q.get("measure_start") is not None:
            assert 0 <= q["measure_start"] <= q["measure_end"] <= len(text), q


@EXAMPLES
@given(texts)
def test_any_text_gives_a_valid_record(text):
    record = extract_record(SourceDocument("hypothesis.txt", text)).to_dict()
    assert_valid_record(text, record)


@settings(max_examples=40, deadline=None)
@given(fragment_text)
def test_extraction_is_deterministic(text):
    first = extract_record(SourceDocument("a.txt", text)).to_dict()
    assert extract_record(SourceDocument("a.txt", text)).to_dict() == first


@EXAMPLES
@given(texts)
def test_every_extractor_slices_back(text):
    doc = Doc.from_text(text)
    for extractor in EXTRACTORS:
        for item in extractor(doc):
            assert_slices_back(text, item)
            if isinstance(item, Mention):
                assert item.label in ENTITY_TYPES
    assert doc.text == text, "an extractor changed its input"
    for s in doc.sentences:
        assert 0 <= s.start <= s.end <= len(text)


# Bytes as files: whatever a folder holds, reading and extracting end in records or errors.


def _encoded(text: str) -> st.SearchStrategy[bytes]:
    return st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "big5"]).map(
        lambda enc: text.encode(enc, errors="replace")
    )


def _docx_bytes() -> bytes:
    import docx  # python-docx, the readers' own dependency

    document = docx.Document()
    document.add_paragraph("一、党建工作")
    document.add_paragraph("区民政局开展“五社联动”项目，签约1.2万人，投入**万元。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "85%以上"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


DOCX = _docx_bytes()
HTML = "<html><body><nav>首页</nav><p>区委召开民主生活会2次。</p></body></html>".encode()

file_bytes = st.one_of(
    st.binary(max_size=400),
    fragment_text.flatmap(_encoded),
    # a valid start cut short, or followed by garbage
    st.tuples(fragment_text.flatmap(_encoded), st.binary(max_size=20)).map(
        lambda p: p[0][: len(p[0]) // 2] + p[1]
    ),
    # a real .docx or page cut short or with a byte changed
    st.tuples(st.sampled_from([DOCX, HTML]), st.integers(0, len(DOCX)), st.binary(max_size=2)).map(
        lambda p: p[0][: p[1]] + p[2] + p[0][p[1] + len(p[2]) :]
    ),
    st.sampled_from(
        [DOCX, b"", b"\xef\xbb\xbf", b"\xff\xfe", b"PK\x03\x04", b"%PDF-1.4\n", b"<html>", b"{}\n"]
    ),
)
SUFFIXES = (".txt", ".jsonl", ".html", ".htm", ".docx", ".pdf", ".md", "")


@settings(max_examples=150, deadline=None)
@given(data=file_bytes, suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_in_a_file_are_read_or_reported(data, suffix):
    with tempfile.TemporaryDirectory(prefix="govkg-robust-") as tmp:
        path = Path(tmp) / f"document{suffix}"
        path.write_bytes(data)
        for given_path in (path, Path(tmp)):
            for item in iter_documents([given_path]):
                if isinstance(item, DocumentError):
                    assert tmp in str(item), item  # names the file or the folder
                    continue
                assert isinstance(item, SourceDocument)
                assert "\r" not in item.text
                assert not item.text.startswith("\ufeff")
                assert_valid_record(item.text, extract_record(item).to_dict())
