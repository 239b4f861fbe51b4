"""Reads documents (txt, docx, pdf, html, jsonl) from files and folders into decoded text.

The text of a document is what every offset indexes: the decoded characters with the byte
order mark removed and ``\\r\\n`` / ``\\r`` turned into ``\\n``, nothing else changed. Each
failure is a :class:`DocumentError` naming the file and the problem, yielded in the place of
the document so that the other documents are still read.
"""

from __future__ import annotations

import codecs
import io
import json
import logging
import os
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .errors import DocumentError
from .model import SourceDocument

#: Suffixes a folder scan reads; ``.doc`` and ``.wps`` are listed so that a folder of old
#: Office files says why they were not read instead of saying nothing.
FOLDER_SUFFIXES = frozenset(
    {".txt", ".text", ".docx", ".doc", ".wps", ".pdf", ".html", ".htm", ".shtml", ".xhtml",
     ".jsonl"}
)
_KINDS = ".txt, .docx, .pdf, .html, .jsonl"
_HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml"})

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: What the charset detector may answer: the encodings Chinese documents are written in.
_CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]
#: Control characters that do not occur in text (everything below U+0020 but tab, newlines,
#: vertical tab and form feed, plus DEL).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
#: Characters outside what reports are written in: ASCII, Latin-1, general punctuation,
#: CJK symbols, CJK ideographs and full-width forms.
_NOT_REPORT_TEXT = re.compile(
    "[^\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2160-\u217f\u2460-\u24ff"
    "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_SEGMENT_BREAK = re.compile(f"(?<=[{_CJK}])[ \t]*\r?\n[ \t\r\n]*(?=[{_CJK}])")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def clean_text(text: str) -> str:
    r"""The text as offsets index it: BOM removed, line endings as ``\n``.

    >>> clean_text("\ufeff一、总体情况\r\n（一）\r完成")
    '一、总体情况\n（一）\n完成'
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(raw: bytes, source: str) -> tuple[str, str]:
    """The characters of ``raw`` and the name of the encoding they were detected in.

    Strict UTF-8 is tried first (by far the most common), then a byte order mark, UTF-16
    without one, GB18030 and what the charset detector finds. Bytes that are no text raise
    :class:`DocumentError`.

    >>> decode_text("民政局".encode("gbk"), "a.txt")
    ('民政局', 'gb18030')
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DocumentError(
                    source, f"undecodable bytes: starts with a {encoding} byte order mark but "
                    f"byte {exc.start + len(bom)} is not {encoding}") from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if b"\x00" in raw:
        utf16 = _utf16_without_bom(raw)
        if utf16 is None:
            raise DocumentError(source, "binary file (contains NUL bytes), not text")
        return raw.decode(utf16), utf16
    if _mostly_utf8(raw):
        raise DocumentError(
            source, f"undecodable bytes: not valid UTF-8 at byte {utf8_error.start} "
            f"({utf8_error.reason}); the file is UTF-8 elsewhere, so it is truncated or corrupt")
    gb = _gb_text(raw)
    if gb is not None:
        return gb, "gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=_CANDIDATES).best()
    if best is None or best.encoding is None:
        raise DocumentError(
            source, "undecodable bytes: not text in UTF-8, GB18030, Big5 or UTF-16")
    return str(best), best.encoding.replace("_", "-")


def _utf16_without_bom(raw: bytes) -> str | None:
    # Chinese text in UTF-16 read in its own byte order is CJK characters, CJK punctuation
    # and ASCII; read in the other order, or binary data read as UTF-16, it is mostly
    # characters no report uses.
    if len(raw) % 2:
        return None
    best, best_share = None, 0.9
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = 1 - len(_NOT_REPORT_TEXT.findall(text)) / len(text)
        if share > best_share and not _CONTROL.search(text):
            best, best_share = encoding, share
    return best


def _mostly_utf8(raw: bytes) -> bool:
    # A UTF-8 file with a few bad bytes (cut off, damaged) must not be read as GB18030
    # mojibake: its non-ASCII bytes still form many valid UTF-8 characters. GBK text forms
    # almost none.
    lossy = raw.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd") - raw.count("\ufffd".encode())
    non_ascii = len(lossy) - len(lossy.encode("ascii", errors="ignore"))
    good = non_ascii - bad
    return good >= 8 and good >= 8 * bad


def _gb_text(raw: bytes) -> str | None:
    # GB18030 text from mainland sources is almost entirely GB2312 characters; Big5 bytes
    # read as GB18030 give many characters outside it, and go to the detector instead.
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    ascii_count = len(text.encode("ascii", errors="ignore"))
    non_ascii = len(text) - ascii_count
    if not non_ascii or _CONTROL.search(text):
        return None
    in_gb2312 = (len(text.encode("gb2312", errors="ignore")) - ascii_count) // 2
    if non_ascii - in_gb2312 > 0.05 * non_ascii:
        return None
    return text


def _say(exc: BaseException) -> str:
    """A library's exception message on one line."""
    return " ".join(str(exc).split()) or type(exc).__name__


def _check_text(text: str, source: str) -> str:
    if not text.strip():
        raise DocumentError(source, "empty file" if not text else "empty file (only whitespace)")
    controls = len(_CONTROL.findall(text))
    if controls and controls > 0.01 * len(text):
        raise DocumentError(source, f"binary file ({controls} control characters), not text")
    return text


# Readers: bytes of one file in, documents (or errors for parts of it) out. A problem with
# the whole file raises DocumentError.

Reader = Callable[[bytes, str, Path], Iterator["SourceDocument | DocumentError"]]


def _read_txt(raw: bytes, source: str, path: Path) -> Iterator[SourceDocument | DocumentError]:
    if not raw:
        raise DocumentError(source, "empty file")
    text, _ = decode_text(raw, source)
    yield SourceDocument(source, _check_text(clean_text(text), source), path.stem, "txt")


def _read_docx(raw: bytes, source: str, path: Path) -> Iterator[SourceDocument | DocumentError]:
    import docx
    from docx.opc.exceptions import OpcError
    from lxml import etree  # type: ignore[import-untyped]

    if not raw:
        raise DocumentError(source, "empty file")
    try:
        document = docx.Document(io.BytesIO(raw))
        lines = list(_docx_lines(document.element.body, _Numbering(document)))
        title = (document.core_properties.title or "").strip()
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise DocumentError(
            source, f"truncated or corrupt .docx (not a readable zip: {_say(exc)})") from None
    except (OpcError, KeyError) as exc:
        raise DocumentError(
            source, f"corrupt .docx (a zip, but no Word document in it: {_say(exc)})") from None
    except etree.XMLSyntaxError as exc:
        raise DocumentError(source, f"corrupt .docx (broken XML: {_say(exc)})") from None
    except ValueError as exc:
        # python-docx's content-type check: another Office file (.xlsx, .pptx) in a zip
        kind = re.search(r"content type is '([^']+)'", str(exc))
        if kind:
            raise DocumentError(
                source, f"not a Word document (its content type is {kind.group(1)})") from None
        raise DocumentError(source, f"unreadable .docx: {_say(exc)}") from None
    except (NotImplementedError, RuntimeError) as exc:
        # zip members compressed with a method zipfile lacks, or encrypted
        raise DocumentError(source, f"unreadable .docx: {_say(exc)}") from None
    text = clean_text("\n".join(lines))
    if not text.strip():
        raise DocumentError(source, "empty document (no text in the .docx)")
    yield SourceDocument(source, text, title or path.stem, "docx")


def _docx_lines(container: Any, numbering: _Numbering) -> Iterator[str]:
    """Paragraphs and tables in body order: a paragraph a line, a table row a line."""
    for child in container.iterchildren():
        if child.tag == _W + "p":
            # Runs anywhere python-docx's Paragraph.text looks, and also inside tracked
            # insertions, smart tags and simple fields, which it skips.
            yield numbering.label(child) + "".join(r.text for r in child.xpath(_RUNS))
        elif child.tag == _W + "tbl":
            for row in child.iterchildren(_W + "tr"):
                # Each w:tc once: merged cells are one element, so nothing is repeated.
                cells = ["\n".join(_docx_lines(cell, numbering))
                         for cell in row.iterchildren(_W + "tc")]
                yield "\t".join(cells)
        elif child.tag == _W + "sdt":
            body = child.find(_W + "sdtContent")
            if body is not None:
                yield from _docx_lines(body, numbering)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _Numbering:
    """Word's automatic list numbers (一、 （一） 1.), which a .docx keeps apart from the text.

    Reports number their headings this way as often as by hand; without the numbers the
    text loses the headings its sections are found by. Counters run per abstract list, as
    in Word, and a deeper level restarts when a shallower one counts on.
    """

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str, str]]] = {}
        self.instances: dict[str, tuple[str, dict[int, int]]] = {}
        self.styles: dict[str, tuple[str | None, int | None, str | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, ValueError):
            root = None
        if root is not None:
            self._read_definitions(root)
        try:
            styles = document.styles.element
        except (KeyError, NotImplementedError, ValueError):
            styles = None
        if styles is not None:
            for style in styles.iterchildren(_W + "style"):
                num_id, ilvl = _num_pr(style.find(_W + "pPr"))
                based = style.find(_W + "basedOn")
                self.styles[style.get(_W + "styleId", "")] = (
                    num_id, ilvl, based.get(_W + "val") if based is not None else None)

    def _read_definitions(self, root: Any) -> None:
        for abstract in root.iterchildren(_W + "abstractNum"):
            levels = self.levels.setdefault(abstract.get(_W + "abstractNumId", ""), {})
            for lvl in abstract.iterchildren(_W + "lvl"):
                ilvl = _int(lvl.get(_W + "ilvl"))
                if ilvl is None:
                    continue
                levels[ilvl] = (
                    _int(_val(lvl, "start")) or 0,
                    _val(lvl, "numFmt") or "decimal",
                    _val(lvl, "lvlText") or "",
                    _val(lvl, "suff") or "tab",
                )
        for num in root.iterchildren(_W + "num"):
            overrides = {}
            for override in num.iterchildren(_W + "lvlOverride"):
                ilvl, start = _int(override.get(_W + "ilvl")), _int(_val(override, "startOverride"))
                if ilvl is not None and start is not None:
                    overrides[ilvl] = start
            abstract = _val(num, "abstractNumId") or ""
            self.instances[num.get(_W + "numId", "")] = (abstract, overrides)

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            num_id, ilvl, style_id_next = self.styles[style_id]
            if num_id is not None:
                return num_id, ilvl
            style_id = style_id_next
        return None, None

    def label(self, paragraph: Any) -> str:
        """The number Word shows before ``paragraph``, counting it; "" for none or a bullet."""
        if not self.instances:
            return ""
        ppr = paragraph.find(_W + "pPr")
        num_id, ilvl = _num_pr(ppr)
        style = ppr.find(_W + "pStyle") if ppr is not None else None
        if num_id is None or ilvl is None:
            style_num, style_ilvl = self._style_numbering(
                style.get(_W + "val") if style is not None else None)
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0" or num_id not in self.instances:
            return ""
        ilvl = ilvl or 0
        abstract, overrides = self.instances[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                counters[level] = start - 1
        start, fmt, text, suffix = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        if fmt in ("bullet", "none"):
            return ""

        def number(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            level_start, level_fmt = levels.get(level, (1, "decimal", "", ""))[:2]
            return _format_number(counters.get(level, level_start), level_fmt)

        label = re.sub(r"%([1-9])", number, text)
        # Chinese labels end in their own punctuation (一、 （一） 1.); a word-like label
        # (第一章) is set off from the heading by the tab or space Word puts after it.
        if suffix != "nothing" and label and not label.endswith(tuple("、.．)）:：")):
            label += " "
        return label


def _val(element: Any, name: str) -> str | None:
    child = element.find(_W + name)
    return child.get(_W + "val") if child is not None else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _num_pr(ppr: Any) -> tuple[str | None, int | None]:
    num_pr = ppr.find(_W + "numPr") if ppr is not None else None
    if num_pr is None:
        return None, None
    return _val(num_pr, "numId"), _int(_val(num_pr, "ilvl"))


_DIGITS = "零一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def _format_number(n: int, fmt: str) -> str:
    """``n`` as Word writes it in the list number format ``fmt``.

    >>> [_format_number(n, "chineseCounting") for n in (1, 10, 12, 20, 105)]
    ['一', '十', '十二', '二十', '一百零五']
    >>> _format_number(3, "decimalEnclosedCircle"), _format_number(2, "ideographTraditional")
    ('③', '乙')
    """
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "japaneseCounting"):
        return _chinese_number(n, _DIGITS, "十百千")
    if fmt == "chineseLegalSimplified":
        return _chinese_number(n, _LEGAL_DIGITS, "拾佰仟")
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= 12:
        return "子丑寅卯辰巳午未申酉戌亥"[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 4000:
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _chinese_number(n: int, digits: str, units: str) -> str:
    if not 0 < n < 10000:
        return str(n)
    out = ""
    zero = False
    for power in (3, 2, 1, 0):
        d = n // 10**power % 10
        if d:
            if zero:
                out += digits[0]
            # ten to nineteen read 十, 十一… not 一十
            if not (power == 1 and d == 1 and not out):
                out += digits[d]
            out += units[power - 1] if power else ""
            zero = False
        elif out:
            zero = True
    return out


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


_RUNS = "w:r | w:hyperlink | w:ins/w:r | w:smartTag/w:r | w:fldSimple/w:r"


#: What PDF writers put as a title when the document has none: "untitled", or the name of
#: the file the PDF was printed from ("Microsoft Word - 述职报告.docx").
_PDF_NO_TITLE = re.compile(r"(?i)^(?:untitled|无标题|microsoft word - .*|.*\.(?:docx?|wps|txt))$")


def _read_pdf(raw: bytes, source: str, path: Path) -> Iterator[SourceDocument | DocumentError]:
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    if not raw:
        raise DocumentError(source, "empty file")
    _quiet_pypdf()
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(source, "encrypted PDF (needs a password)")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
        title = meta.title if meta is not None and isinstance(meta.title, str) else ""
        title = _PDF_NO_TITLE.sub("", title.strip())
    except (DependencyError, FileNotDecryptedError, NotImplementedError) as exc:
        raise DocumentError(source, f"encrypted PDF that cannot be opened: {_say(exc)}") from None
    except (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError,
            AssertionError, ZeroDivisionError, OverflowError, RecursionError, zlib.error,
            UnicodeError, LookupError, EOFError) as exc:
        # pypdf meets damaged files with whatever its parser trips on, not one exception.
        raise DocumentError(source, f"corrupt PDF ({type(exc).__name__}: {_say(exc)})") from None
    text = reflow_pdf_pages([clean_text(page) for page in pages])
    if not text.strip():
        raise DocumentError(source, f"no text layer (scanned PDF?): {len(pages)} pages, no text")
    yield SourceDocument(source, text, title.strip() or path.stem, "pdf")


#: A line that is only a page number: "- 3 -", "— 3 —", "3", "第3页", "第 3 页 共 12 页", "3/12".
_PAGE_NUMBER = re.compile(
    r"[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d{1,4}\s*页(?:[\s，,/]*共\s*\d{1,4}\s*页)?"
    r"|\s*\d{1,4}\s*/\s*\d{1,4}\s*")
#: A line starting a heading (一、 （一） 一是 1. 第一章) starts a paragraph whatever the
#: line before it.
_HEADING_START = re.compile(
    r"[一二三四五六七八九十百]+[、是]|[（(][一二三四五六七八九十百\d]+[）)]|\d{1,2}[.．、](?!\d)"
    r"|第[一二三四五六七八九十百\d]+[章节部篇条]")
_SENTENCE_END = re.compile(r"[。！？；：.!?][”’」』）)]*$")
#: Punctuation a Chinese layout never puts at a line's start: such a line continues.
_NEVER_STARTS_A_LINE = tuple("，。、；：！？）》」』”’%,;:!?)")
_PDF_SPACE = " \t\u3000\xa0"


def reflow_pdf_pages(pages: list[str]) -> str:
    r"""The text of a PDF's pages with the lines its layout wrapped joined back into paragraphs.

    A PDF's text layer breaks a paragraph wherever the page was full. A line that reaches
    the text's full width continues on the next line, unless that one starts a heading or
    is indented; page numbers at the top or bottom of a page are dropped. Widths count a
    CJK or full-width character as two.

    >>> page1 = "- 1 -\n一、总体情况\n在区委、区政府的坚强领导和区人大、政协特别是人大常委"
    >>> page2 = "会的监督指导下，完成任务。\n 二是加强普法守法。\n- 2 -"
    >>> print(reflow_pdf_pages([page1, page2]))
    一、总体情况
    在区委、区政府的坚强领导和区人大、政协特别是人大常委会的监督指导下，完成任务。
    二是加强普法守法。
    """
    lines: list[tuple[str, bool]] = []  # each line stripped, and whether it was indented
    for page in pages:
        page_lines = page.split("\n")
        while page_lines and not page_lines[-1].strip():
            page_lines.pop()
        for edge in (0, -1, 0, -1):  # a header or footer line each, at most two per edge
            if page_lines and _PAGE_NUMBER.fullmatch(page_lines[edge]):
                page_lines.pop(edge)
        for line in page_lines:
            stripped = line.strip(_PDF_SPACE)
            lines.append((stripped, stripped != line.rstrip(_PDF_SPACE)))
    widths = sorted((_width(line) for line, _ in lines if line), reverse=True)
    # The full width: that of the longest lines, leaving out the few that a table row or an
    # odd line makes longer still. The slack allows for lines the layout ended early (to
    # keep punctuation off the next line's start, or half-width characters set wider); a
    # short line that ends a sentence ends its paragraph.
    widest = widths[len(widths) // 10] if len(widths) >= 3 else 0
    full = widest - max(4, widest // 10)
    out: list[str] = []
    wrapped = False
    for line, indented in lines:
        continues = line.startswith(_NEVER_STARTS_A_LINE) or (
            wrapped and not indented and not _HEADING_START.match(line))
        if out and out[-1] and line and continues:
            previous = out[-1]
            ascii_words = previous[-1].isascii() and previous[-1].isalnum() \
                and line[0].isascii() and line[0].isalnum()
            out[-1] = previous + (" " if ascii_words else "") + line
        else:
            out.append(line)
        # an indented first line is shorter by its indentation, two characters
        width = _width(line) + (4 if indented else 0)
        wrapped = bool(line) and full > 20 and width >= full and not (
            width < widest - 2 and _SENTENCE_END.search(line))
    return "\n".join(out)


def _width(line: str) -> int:
    # Ambiguous-width characters (“ ” ‘ ’ … —) are full-width in a Chinese font.
    return len(line) + sum(1 for ch in line if unicodedata.east_asian_width(ch) in "WFA")


def _quiet_pypdf() -> None:
    # pypdf logs each repair of a damaged file as a warning; with no handler configured,
    # Python prints those on stderr beside govkg's own error line. A NullHandler stops that
    # and still lets an application that configures logging see them.
    pypdf_logger = logging.getLogger("pypdf")
    if not any(isinstance(h, logging.NullHandler) for h in pypdf_logger.handlers):
        pypdf_logger.addHandler(logging.NullHandler())


def _read_html(raw: bytes, source: str, path: Path) -> Iterator[SourceDocument | DocumentError]:
    if not raw.strip():
        raise DocumentError(source, "empty file")
    # A line break in the source between two Chinese characters renders as nothing (CSS
    # Text 3, segment break transformation), not as the space an HTML parser makes of it.
    markup = _CJK_SEGMENT_BREAK.sub("", _decode_html(raw, source))
    tree = _parse_html(markup)
    if tree is None:
        raise DocumentError(source, "no HTML in the file")
    title = _html_title(tree)
    text = _main_text(markup) or _plain_text(tree)
    text = clean_text(text)
    if not text.strip():
        raise DocumentError(source, "no text in the page")
    yield SourceDocument(source, text, title or path.stem, "html")


def _decode_html(raw: bytes, source: str) -> str:
    declared = _META_CHARSET.search(raw[:4096])
    if declared and not raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = declared.group(1).decode("ascii").lower()
        if name in {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936"}:
            name = "gb18030"  # pages say gb2312 and use GBK characters
        try:
            return raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: detect from the bytes instead
    text, _ = decode_text(raw, source)
    return text


def _parse_html(markup: str) -> Any:
    import lxml.html  # type: ignore[import-untyped]
    from lxml import etree  # type: ignore[import-untyped]

    try:
        return lxml.html.document_fromstring(_XML_DECL.sub("", markup, count=1))
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _html_title(tree: Any) -> str:
    def text_of(el: Any) -> str:
        return " ".join(el.text_content().split())

    title = next((text_of(t) for t in tree.iter("title")), "")
    headings = [h for h in (text_of(h) for h in tree.iter("h1", "h2", "h3")) if h]
    # Government pages title a page "<article>_<site>", head the article with an h1 (or h2)
    # and often put the site's name in an h1 too: the longest heading the title contains is
    # the article's.
    inside = [h for h in headings if h in title]
    if inside:
        return max(inside, key=len)
    h1 = [h for h in (text_of(h) for h in tree.iter("h1")) if h]
    return title or (h1[0] if h1 else "")


def _main_text(markup: str) -> str:
    import trafilatura

    try:
        # favor_precision keeps menus out of short pages, where the default lets them in
        text = trafilatura.extract(markup, output_format="txt", include_tables=True,
                                   include_comments=False, include_images=False,
                                   favor_precision=True)
    except (ValueError, TypeError, AttributeError, IndexError, RecursionError):
        return ""
    return text or ""


_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
         "select", "iframe", "svg", "button")
_BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
                     "article", "table", "ul", "ol", "dl", "dt", "dd", "pre", "blockquote",
                     "td", "th", "hr", "main"})


def _plain_text(tree: Any) -> str:
    """Every visible line of the page, when trafilatura finds no main text (short pages)."""
    body = tree.find("body")
    root = body if body is not None else tree
    for el in list(root.iter(*_DROP)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _read_jsonl(raw: bytes, source: str, path: Path) -> Iterator[SourceDocument | DocumentError]:
    if not raw.strip():
        raise DocumentError(source, "empty file")
    content, _ = decode_text(raw, source)
    content = content.removeprefix("\ufeff")
    controls = len(_CONTROL.findall(content))
    if controls > 0.01 * len(content):
        raise DocumentError(source, f"binary file ({controls} control characters), not text")
    # Split on "\n" only: str.splitlines would also cut at U+2028 inside JSON strings.
    for lineno, line in enumerate(content.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{source}#{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield DocumentError(
                where, f"line {lineno} is not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield DocumentError(where, f"line {lineno} is JSON nested too deeply")
            continue
        if not isinstance(obj, dict):
            kind = type(obj).__name__
            yield DocumentError(
                where, f"line {lineno} is a JSON {kind}, not an object with a \"text\" field")
            continue
        text = obj.get("text")
        if not isinstance(text, str):
            problem = ("no \"text\" field" if "text" not in obj
                       else f"\"text\" is a {type(text).__name__}, not a string")
            yield DocumentError(where, f"line {lineno} has {problem}")
            continue
        text = clean_text(text)
        if not text.strip():
            yield DocumentError(where, f"line {lineno} has an empty \"text\"")
            continue
        metadata = {k: v for k, v in obj.items() if k != "text"}
        title = metadata.pop("title") if isinstance(metadata.get("title"), str) else ""
        yield SourceDocument(where, text, title, "jsonl", metadata)


READERS: dict[str, Reader] = {
    ".txt": _read_txt,
    ".text": _read_txt,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
    ".jsonl": _read_jsonl,
    **{suffix: _read_html for suffix in _HTML_SUFFIXES},
}


def _reader_for(path: Path, head: bytes) -> Reader:
    """The reader by suffix, or for text and unknown suffixes by what the bytes start with."""
    suffix = path.suffix.lower()
    if suffix in (".txt", ".text", ".doc", ".wps") or suffix not in READERS:
        if head.startswith(b"%PDF-"):
            return _read_pdf
        if head.startswith(b"PK\x03\x04"):
            return _read_docx
        if head.startswith(_OLE_MAGIC):
            return _read_ole
        if suffix not in READERS and _HTML_START.match(head):
            return _read_html
        if head.startswith(b"{\\rtf"):
            return _read_rtf
    return READERS.get(suffix, _read_txt)


def _read_ole(raw: bytes, source: str, path: Path) -> Iterator[SourceDocument | DocumentError]:
    raise DocumentError(source, "an old binary Office file (.doc/.wps/.xls), not supported: "
                                "save it as .docx")
    yield  # pragma: no cover - makes this a generator like the other readers


def _read_rtf(raw: bytes, source: str, path: Path) -> Iterator[SourceDocument | DocumentError]:
    raise DocumentError(source, "an RTF file, not supported: save it as .docx or .txt")
    yield  # pragma: no cover - makes this a generator like the other readers


def read_file(
    path: str | Path, source: str | None = None
) -> Iterator[SourceDocument | DocumentError]:
    """The documents of one file (several for a .jsonl corpus), or an error for each failure."""
    path = Path(path)
    source = str(path) if source is None else source
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        yield DocumentError(source, "no such file or directory")
        return
    except PermissionError:
        yield DocumentError(source, "permission denied")
        return
    except IsADirectoryError:
        yield DocumentError(source, "is a directory")
        return
    except OSError as exc:
        yield DocumentError(source, f"cannot read: {exc.strerror or exc}")
        return
    reader = _reader_for(path, raw[:1024])
    try:
        yield from reader(raw, source, path)
    except DocumentError as exc:
        yield exc


def _is_hidden(name: str) -> bool:
    # Dot files, Word's "~$" lock files and the resource forks macOS zips leave behind.
    return name.startswith((".", "~$")) or name == "__MACOSX"


def _folder_files(folder: Path) -> tuple[list[Path], int, list[DocumentError]]:
    """The readable files under ``folder`` in sorted order, how many others, unreadable dirs."""
    found: list[tuple[tuple[str, ...], Path]] = []
    skipped = 0
    errors: list[DocumentError] = []

    def on_error(exc: OSError) -> None:
        where = exc.filename if exc.filename else folder
        problem = ("permission denied" if isinstance(exc, PermissionError)
                   else f"cannot list: {exc.strerror}")
        errors.append(DocumentError(str(where), problem))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if not _is_hidden(d))
        base = Path(dirpath)
        for name in filenames:
            if _is_hidden(name):
                continue
            f = base / name
            if Path(name).suffix.lower() in FOLDER_SUFFIXES:
                found.append((f.relative_to(folder).parts, f))
            else:
                skipped += 1
    found.sort(key=lambda item: item[0])
    errors.sort(key=str)
    return [f for _, f in found], skipped, errors


def iter_documents(paths: Sequence[str | Path]) -> Iterator[SourceDocument | DocumentError]:
    """Every document under ``paths`` (files or folders, recursively), or an error for each failure.

    Folders are read in sorted order, hidden files and folders skipped; a document's
    ``source`` is the path as given (for a file found in a folder, the folder as given joined
    with the file's path under it; for a line of a .jsonl corpus, ``path#line``).
    """
    for given in paths:
        yield from _iter_one(given)


def _iter_one(given: str | Path) -> Iterable[SourceDocument | DocumentError]:
    p = Path(given)
    try:
        is_dir = p.is_dir()
        exists = is_dir or p.exists()
        is_file = not is_dir and p.is_file()
    except OSError as exc:  # a path too long, a loop of links
        return [DocumentError(str(given), f"cannot access: {exc.strerror or exc}")]
    if not exists:
        problem = "broken symbolic link" if p.is_symlink() else "no such file or directory"
        return [DocumentError(str(given), problem)]
    if is_file:
        return read_file(p, str(given))
    if not is_dir:
        return [DocumentError(str(given), "not a regular file or folder")]
    return _iter_folder(p, str(given))


def _iter_folder(folder: Path, given: str) -> Iterator[SourceDocument | DocumentError]:
    files, skipped, errors = _folder_files(folder)
    yield from errors
    for f in files:
        yield from read_file(f, str(f))
    if not files and not errors:
        others = f"; {skipped} other files skipped" if skipped else ""
        yield DocumentError(given, f"no readable document in this folder ({_KINDS}){others}")


def estimate_documents(paths: Sequence[str | Path]) -> int:
    """How many documents ``iter_documents(paths)`` will yield, counted cheaply (for progress).

    A .jsonl file counts its non-blank lines; any other readable file counts one. Nothing is
    decoded, so the figure can be off for files that turn out unreadable.
    """
    total = 0
    for given in paths:
        p = Path(given)
        try:
            files = _folder_files(p)[0] if p.is_dir() else [p] if p.is_file() else []
        except OSError:
            continue
        for f in files:
            if f.suffix.lower() == ".jsonl":
                try:
                    with f.open("rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except OSError:
                    continue
            else:
                total += 1
    return total
