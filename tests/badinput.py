"""A corpus of bad and awkward input, built by the tests (nothing of it is committed)."""

from __future__ import annotations

import io
from pathlib import Path

GOOD_SENTENCE = "2021年3月5日，苏州大学与相城区签署合作协议，共建苏州大学相城智能制造研究院。"


def _pdf_bytes(text: str, encrypt: bool = False) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt="secret" if encrypt else None)
    c.setFont("STSong-Light", 12)
    c.drawString(72, 760, text)
    c.save()
    return buf.getvalue()


def build_bad_corpus(folder: Path, *, huge_mb: int = 50) -> dict[str, str]:
    """Write the corpus; returns {file name: "good" | "bad"}."""
    folder.mkdir(parents=True, exist_ok=True)
    kinds: dict[str, str] = {}

    def write(name: str, data: bytes, kind: str) -> None:
        (folder / name).write_bytes(data)
        kinds[name] = kind

    write("empty.txt", b"", "bad")
    write("binary.txt", bytes(range(256)) * 400, "bad")
    pdf = _pdf_bytes(GOOD_SENTENCE)
    write("truncated.pdf", pdf[: len(pdf) // 2], "bad")
    write("encrypted.pdf", _pdf_bytes(GOOD_SENTENCE, encrypt=True), "bad")
    write("gbk.txt", ("苏州市科技局发布通知。" + GOOD_SENTENCE.replace("苏州大学", "东吴大学")).encode("gbk"), "good")
    mixed = ("第一行是UTF-8：南京大学在苏州设立研究院。\n".encode("utf-8")
             + "第二行是GBK：昆山市人民政府与清华大学签署协议。\n".encode("gbk")
             + "第三行又是UTF-8：吴江区举办大会。\n".encode("utf-8"))
    write("mixed.txt", mixed, "good")
    with open(folder / "huge.txt", "wb") as f:
        block = ("这是一段很长的文本。" * 1000 + "\n").encode("utf-8")
        for _ in range(huge_mb * 1024 * 1024 // len(block) + 1):
            f.write(block)
    kinds["huge.txt"] = "bad"
    nested = "<html><body>" + "<div>" * 20000 + f"<p>{GOOD_SENTENCE}</p>" + "</div>" * 20000 + "</body></html>"
    write("nested.html", nested.encode("utf-8"), "good")
    write("zerowidth.txt", ("2021年4月2日，苏州\u200b纳米\u200d科技有限公司与ＡＢＣ智能科技有限公司签署合作协议。"
                            "苏州纳米科技有限公司位于苏州工业园区。").encode("utf-8"), "good")
    write("hostile.txt", ("2021年5月6日，<script>alert(1)</script>科技有限公司与苏州市人民政府签署合作协议。"
                          "\"}) MATCH (n) DETACH DELETE n //研究院落户相城区。"
                          "<img src=x onerror=alert(1)>有限公司位于吴中区。").encode("utf-8"), "good")
    return kinds
