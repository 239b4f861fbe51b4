"""Documents are read from every format users have, and every bad input is one clear error."""

from __future__ import annotations

import codecs
import io
import json
import os
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from govkg.extract import DocumentError, SourceDocument, iter_documents
from govkg.extract.readers import clean_text, decode_text, read_file, reflow_pdf_pages
from hypothesis import given, settings
from hypothesis import strategies as st

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "state_council_reports.jsonl"

# Lines cut from the seed reports and the State Council corpus.
HEADING = "一、讲政治守规矩，坚持依法行政、规范履职"
SUBHEADING = "（一）遵守法律法规，建设法治民政"
BODY = "一是带头尊法学法。时刻牢记权力是人民给予的、是受法律法规监督约束的。"
METRIC = (
    "审批事项办理时长压缩至*个工作日内，平均压缩至法定时限的*%，取消行政审批*项（养老机构审批）。"
)
REPORT = "\n".join([HEADING, SUBHEADING, BODY, METRIC])
TRADITIONAL = (
    "我們第一屆全國人民代表大會第一次會議，在聽了劉少奇同志關於憲法草案的報告並進行了三天的"
    "討論以後，已經光榮地完成了一件歷史性的工作，通過了我們國家的根本法。"
)


def read_one(path: Path) -> SourceDocument | DocumentError:
    items = list(iter_documents([path]))
    assert len(items) == 1, items
    return items[0]


def read_text(tmp_path: Path, name: str, data: bytes) -> SourceDocument:
    path = tmp_path / name
    path.write_bytes(data)
    item = read_one(path)
    assert isinstance(item, SourceDocument), item
    assert item.source == str(path)
    return item


# --- plain text: the encoding is found from the bytes -------------------------------------


