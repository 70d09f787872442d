"""Document readers: every supported format, broken files and their reasons, offsets, encodings.

All fixture files are made here, in ``tmp_path``: PDFs with reportlab (CJK via the CID font
STSong-Light, which pdfminer maps back to Unicode), Word files with python-docx.
"""

from __future__ import annotations

import doctest
import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from innograph.loaders import readers as readers_module
from innograph.loaders.readers import SUPPORTED_SUFFIXES, UnreadableDocument, decode_text, read_document

PARAGRAPH_1 = "苏州工业园区管理委员会与山东大学签署战略合作协议。"
PARAGRAPH_2 = "双方将共建山东大学苏州研究院，推动科技成果转化！"
TEXT_ZH = (
    "苏州市众创空间第一季度季报\n\n二〇二一年三月\n\n"
    "一、品牌活动\n"
    f"{PARAGRAPH_1}{PARAGRAPH_2}\n"
)


def assert_offsets(doc):
    assert doc.sentences, "no sentences"
    for i, s in enumerate(doc.sentences):
        assert s.index == i
        assert doc.text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text


def reason_of(path) -> str:
    with pytest.raises(UnreadableDocument) as info:
        read_document(path)
    assert info.value.path == str(path)
    assert str(info.value) == f"{path}: {info.value.reason}"
    assert "\n" not in info.value.reason and "Traceback" not in info.value.reason
    return info.value.reason


def test_docstring_examples_hold():
    result = doctest.testmod(readers_module)
    assert result.attempted >= 3
    assert result.failed == 0


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm"}


# --------------------------------------------------------------------------- plain text


def test_utf8_txt(tmp_path):
    path = tmp_path / "000_report.txt"
    path.write_text(TEXT_ZH, encoding="utf-8")
    doc = read_document(path)
    assert doc.id == "doc:000_report"
    assert doc.path == str(path)
    assert doc.format == "txt"
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.title == "苏州市众创空间第一季度季报"
    assert doc.date == "2021-03"
    assert PARAGRAPH_1 in [s.text for s in doc.sentences]
    assert PARAGRAPH_2 in [s.text for s in doc.sentences]
    assert "一、品牌活动" in [s.text for s in doc.sentences]
    assert_offsets(doc)


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "gb2312"])
def test_legacy_chinese_encoding_without_any_hint(tmp_path, codec):
    path = tmp_path / f"{codec}.txt"
    # GB2312 has no 〇; documents in it write 零.
    text = TEXT_ZH.replace("〇", "零") if codec == "gb2312" else TEXT_ZH
    path.write_bytes(text.encode(codec))
    doc = read_document(path)
    assert PARAGRAPH_1 in doc.text and PARAGRAPH_2 in doc.text
    assert doc.date == "2021-03"
    assert_offsets(doc)


def test_gb18030_only_characters(tmp_path):
    # U+3400 (CJK extension A) and the euro sign exist in GB18030 but not in GBK.
    text = "扩展汉字㐀出现在苏州工业园区的文件里，价格为€100。" * 3
    path = tmp_path / "gb18030.txt"
    path.write_bytes(text.encode("gb18030"))
    assert read_document(path).text == text


def test_short_gbk_text(tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes("苏州工业园区".encode("gbk"))
    assert read_document(path).text == "苏州工业园区"


def test_big5_text(tmp_path):
    text = "蘇州工業園區與山東大學簽署合作協議，雙方將共建研究院。" * 2
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    assert read_document(path).text == text


def test_utf8_with_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT_ZH.encode("utf-8"))
    doc = read_document(path)
    assert not doc.text.startswith("\ufeff")
    assert doc.title == "苏州市众创空间第一季度季报"
    assert PARAGRAPH_1 in doc.text


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(TEXT_ZH.encode("utf-16"))
    assert PARAGRAPH_1 in read_document(path).text


def test_mixed_utf8_and_gbk_lines(tmp_path):
    good = "第一行是UTF-8编码的苏州工业园区简介。\n"
    gbk_line = "第二行却是GBK编码的山东大学合作新闻。\n"
    path = tmp_path / "mixed.txt"
    path.write_bytes((good * 5).encode("utf-8") + gbk_line.encode("gbk") + good.encode("utf-8"))
    doc = read_document(path)
    assert "第二行却是GBK编码的山东大学合作新闻。" in doc.text
    assert doc.text.count("第一行是UTF-8编码的苏州工业园区简介。") == 6
    assert "\ufffd" not in doc.text