@pytest.mark.parametrize(
    ("data", "expected", "encoding"),
    [
        (REPORT.encode("utf-8"), REPORT, "utf-8"),
        (codecs.BOM_UTF8 + REPORT.encode("utf-8"), REPORT, "utf-8"),
        (REPORT.encode("gbk"), REPORT, "gb18030"),
        # a character GBK lacks: GB18030's four-byte range
        ((REPORT + "𠮷").encode("gb18030"), REPORT + "𠮷", "gb18030"),
        (REPORT.encode("utf-16"), REPORT, "utf-16-le"),
        (codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"), REPORT, "utf-16-be"),
        (REPORT.encode("utf-16-le"), REPORT, "utf-16-le"),
        (REPORT.encode("utf-16-be"), REPORT, "utf-16-be"),
        (codecs.BOM_UTF32_LE + REPORT.encode("utf-32-le"), REPORT, "utf-32-le"),
        (TRADITIONAL.encode("utf-8"), TRADITIONAL, "utf-8"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
        (TRADITIONAL.encode("gb18030"), TRADITIONAL, "gb18030"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "gbk",
        "gb18030",
        "utf16-bom-le",
        "utf16-bom-be",
        "utf16le-no-bom",
        "utf16be-no-bom",
        "utf32-bom",
        "traditional-utf8",
        "traditional-big5",
        "traditional-gb18030",
    ],
)
def test_text_encoding_is_detected_from_the_bytes(tmp_path, data, expected, encoding):
    assert decode_text(data, "x.txt")[1] == encoding
    doc = read_text(tmp_path, "report.txt", data)
    assert doc.text == expected
    assert doc.format == "txt"
    assert doc.title == "report"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (REPORT.replace("\n", "\r\n").encode("utf-8"), REPORT),
        (REPORT.replace("\n", "\r").encode("utf-8"), REPORT),
        (REPORT.replace("\n", "\r\n").encode("gbk"), REPORT),
        (
            codecs.BOM_UTF8 + (HEADING + "\r\n\r\n" + BODY + "\r\n").encode(),
            HEADING + "\n\n" + BODY + "\n",
        ),
        # nothing else changes: full-width forms, ideographic spaces, tabs and blank lines stay
        (
            "\u3000\u3000２０２３年，投入１.２万元\t（约）\n\n\n".encode(),
            "\u3000\u3000２０２３年，投入１.２万元\t（约）\n\n\n",
        ),
    ],
    ids=["crlf", "cr", "gbk-crlf", "bom-crlf", "untouched"],
)
def test_text_is_as_read_with_line_endings_as_newlines(tmp_path, data, expected):
    assert read_text(tmp_path, "r.txt", data).text == expected


def test_unknown_suffix_or_none_is_read_as_text(tmp_path):
    assert read_text(tmp_path, "述职报告", REPORT.encode("gbk")).text == REPORT
    assert read_text(tmp_path, "report.dat", REPORT.encode("utf-8")).text == REPORT


def test_clean_text_only_removes_the_bom_and_turns_line_endings():
    assert clean_text("\ufeffa\r\nb\rc\n\ufeffd") == "a\nb\nc\n\ufeffd"


# --- docx ---------------------------------------------------------------------------------


def make_docx(*, with_table: bool = True, title: str = "") -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_paragraph(HEADING)
    document.add_paragraph(SUBHEADING)
    if with_table:
        table = document.add_table(rows=3, cols=3)
        for r, row in enumerate([["指标", "2022年", "2023年"], ["养老服务站", "8个", "12个"]]):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        merged = table.cell(2, 0).merge(table.cell(2, 2))
        merged.text = "合计：新增4个"
    paragraph = document.add_paragraph("二是加强普法守法。")
    paragraph.add_run("持续开展“民政法规政策宣传月”活动。").bold = True
    document.add_paragraph("")
    document.add_paragraph(METRIC)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_and_tables_in_body_order(tmp_path):
    doc = read_text(tmp_path, "述职报告.docx", make_docx())
    assert doc.format == "docx"
    assert doc.title == "述职报告"
    assert doc.text == "\n".join(
        [
            HEADING,
            SUBHEADING,
            "指标\t2022年\t2023年",
            "养老服务站\t8个\t12个",
            "合计：新增4个",  # a merged cell is one cell, its text once
            "二是加强普法守法。持续开展“民政法规政策宣传月”活动。",
            "",
            METRIC,
        ]
    )


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_numbered_docx() -> bytes:
    """A report whose headings carry Word's own list numbers, as many reports are written."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering.insert(
        0, parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="90">{lvls}</w:abstractNum>')
    )
    bullet = '<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>'
    numbering.insert(
        1, parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="91">{bullet}</w:abstractNum>')
    )
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    # a second instance of the same list that starts again at 一
    numbering.append(
        parse_xml(
            f'<w:num {W_NS} w:numId="92"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )

    def add(text: str, num_id: int | None = None, ilvl: int = 0) -> None:
        paragraph = document.add_paragraph(text)
        if num_id is not None:
            ppr = paragraph._p.get_or_add_pPr()
            ppr.append(
                parse_xml(
                    f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
                )
            )

    add("讲政治守规矩，坚持依法行政、规范履职", 90)
    add("遵守法律法规，建设法治民政", 90, 1)
    add("带头尊法学法。", 90, 2)
    add("加强普法守法。", 90, 2)
    add("严守纪律、规矩，严格廉洁从政", 90, 1)
    add("严明纪律严守规矩。", 90, 2)
    add("养老服务", 91)
    add("抓落实强监督，坚持政令畅通、高效履职", 90)
    add("带头遵守和执行区人大及其常委会的决议", 90, 1)
    add("下一年的打算", 92)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_list_numbers_are_part_of_the_text(tmp_path):
    doc = read_text(tmp_path, "numbered.docx", make_numbered_docx())
    assert doc.text.split("\n") == [
        "一、讲政治守规矩，坚持依法行政、规范履职",
        "（一）遵守法律法规，建设法治民政",
        "1.带头尊法学法。",
        "2.加强普法守法。",
        "（二）严守纪律、规矩，严格廉洁从政",
        "1.严明纪律严守规矩。",
        "养老服务",  # a bullet is no number
        "二、抓落实强监督，坚持政令畅通、高效履职",
        "（一）带头遵守和执行区人大及其常委会的决议",
        "一、下一年的打算",
    ]


def test_docx_list_style_numbers_count_too(tmp_path):
    import docx

    document = docx.Document()
    for text in ("第一项", "第二项"):
        document.add_paragraph(text, style="List Number")
    out = io.BytesIO()
    document.save(out)
    assert read_text(tmp_path, "list.docx", out.getvalue()).text == "1.第一项\n2.第二项"


def test_docx_title_comes_from_its_properties(tmp_path):
    doc = read_text(tmp_path, "a.docx", make_docx(title="2023年度述职报告"))
    assert doc.title == "2023年度述职报告"


def test_a_docx_named_txt_is_read_as_docx(tmp_path):
    assert read_text(tmp_path, "report.txt", make_docx()).format == "docx"


# --- pdf ----------------------------------------------------------------------------------


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A PDF whose pages carry the given lines as a text layer, in a CJK font reportlab knows."""
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, invariant=1)
    if title is not None:
        pdf.setTitle(title)
    for lines in pages:
        pdf.setFont("STSong-Light", 11)
        for i, line in enumerate(lines):
            pdf.drawString(50, 780 - 20 * i, line)
        if not lines:
            pdf.rect(50, 50, 400, 600, fill=1)  # a page that is only a picture
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_pdf_text_layer_is_read_page_by_page(tmp_path):
    lines = [HEADING, SUBHEADING, "全年发放城乡低保金1.2亿元，惠及困难群众3.5万余人。"]
    doc = read_text(tmp_path, "report.pdf", make_pdf([lines, ["二、下一步工作打算"]]))
    assert doc.format == "pdf"
    assert doc.text == "\n".join([*lines, "二、下一步工作打算"])
    assert doc.title == "report"  # reportlab's "untitled" is no title


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2023年度述职报告", "2023年度述职报告"),
        ("Microsoft Word - 述职报告.docx", "report"),
        ("述职报告.doc", "report"),
        ("", "report"),
    ],
)
def test_pdf_title_comes_from_its_metadata_unless_a_writer_made_it_up(tmp_path, title, expected):
    assert read_text(tmp_path, "report.pdf", make_pdf([[HEADING]], title=title)).title == expected


def make_wrapped_pdf(paragraphs: list[str]) -> bytes:
    """A PDF set the way a word processor sets a report: paragraphs wrapped at the page's
    width, first lines indented, a page number at the foot of every page."""
    pytest.importorskip("reportlab")
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle(
        "body", fontName="STSong-Light", fontSize=14, leading=22, wordWrap="CJK", firstLineIndent=28
    )

    def page_number(canvas, doc):
        canvas.setFont("STSong-Light", 10)
        canvas.drawCentredString(297, 30, f"- {doc.page} -")

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build(
        [Paragraph(escape(p), style) for p in paragraphs],
        onFirstPage=page_number,
        onLaterPages=page_number,
    )
    return out.getvalue()


@pytest.mark.parametrize(
    "seed", ["002_02025d90980d740c.txt", "003_bab31c466e3fb098.txt", "004_87fa003bd2d14cb7.txt"]
)
def test_pdf_lines_wrapped_by_the_layout_are_joined_back(tmp_path, seed):
    paragraphs = [p for p in (SEEDS / seed).read_text(encoding="utf-8").split("\n") if p.strip()]
    doc = read_text(tmp_path, "report.pdf", make_wrapped_pdf(paragraphs))
    assert doc.text.split("\n") == paragraphs


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        # a line as wide as the widest continues, across pages too; page numbers go
        (
            [
                "- 1 -\n" + "一" * 30 + "\n" + "二" * 30 + "\n" + "三" * 10 + "。\n" + "四" * 30,
                "五" * 5 + "。\n- 2 -",
            ],
            "一" * 30 + "二" * 30 + "三" * 10 + "。\n" + "四" * 30 + "五" * 5 + "。",
        ),
        # a heading or an indented line starts a paragraph even after a full line
        (
            [
                "甲" * 30
                + "\n"
                + "一、"
                + "乙" * 5
                + "\n"
                + "丙" * 30
                + "\n　　丁"
                + "\n"
                + "戊" * 30
            ],
            "甲" * 30 + "\n一、" + "乙" * 5 + "\n" + "丙" * 30 + "\n丁\n" + "戊" * 30,
        ),
        # a short line that ends a sentence ends its paragraph; one that does not continues
        # only when it is full; punctuation never starts a line
        (
            ["甲" * 30 + "\n" + "乙" * 20 + "。\n" + "丙" * 30 + "\n" + "丁" * 20 + "\n，戊"],
            "甲" * 30 + "乙" * 20 + "。\n" + "丙" * 30 + "丁" * 20 + "，戊",
        ),
        # ASCII words broken by the layout get their space back; half-width text counts half
        (
            ["a" * 60 + "\n" + "b" * 60 + "\n" + "甲" * 30 + "\n" + "乙"],
            "a" * 60 + " " + "b" * 60 + "甲" * 30 + "乙",
        ),
        # too few lines to know the page's width: nothing is joined
        (["第1页\n" + "甲" * 30 + "\n" + "乙" * 30, "3/12"], "甲" * 30 + "\n" + "乙" * 30),
    ],
    ids=["wrap-and-page-numbers", "headings-and-indents", "sentence-ends", "ascii", "few-lines"],
)
def test_reflow_pdf_pages(pages, expected):
    assert reflow_pdf_pages(pages) == expected