def test_line_breaks_are_repaired_in_txt(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "二、品牌活动：“创客天堂”·创客大赛\n"
        "1月13日，由苏州市众创空间协会主办的“创客天堂”2020苏州创客大赛总决赛成功举办！经过评选，共有20个优质\n"
        "项目进入总决赛。\n",
        encoding="utf-8",
    )
    texts = [s.text for s in read_document(path).sentences]
    assert texts[0] == "二、品牌活动：“创客天堂”·创客大赛"
    assert "经过评选，共有20个优质项目进入总决赛。" in texts


def test_binary_file_named_txt(tmp_path):
    path = tmp_path / "binary.txt"
    path.write_bytes(bytes(range(256)) * 50)
    assert reason_of(path).startswith("not a text file: binary content")


def test_control_characters_without_nul(tmp_path):
    path = tmp_path / "controls.txt"
    path.write_bytes(b"\x01\x02\x03\x04\x05\x06abc\x07\x08\x0e\x0f" * 100)
    assert reason_of(path).startswith("not a text file")


def test_png_named_txt(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assert "binary content" in reason_of(path)


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \r\n", b"\xef\xbb\xbf", "\u200b\u200b\n".encode()])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert reason_of(path) == "empty file"


def test_missing_file_and_unsupported_format(tmp_path):
    assert reason_of(tmp_path / "nope.txt") == "no such file"
    other = tmp_path / "table.xyz"
    other.write_text("x")
    assert reason_of(other) == "unsupported format .xyz"


def test_decode_text_reports_binary():
    with pytest.raises(ValueError, match="binary"):
        decode_text(b"\x00\x01\x02" * 100)


def test_large_text_file_memory(tmp_path):
    """A 20 MB file is read in a child process whose peak memory stays a few times the file size."""
    unit = ("苏州工业园区管理委员会与山东大学签署战略合作协议，双方将共建研究院；推动科技成果转化。\n"
            "加快实施创新驱动发展战略，引导我市科技创业孵化载体健康可\n持续发展，根据有关规定发布通知。\n\n")
    path = tmp_path / "big.txt"
    data = (unit * (20_000_000 // len(unit.encode()))).encode("utf-8")
    path.write_bytes(data)
    size_mb = len(data) / 1e6
    script = textwrap.dedent(f"""
        import resource, sys
        from innograph.loaders.readers import read_document
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        doc = read_document({str(path)!r})
        assert len(doc.sentences) > 100000, len(doc.sentences)
        assert "有关规定发布通知" in doc.text
        print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    grown_mb = float(result.stdout.strip())
    assert grown_mb < 8 * size_mb, f"{grown_mb:.0f} MB for a {size_mb:.0f} MB file"


# --------------------------------------------------------------------------- markdown


def test_markdown(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(
        "# 苏州市众创空间协会\n\n"
        "## 第一章 政策动态\n\n"
        "**苏州工业园区**管理委员会与[山东大学](https://www.sdu.edu.cn)签署*战略*合作协议。\n\n"
        "- 第一项：共建`研究院`。\n"
        "> 引用的文字。\n\n"
        "```\ncode block line\n```\n\n"
        "| 序号 | 单位 |\n|:---|---:|\n| 1 | 苏州大学 |\n\n"
        "![园区照片](img/park.png)\n\n"
        "---\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert doc.format == "md"
    assert doc.title == "苏州市众创空间协会"
    lines = doc.text.split("\n")
    assert "苏州工业园区管理委员会与山东大学签署战略合作协议。" in lines
    assert "第一章政策动态" in lines   # normalize_text drops spaces between CJK characters
    assert "第一项：共建研究院。" in lines
    assert "引用的文字。" in lines
    assert "序号\t单位" in lines and "1\t苏州大学" in lines
    assert "code block line" in lines
    assert "园区照片" in lines
    for junk in ("#", "**", "](", "https://", "```", "|", "---", "`"):
        assert junk not in doc.text, junk
    assert_offsets(doc)


def test_markdown_suffix_variant(tmp_path):
    path = tmp_path / "notes.markdown"
    path.write_text("# 标题\n\n正文一句。", encoding="utf-8")
    assert read_document(path).format == "md"


# --------------------------------------------------------------------------- docx


def make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("苏州工业园区合作新闻", level=1)
    document.add_paragraph(PARAGRAPH_1)
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([("序号", "地区", "单位"), ("1", "常熟市", "苏州红森软件有限公司"), ("2", "太仓市", "赛业生物")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph(PARAGRAPH_2)
    document.add_paragraph("2021年7月6日")
    document.save(path)


def test_docx_paragraphs_and_tables_in_body_order(tmp_path):
    path = tmp_path / "news.docx"
    make_docx(path)
    doc = read_document(path)
    assert doc.format == "docx"
    assert doc.title == "苏州工业园区合作新闻"
    lines = [line for line in doc.text.split("\n") if line]
    assert lines == [
        "苏州工业园区合作新闻",
        PARAGRAPH_1,
        "序号\t地区\t单位",
        "1\t常熟市\t苏州红森软件有限公司",
        "2\t太仓市\t赛业生物",
        PARAGRAPH_2,
        "2021年7月6日",
    ]
    texts = [s.text for s in doc.sentences]
    assert "1\t常熟市\t苏州红森软件有限公司" in texts
    assert doc.date == "2021-07-06"
    assert_offsets(doc)


def test_docx_merged_cells_are_not_repeated(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "合并的表头"
    for c, value in enumerate(("a", "b", "c")):
        table.cell(1, c).text = value
    path = tmp_path / "merged.docx"
    document.save(path)
    assert read_document(path).text.split("\n")[:2] == ["合并的表头", "a\tb\tc"]


def test_garbage_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"this is not a zip archive at all \x00\x01\x02" * 20)
    assert reason_of(path).startswith("not a valid .docx file")


def test_zip_that_is_not_a_docx(tmp_path):
    import zipfile

    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    reason = reason_of(path)
    assert "docx" in reason or "Word" in reason


def test_truncated_docx(tmp_path):
    path = tmp_path / "half.docx"
    make_docx(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert reason_of(path).startswith("not a valid .docx file")


# --------------------------------------------------------------------------- pdf


def make_pdf(path: Path, lines: list[str], *, encrypt: str | None = None, text: bool = True) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    if text:
        pdf.setFont("STSong-Light", 12)
        y = 780
        for line in lines:
            if line:
                pdf.drawString(60, y, line)
                y -= 15        # 1.25 line spacing: pdfminer keeps a paragraph's lines in one box
            else:
                y -= 20        # a paragraph gap
    else:
        pdf.rect(60, 500, 200, 200, fill=1)   # a "scanned" page: graphics, no text
    pdf.showPage()
    pdf.save()


PDF_PARAGRAPH = (
    "2月27日，苏州工业园区管理委员会与山东大学签署战略合作协议，双方将共建山东大学苏州研究院，"
    "围绕新一代信息技术、生物医药和纳米技术应用等领域开展科研合作，推动科技成果在园区转化落地，"
    "共同培养高层次创新人才。"
)
PDF_LINES = [
    "苏州工业园区2021年第一季度季报",
    "",
    "二〇二一年三月",
    "",
    "一、合作动态",
    # The paragraph wrapped at a fixed width, as a PDF typesets it.
    *[PDF_PARAGRAPH[i:i + 28] for i in range(0, len(PDF_PARAGRAPH), 28)],
    "",
    "二、区域要闻",
    "相城区召开科技创新大会。",
]


def test_pdf_with_cjk_text(tmp_path):
    path = tmp_path / "report.pdf"
    make_pdf(path, PDF_LINES)
    doc = read_document(path)
    assert doc.format == "pdf"
    assert doc.title == "苏州工业园区2021年第一季度季报"
    assert doc.date == "2021-03"
    texts = [s.text for s in doc.sentences]
    assert "2月27日，苏州工业园区管理委员会与山东大学签署战略合作协议，双方将共建山东大学苏州研究院，" in doc.text
    assert PDF_PARAGRAPH in texts
    assert "一、合作动态" in texts and "二、区域要闻" in texts
    assert "相城区召开科技创新大会。" in texts
    assert_offsets(doc)


def test_encrypted_pdf_reportlab(tmp_path):
    path = tmp_path / "secret.pdf"
    make_pdf(path, PDF_LINES, encrypt="s3cret")
    assert reason_of(path).startswith("PDF is encrypted")


def test_encrypted_pdf_pypdf(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    plain = tmp_path / "plain.pdf"
    make_pdf(plain, PDF_LINES)
    reader = pypdf.PdfReader(str(plain))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="user-pw", owner_password="owner-pw", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    assert reason_of(path).startswith("PDF is encrypted")


def test_truncated_pdf(tmp_path):
    path = tmp_path / "half.pdf"
    make_pdf(path, PDF_LINES)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert reason_of(path).startswith("truncated or damaged PDF")


def test_pdf_without_text_layer(tmp_path):
    path = tmp_path / "scan.pdf"
    make_pdf(path, [], text=False)
    assert reason_of(path) == "PDF has no text layer (scanned?)"


def test_pdf_that_is_not_a_pdf(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_text("苏州工业园区 plain text, not a PDF", encoding="utf-8")
    assert reason_of(path).startswith("not a PDF file")


def test_damaged_pdf_body(tmp_path):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 200 + b"\n%%EOF\n")
    assert reason_of(path).startswith("truncated or damaged PDF")


# --------------------------------------------------------------------------- html


HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>苏州工业园区 合作新闻</title>
<style>body { color: red; } .x:after { content: "样式文字"; }</style>
<script>var secret = "脚本文字。"; document.write("<p>写入</p>");</script>
</head>
<body>
<header><nav><a href="/">首页</a> | <a href="/news">新闻中心</a></nav></header>
<aside>侧栏推荐阅读。</aside>
<div class="content">
  <h1>园区与山东大学签约</h1>
  <p>苏州工业园区管理委员会与<b>山东大学</b>签署战略合作协议。</p>
  <p>双方将共建<span>研究院</span>，推动科技成果转化！<br>第二行文字。</p>
  <table><tr><th>序号</th><th>单位</th></tr><tr><td>1</td><td>苏州大学</td></tr></table>
  <noscript>请启用脚本。</noscript>
  <template><p>模板文字。</p></template>
  <div hidden>隐藏文字。</div>
</div>
<footer>版权所有 &copy; 2021</footer>
</body></html>
"""


def test_html_main_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html"
    assert doc.title == "苏州工业园区合作新闻"
    lines = doc.text.split("\n")
    assert "园区与山东大学签约" in lines
    assert "苏州工业园区管理委员会与山东大学签署战略合作协议。" in lines
    assert "双方将共建研究院，推动科技成果转化！" in lines
    assert "第二行文字。" in lines
    assert "序号\t单位" in lines and "1\t苏州大学" in lines
    for junk in ("脚本", "样式", "首页", "新闻中心", "侧栏", "版权", "请启用", "模板", "隐藏", "secret", "color"):
        assert junk not in doc.text, junk
    assert_offsets(doc)


def test_htm_suffix_and_declared_gbk(tmp_path):
    path = tmp_path / "page.htm"
    markup = HTML.replace('charset="utf-8"', 'charset="gb2312"')
    path.write_bytes(markup.encode("gbk"))
    doc = read_document(path)
    assert doc.format == "html"
    assert "苏州工业园区管理委员会与山东大学签署战略合作协议。" in doc.text


@pytest.mark.parametrize("closed", [True, False])
def test_deeply_nested_html(tmp_path, closed):
    depth = 50_000
    body = "<div>" * depth + "<p>深层嵌套的正文句子。</p>" + ("</div>" * depth if closed else "")
    path = tmp_path / "deep.html"
    path.write_text(
        f"<html><head><title>深层页面</title><script>var x='脚本';</script></head><body>{body}"
        "<p>结尾的句子。</p></body></html>",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert doc.title == "深层页面"
    texts = [s.text for s in doc.sentences]
    assert "深层嵌套的正文句子。" in texts
    assert "结尾的句子。" in texts
    assert "脚本" not in doc.text


def test_moderately_nested_html_uses_the_parser(tmp_path):
    body = "<div><span>" * 500 + "嵌套正文。" + "</span></div>" * 500
    path = tmp_path / "nested.html"
    path.write_text(f"<html><body><nav>导航</nav>{body}</body></html>", encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "嵌套正文。"


def test_html_without_text(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text("<html><head><script>var a = 1;</script></head><body>  </body></html>", encoding="utf-8")
    assert reason_of(path) == "no text content"


# --------------------------------------------------------------------------- robustness


def test_unexpected_reader_error_becomes_a_reason(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("正文。", encoding="utf-8")

    def boom(data, p):
        raise RuntimeError("internal failure\nwith a second line")

    monkeypatch.setitem(readers_module._READERS, "txt", boom)
    reason = reason_of(path)
    assert reason == "cannot read txt file: RuntimeError: internal failure"


def test_unreadable_document_is_a_plain_exception():
    import pickle

    exc = UnreadableDocument(Path("a/b.pdf"), "PDF is encrypted")
    assert (exc.path, exc.reason, str(exc)) == ("a/b.pdf", "PDF is encrypted", "a/b.pdf: PDF is encrypted")
    again = pickle.loads(pickle.dumps(exc))
    assert (again.path, again.reason, str(again)) == (exc.path, exc.reason, str(exc))


def test_directory_with_supported_suffix(tmp_path):
    path = tmp_path / "folder.txt"
    path.mkdir()
    assert "directory" in reason_of(path)


def test_docx_content_controls_are_read(tmp_path):
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("封面标题")
    sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>控件里的文字。</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    document.element.body.insert(1, sdt)
    document.add_paragraph("控件后的段落。")
    path = tmp_path / "sdt.docx"
    document.save(path)
    lines = [line for line in read_document(path).text.split("\n") if line]
    assert lines == ["封面标题", "控件里的文字。", "控件后的段落。"]