def encrypted_pdf(algorithm: str, user_password: str) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf([[HEADING, BODY]]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_locked_only_against_copying_is_read(tmp_path, algorithm):
    # published reports often carry an owner password (no copying, no editing) and none to open
    doc = read_text(tmp_path, "locked.pdf", encrypted_pdf(algorithm, ""))
    assert doc.text == f"{HEADING}\n{BODY}"


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_pdf_that_needs_a_password_is_an_error(tmp_path, algorithm):
    path = tmp_path / "secret.pdf"
    path.write_bytes(encrypted_pdf(algorithm, "secret"))
    assert str(read_one(path)) == f"{path}: encrypted PDF (needs a password)"


def test_a_pdf_without_suffix_is_read_as_pdf(tmp_path):
    assert read_text(tmp_path, "report", make_pdf([[HEADING]])).text == HEADING


# --- html ---------------------------------------------------------------------------------

GOV_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>2023年区民政局工作总结_某某区人民政府</title>
<script>var menu = "不要这段脚本";</script></head>
<body>
<div class="header"><h1 class="logo">某某区人民政府</h1>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/bsfw">办事服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 工作总结</div>
<div class="article"><h1>2023年区民政局工作总结</h1>
<div class="info">发布时间：2024-01-05 来源：区民政局 字号：大 中 小</div>
<div class="content" id="zoom">
<p>　　2023年，区民政局在区委、区政府的正确领导下，坚持以人民为中心的发展思想，
扎实推进各项民政工作。</p>
<p>　　一、主要工作成效</p>
<p>　　（一）兜牢民生底线。全年发放城乡低保金1.2亿元，惠及困难群众3.5万余人。</p>
<p>　　（二）推进养老服务。新建社区养老服务站12个，开展“千元礼葬”惠民项目。</p>
<p>　　二、下一步工作打算<br>继续深化“放管服”改革。</p>
</div></div>
<div class="footer"><p>主办单位：某某区人民政府办公室 网站标识码：1234567890</p>
<p>版权所有 联系我们 网站地图</p></div>
<div class="share">分享到：微信 微博</div></body></html>"""


def test_html_main_text_without_menus(tmp_path):
    doc = read_text(tmp_path, "index.html", GOV_PAGE.encode("gbk"))
    assert doc.format == "html"
    assert doc.title == "2023年区民政局工作总结"
    lines = doc.text.split("\n")
    assert (
        lines[0] == "2023年，区民政局在区委、区政府的正确领导下，坚持以人民为中心的发展思想，"
        "扎实推进各项民政工作。"
    )
    assert "一、主要工作成效" in lines
    assert "（一）兜牢民生底线。全年发放城乡低保金1.2亿元，惠及困难群众3.5万余人。" in lines
    assert "继续深化“放管服”改革。" in lines  # <br> ends a line
    for boilerplate in ("首页", "政务公开", "网站标识码", "分享到", "不要这段脚本", "版权所有"):
        assert boilerplate not in doc.text


@pytest.mark.parametrize(
    ("page", "title", "text"),
    [
        # too short for trafilatura's main-text finder: every visible line instead
        (
            "<html><head><title>通知</title></head><body><nav>首页</nav><p>区委召开民主生活会2次。</p>"
            "<p>第二段<br>第三行</p><script>x()</script></body></html>",
            "通知",
            "区委召开民主生活会2次。\n第二段\n第三行",
        ),
        (
            "<?xml version='1.0' encoding='utf-8'?><html><body><h1>工作总结</h1>"
            "<div>一是带头尊法学法。</div>"
            "</body></html>",
            "工作总结",
            "工作总结\n一是带头尊法学法。",
        ),
    ],
    ids=["short-page", "xhtml-with-declaration"],
)
def test_html_short_pages_fall_back_to_visible_text(tmp_path, page, title, text):
    doc = read_text(tmp_path, "page.htm", page.encode("utf-8"))
    assert (doc.title, doc.text) == (title, text)


def cms_page(paragraphs: list[str]) -> str:
    """A page as government sites' content systems publish a report: Word-styled paragraphs
    in an editor div, a sidebar of related links, an index table, a footer."""
    body = "".join(
        '<p class="MsoNormal" style="text-indent:2em"><span style="font-family:仿宋_GB2312">'
        f"{p}</span></p>\n"
        for p in paragraphs
    )
    side = "".join(
        f'<li><a href="/n{i}.html">关于印发《某某区第{i}号文件》的通知 2024-01-0{i % 9}</a></li>'
        for i in range(12)
    )
    return f"""<html><head><meta charset="utf-8">
<title>民政局2023年工作总结_区政府信息公开</title></head><body>
<div id="top"><a href="/">网站首页</a> | <a>无障碍</a> | <a>长者模式</a></div>
<div class="nav"><ul><li>首页</li><li>政务公开</li><li>政务服务</li><li>互动交流</li></ul></div>
<div class="main"><div class="left"><h3>相关文章</h3><ul>{side}</ul></div>
<div class="right"><h2>民政局2023年工作总结</h2><div class="TRS_Editor">{body}</div>
<div class="print"><a>【打印本页】</a><a>【关闭窗口】</a></div></div></div>
<div class="foot">主办：某某区人民政府办公室 ICP备案：渝ICP备12345678号</div></body></html>"""


@pytest.mark.parametrize("seed", ["002_02025d90980d740c.txt", "004_87fa003bd2d14cb7.txt"])
def test_html_report_keeps_every_paragraph_as_a_line_and_drops_the_site(tmp_path, seed):
    paragraphs = [p for p in (SEEDS / seed).read_text(encoding="utf-8").split("\n") if p.strip()]
    doc = read_text(tmp_path, "index.html", cms_page(paragraphs).encode())
    assert doc.title == "民政局2023年工作总结"
    assert [line for line in doc.text.split("\n") if line in paragraphs] == paragraphs
    for boilerplate in ("相关文章", "某某区第3号文件", "网站首页", "打印本页", "ICP备案"):
        assert boilerplate not in doc.text


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        (
            "<title>民政局2023年工作总结_区政府信息公开</title>",
            "<h3>相关文章</h3><h2>民政局2023年工作总结</h2>",
            "民政局2023年工作总结",
        ),
        ("<title>首页</title>", "<h1>工作总结</h1>", "首页"),
        ("", "<h1>工作总结</h1><h1>其他</h1>", "工作总结"),
        ("", "<h2>工作总结</h2>", "page"),
    ],
)
def test_html_title_is_the_article_heading_the_page_title_names(tmp_path, head, body, title):
    page = f"<html><head>{head}</head><body>{body}<p>{BODY}</p></body></html>"
    assert read_text(tmp_path, "page.html", page.encode()).title == title


def test_html_with_a_wrong_charset_declaration_is_detected(tmp_path):
    page = GOV_PAGE.replace("charset=gb2312", "charset=utf-8")
    assert read_text(tmp_path, "p.html", page.encode("gbk")).title == "2023年区民政局工作总结"


# --- jsonl corpora ------------------------------------------------------------------------


def test_jsonl_one_document_a_line_with_metadata(tmp_path):
    lines = [
        json.dumps(
            {
                "year": "1954",
                "title": "1954年政府工作报告",
                "url": "u1",
                "text": "各位代表：\r\n" + TRADITIONAL,
            },
            ensure_ascii=False,
        ),
        "",
        json.dumps({"year": None, "text": REPORT + "\u2028"}, ensure_ascii=False),
        "{broken",
        json.dumps({"title": "无正文"}, ensure_ascii=False),
        json.dumps({"text": 12}),
        json.dumps(["text"]),
        json.dumps({"text": " \n"}),
        json.dumps({"title": 5, "text": BODY}, ensure_ascii=False),
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_documents([path]))
    docs = [i for i in items if isinstance(i, SourceDocument)]
    errors = [str(i) for i in items if isinstance(i, DocumentError)]
    assert [(d.source, d.title, d.metadata) for d in docs] == [
        (f"{path}#1", "1954年政府工作报告", {"year": "1954", "url": "u1"}),
        (f"{path}#3", "", {"year": None}),
        (f"{path}#9", "", {"title": 5}),
    ]
    assert docs[0].text == "各位代表：\n" + TRADITIONAL
    assert docs[1].text == REPORT + "\u2028"  # U+2028 inside a string is not a line break
    assert errors == [
        f"{path}#4: line 4 is not valid JSON: "
        "Expecting property name enclosed in double quotes (column 2)",
        f'{path}#5: line 5 has no "text" field',
        f'{path}#6: line 6 has "text" is a int, not a string',
        f'{path}#7: line 7 is a JSON list, not an object with a "text" field',
        f'{path}#8: line 8 has an empty "text"',
    ]


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not beside the repository")
def test_the_state_council_corpus_reads_fast():
    started = time.perf_counter()
    items = list(iter_documents([CORPUS]))
    elapsed = time.perf_counter() - started
    assert all(isinstance(i, SourceDocument) for i in items)
    assert len(items) == 72
    first = items[0]
    assert first.source == f"{CORPUS}#1"
    assert first.title == "1954年中华人民共和国国务院政府工作报告"
    assert set(first.metadata) == {"year", "url"}
    assert first.text.startswith(
        "各位代表：\n\n我們第一届全國人民代表大會"
    )  # traditional, as written
    assert elapsed < 1.0, f"reading the 3.3 MB corpus took {elapsed:.2f}s"


# --- files, several files, folders --------------------------------------------------------


def test_folders_are_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "a.txt").write_text(HEADING, encoding="gbk")
    (tmp_path / "c.docx").write_bytes(make_docx(with_table=False))
    (tmp_path / "B.html").write_bytes(GOV_PAGE.encode("gbk"))
    (tmp_path / ".hidden.txt").write_text("隐藏", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("隐藏", encoding="utf-8")
    (tmp_path / "~$c.docx").write_bytes(b"\x00lock")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "README").write_text("not a report", encoding="utf-8")
    items = list(iter_documents([tmp_path]))
    assert all(isinstance(i, SourceDocument) for i in items), items
    assert [i.source for i in items] == [
        str(tmp_path / name) for name in ("B.html", "a.txt", "b/z.txt", "c.docx")
    ]
    assert items == list(iter_documents([tmp_path]))


def test_several_paths_keep_their_order_and_their_spelling(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("d").mkdir()
    Path("d/one.txt").write_text(HEADING, encoding="utf-8")
    Path("two.txt").write_text(BODY, encoding="utf-8")
    items = list(iter_documents(["two.txt", "d/", "missing.txt", "./two.txt"]))
    assert [(type(i).__name__, i.source) for i in items] == [
        ("SourceDocument", "two.txt"),
        ("SourceDocument", "d/one.txt"),
        ("DocumentError", "missing.txt"),
        ("SourceDocument", "./two.txt"),
    ]


# --- bad input: one clear line naming the file --------------------------------------------


def truncated_docx() -> bytes:
    data = make_docx()
    return data[: len(data) // 2]


def zip_without_word() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "你好")
    return out.getvalue()


def corrupt_pdf() -> bytes:
    return (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF"
    )


BAD_INPUTS = [
    ("empty.txt", lambda: b"", "empty file"),
    ("blank.txt", lambda: " \r\n\u3000\t\n".encode(), "empty file (only whitespace)"),
    ("blank.jsonl", lambda: b"\n\n", "empty file"),
    ("empty.docx", lambda: b"", "empty file"),
    ("binary.txt", lambda: bytes(range(256)) * 4, "binary file (contains NUL bytes)"),
    (
        "controls.txt",
        lambda: b"\x01\x02\x03\x04abc\x05\x06\x07\x08" * 20,
        "binary file (160 control characters)",
    ),
    ("cut.txt", lambda: REPORT.encode()[:-1], "undecodable bytes: not valid UTF-8 at byte"),
    (
        "damaged.txt",
        lambda: REPORT.encode().replace("法".encode(), b"\xff", 1),
        "undecodable bytes: not valid UTF-8 at byte",
    ),
    ("noise.txt", lambda: bytes([0x80, 0x81, 0xFF, 0xFE, 0xC0]) * 50, "undecodable bytes"),
    (
        "bad-bom.txt",
        lambda: codecs.BOM_UTF8 + b"\xff\xfe\xfd",
        "undecodable bytes: starts with a utf-8 byte order mark",
    ),
    ("truncated.docx", truncated_docx, "truncated or corrupt .docx"),
    ("plain.docx", lambda: REPORT.encode(), "truncated or corrupt .docx"),
    ("other-zip.docx", zip_without_word, "corrupt .docx (a zip, but no Word document in it"),
    (
        "sheet.docx",
        lambda: spreadsheet_in_a_zip(),
        "not a Word document (its content type is "
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml)",
    ),
    ("empty-body.docx", lambda: make_empty_docx(), "empty document (no text in the .docx)"),
    ("scanned.pdf", lambda: make_pdf([[], []]), "no text layer (scanned PDF?): 2 pages"),
    ("corrupt.pdf", corrupt_pdf, "corrupt PDF"),
    ("truncated.pdf", lambda: make_pdf([[HEADING]])[:40], "corrupt PDF"),
    ("plain.pdf", lambda: REPORT.encode(), "corrupt PDF"),
    (
        "old.doc",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        "an old binary Office file",
    ),
    (
        "old.txt",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        "an old binary Office file",
    ),
    ("rich.doc", lambda: b"{\\rtf1\\ansi hello}", "an RTF file, not supported"),
    (
        "nothing.html",
        lambda: b"<html><head><title>t</title></head><body><script>x</script></body></html>",
        "no text in the page",
    ),
    ("binary.jsonl", lambda: b"\x00\x01\x02", "binary file"),
]


def spreadsheet_in_a_zip() -> bytes:
    """A .docx whose content type says it is a spreadsheet, as a renamed .xlsx is."""
    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document", b"spreadsheetml.sheet")
            z.writestr(name, data)
    return out.getvalue()


def make_empty_docx() -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


@pytest.mark.parametrize(("name", "make", "problem"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_one_error_naming_the_file(tmp_path, name, make, problem):
    path = tmp_path / name
    path.write_bytes(make())
    error = read_one(path)
    assert isinstance(error, DocumentError), error
    assert error.source == str(path)
    assert error.problem.startswith(problem), error.problem
    assert "\n" not in str(error)
    assert str(error).startswith(f"{path}: ")


@pytest.mark.parametrize(
    ("make_path", "problem"),
    [
        (lambda tmp: tmp / "missing.txt", "no such file or directory"),
        (lambda tmp: tmp / "missing" / "deeper", "no such file or directory"),
        (
            lambda tmp: _mkdir(tmp / "empty"),
            "no readable document in this folder (.txt, .docx, .pdf, .html, .jsonl)",
        ),
        (
            lambda tmp: _with_files(tmp / "pictures", "a.png", "b.xlsx"),
            "no readable document in this folder (.txt, .docx, .pdf, .html, .jsonl); "
            "2 other files skipped",
        ),
        (lambda tmp: _with_files(tmp / "hidden", ".a.txt"), "no readable document in this folder"),
        (lambda tmp: _symlink(tmp / "dangling.txt", tmp / "gone.txt"), "broken symbolic link"),
    ],
    ids=[
        "missing-file",
        "missing-folder",
        "empty-folder",
        "folder-of-others",
        "only-hidden",
        "dangling-link",
    ],
)
def test_bad_paths(tmp_path, make_path, problem):
    path = make_path(tmp_path)
    error = read_one(path)
    assert isinstance(error, DocumentError)
    assert error.source == str(path)
    assert error.problem.startswith(problem), error.problem


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


def _with_files(folder: Path, *names: str) -> Path:
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes(b"\x89PNG")
    return folder


def _symlink(link: Path, target: Path) -> Path:
    link.symlink_to(target)
    return link


def test_permission_denied_names_the_file(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text(REPORT, encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    # root (as in CI) reads anything, so refuse the read itself
    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert str(read_one(path)) == f"{path}: permission denied"


@pytest.mark.parametrize("locked", ["", "locked"])
def test_a_folder_that_cannot_be_listed_is_one_error(tmp_path, monkeypatch, locked):
    (tmp_path / "a.txt").write_text(HEADING, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(BODY, encoding="utf-8")
    refused = tmp_path / locked if locked else tmp_path
    scandir = os.scandir

    def refuse(path):
        if Path(path) == refused:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    items = [
        (type(i).__name__, str(i) if isinstance(i, DocumentError) else i.source)
        for i in iter_documents([tmp_path])
    ]
    if locked:
        assert items == [
            ("DocumentError", f"{refused}: permission denied"),
            ("SourceDocument", str(tmp_path / "a.txt")),
        ]
    else:
        assert items == [("DocumentError", f"{tmp_path}: permission denied")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_file_on_disk(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(REPORT, encoding="utf-8")
    path.chmod(0)
    assert str(read_one(path)) == f"{path}: permission denied"


def test_errors_do_not_stop_the_other_documents(tmp_path):
    (tmp_path / "1-good.txt").write_text(HEADING, encoding="utf-8")
    (tmp_path / "2-empty.txt").write_bytes(b"")
    (tmp_path / "3-broken.docx").write_bytes(truncated_docx())
    (tmp_path / "4-good.docx").write_bytes(make_docx())
    kinds = [type(i).__name__ for i in iter_documents([tmp_path / "missing", tmp_path])]
    assert kinds == [
        "DocumentError",
        "SourceDocument",
        "DocumentError",
        "DocumentError",
        "SourceDocument",
    ]


def test_extract_command_reports_a_missing_path_and_goes_on(tmp_path):
    from govkg.graph.cli import main

    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="gbk")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main, ["extract", "/nonexistent", str(report), "--format", "jsonl", "-o", str(out)]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "govkg: error: /nonexistent: no such file or directory"
    ]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["document"]["source"] for r in records] == [str(report)]
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- nothing crashes the readers ------------------------------------------------------------

SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm", ".jsonl", ".doc", ".bin", "")
VALID = {".docx": make_docx(), ".txt": REPORT.encode("gbk"), ".html": GOV_PAGE.encode("gbk")}


def _pdf_or_empty() -> bytes:
    try:
        return make_pdf([[HEADING, BODY], [METRIC]])
    except pytest.skip.Exception:
        return b""


VALID[".pdf"] = _pdf_or_empty()

damaged = st.tuples(
    st.sampled_from(sorted(VALID.values())),
    st.integers(0, 40_000),
    st.binary(max_size=3),
    st.booleans(),
).map(lambda p: p[0][: p[1]] if p[3] else p[0][: p[1]] + p[2] + p[0][p[1] + len(p[2]) :])
file_bytes = st.one_of(
    st.binary(max_size=600),
    st.tuples(
        st.sampled_from(
            [b"%PDF-1.4\n", b"PK\x03\x04", codecs.BOM_UTF16_LE, b"<html>", b'{"text": "']
        ),
        st.binary(max_size=300),
    ).map(lambda p: p[0] + p[1]),
    damaged,
)


def check_item(item: object, folder: str) -> None:
    if isinstance(item, DocumentError):
        assert str(item).startswith(folder), item
        assert "\n" not in str(item)
        return
    assert isinstance(item, SourceDocument), item
    assert item.text.strip()
    assert "\r" not in item.text
    assert not item.text.startswith("\ufeff")
    assert item.source.startswith(folder)


@settings(max_examples=300, deadline=None)
@given(data=file_bytes, suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_are_documents_or_errors(data, suffix):
    with tempfile.TemporaryDirectory(prefix="govkg-readers-") as tmp:
        path = Path(tmp) / f"document{suffix}"
        path.write_bytes(data)
        for item in read_file(path):
            check_item(item, tmp)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(max_size=200),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "big5"]),
)
def test_decoded_text_round_trips_when_it_decodes(text, encoding):
    data = text.encode(encoding, errors="replace")
    try:
        decoded, found = decode_text(data, "t.txt")
    except DocumentError as exc:
        assert exc.source == "t.txt"
        return
    if encoding.startswith("utf-8"):
        assert decoded == data.decode("utf-8-sig")  # UTF-8 is never mistaken for anything else
    assert isinstance(found, str)
