"""Document readers: a file of any supported format in, a :class:`SourceDocument` out.

``read_document(path)`` dispatches on the suffix (``.txt .md .markdown .docx .pdf .html .htm``),
normalises the text (:func:`normalize_text`), repairs the line breaks of PDF and plain text
(:func:`repair_line_breaks`), guesses the title and the document's own date and splits the
text into sentences with exact offsets.

A file that cannot be read raises :class:`UnreadableDocument` with a one-line reason a person
can act on ("PDF is encrypted", "not a text file: binary content", ...), never a traceback.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import html as html_lib
import io
import re
import zipfile
from pathlib import Path
from typing import Callable

from innograph.graph.ids import doc_id
from innograph.loaders.document import SourceDocument
from innograph.loaders.text import (
    detect_date,
    guess_title,
    normalize_text,
    repair_line_breaks,
    split_sentences,
)

__all__ = ["SUPPORTED_SUFFIXES", "UnreadableDocument", "read_document", "decode_text"]

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm"})

_FORMATS = {
    ".txt": "txt", ".md": "md", ".markdown": "md", ".docx": "docx",
    ".pdf": "pdf", ".html": "html", ".htm": "html",
}
_MAX_TITLE = 80


class UnreadableDocument(Exception):
    """A document that cannot be read; ``reason`` is one human-readable line."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(self.path, reason)  # args that rebuild it: picklable across processes

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


DEFAULT_MAX_DOCUMENT_MB = 20.0


def max_document_bytes() -> int:
    """The largest file ingested (``INNOGRAPH_MAX_DOCUMENT_MB``, default 20 MB).

    A 20 MB report is several thousand pages; larger files are almost always dumps or mistakes,
    and reading and extracting them would hold the ingest for minutes and hundreds of MB.
    """
    return int(float(os.environ.get("INNOGRAPH_MAX_DOCUMENT_MB", DEFAULT_MAX_DOCUMENT_MB)) * 1e6)


def read_document(path: str | Path) -> SourceDocument:
    """Read one file into a :class:`SourceDocument`; raise :class:`UnreadableDocument` if it can't be."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableDocument(path, f"unsupported format {suffix or '(no extension)'}")
    limit = max_document_bytes()
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_bytes below says what is wrong
    if size > limit:
        # Checked before reading, so a huge file costs no memory.
        raise UnreadableDocument(path, f"file too large: {size / 1e6:.1f} MB > limit {limit / 1e6:.1f} MB "
                                       "(split it, or raise INNOGRAPH_MAX_DOCUMENT_MB)")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableDocument(path, "no such file") from None
    except IsADirectoryError:
        raise UnreadableDocument(path, "is a directory, not a file") from None
    except PermissionError:
        raise UnreadableDocument(path, "permission denied") from None
    except MemoryError:
        raise UnreadableDocument(path, "file too large to read into memory") from None
    except OSError as exc:
        raise UnreadableDocument(path, f"cannot read file: {exc.strerror or type(exc).__name__}") from None
    if not data or data.isspace():
        raise UnreadableDocument(path, "empty file")
    sha256 = hashlib.sha256(data).hexdigest()
    fmt = _FORMATS[suffix]
    reader = _READERS[fmt]
    try:
        text, title = reader(data, path)
    except UnreadableDocument:
        raise
    except MemoryError:
        raise UnreadableDocument(path, "file too large to read into memory") from None
    except RecursionError:
        raise UnreadableDocument(path, f"{fmt} structure too deeply nested to read") from None
    except Exception as exc:  # noqa: BLE001 - any reader failure becomes a clear, one-line reason
        raise UnreadableDocument(path, f"cannot read {fmt} file: {_short(exc)}") from None
    del data
    try:
        text = normalize_text(text)
        if fmt in ("txt", "pdf", "md"):
            text = repair_line_breaks(text)
        if not text or text.isspace():
            if fmt == "pdf":
                raise UnreadableDocument(path, "PDF has no text layer (scanned?)")
            raise UnreadableDocument(path, "empty file" if fmt in ("txt", "md") else "no text content")
        title = _clean_title(normalize_text(title)) if title else ""
        return SourceDocument(
            id=doc_id(path),
            path=str(path),
            text=text,
            title=title or guess_title(text),
            date=detect_date(text),
            format=fmt,
            sha256=sha256,
            sentences=split_sentences(text),
        )
    except UnreadableDocument:
        raise
    except MemoryError:
        raise UnreadableDocument(path, "file too large to read into memory") from None
    except Exception as exc:  # noqa: BLE001 - never a traceback for one document
        raise UnreadableDocument(path, f"cannot process the text of the {fmt} file: {_short(exc)}") from None


def _short(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    message = lines[0][:200] if lines else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _clean_title(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip()
    if len(title) > _MAX_TITLE:
        title = title[: _MAX_TITLE - 1].rstrip() + "…"
    return title


# ---------------------------------------------------------------------------------------------
# Plain text: encoding detection
# ---------------------------------------------------------------------------------------------

_SAMPLE = 1 << 20          # bytes looked at for binary content and mixed encodings
_DETECT_SAMPLE = 1 << 18   # bytes given to the encoding detector
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_MAGIC = (
    (b"%PDF-", "a PDF file"), (b"PK\x03\x04", "a ZIP archive (docx/xlsx?)"), (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"), (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc/.xls)"), (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7z archive"),
)
# Codecs to decode with when a detector names a subset of them.
_SUPERSETS = {
    "gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "euc_cn": "gb18030", "hz": "gb18030",
    "gb18030": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs", "ascii": "utf-8",
}
# Frequent characters of Chinese text (simplified and traditional); the share of them tells a
# right decoding of GB or Big5 bytes from mojibake.
_FREQUENT_HANZI = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作"
    "里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从"
    "想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头"
    "文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提"
    "立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务"
    "做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像"
    "难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导"
    "争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎存未远叫台单影具罗字"
    "爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容"
    "照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较"
    "注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音"
    "跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父"
    "苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错"
    "承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警"
    "获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角"
    "占配征修皮挥胜降阶审沉坚善妈刘读超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺"
    "背阵草脚概恶块顿敢守酒岛托央户烈洋索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗介坏讨丽良序升"
    "监临亮露永呼味野架域沙掉括鱼杂误湾吉减编楚肯测败屋跑梦散温困渐封救贵缺楼县尚毫移朋画班智亦耳恩短掌"
    "遗固席松秘谢鲁遇康虑幸均销钟藏赶剧票损忽巨旧端探湖录叶春乡附吸予礼港雨板庭妇归额含顺输招补谓督油疗"
    "旅泽材灭逐莫笔亡鲜词圣择寻厂博勒授诺岸奥唐卖载洛健堂旁宫借君禁阴园谋宋避抓荣孙逃顶玉镇练迫篇肉馆遍"
    "凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店软典欲萨伙遭盘扩盖雄稳亿刺拥徒杨齐赛趣曲"
    "床迎玩析窗醒透购替塞努休扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟川申缓潜售灯针哲络抵朱抱鼓"
    "植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛舞圆搞措姓残培迷诚宽宇猛摆梅毁伸摩盟末乃拍丁赵孵化申报奖励园"
    "這個們來時國會說對後發為經過還進開學關點問題現實無東長見業電當與從動產種義樣機應體務間總讓運聽書記"
    "語認證請讀轉輪設計論議資價質錢區縣鄉協華萬億術團圖單選項類顯風飛馬魚齊龍將專導準備線組織統計財維"
    "護數據報場營創區廠歲嚴師廣發專層聯網員頭達際響藝環節縣鎮辦環軍區覺係傳據斷歷邊參計劃務戰權黨點陸"
)


def _looks_binary(sample: bytes) -> str | None:
    """Why ``sample`` is not text, or None when it may be."""
    for magic, what in _MAGIC:
        if sample.startswith(magic):
            return f"not a text file: binary content ({what})"
    if b"\x00" in sample:
        return "not a text file: binary content"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > max(2, len(sample) // 100):
        return "not a text file: binary content"
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NUL bytes sit at every other position as in UTF-16 text."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / max(1, len(odd))
    if odd_nul > 0.3 and even_nul < 0.02:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.02:
        return "utf-16-be"
    return None


def _hanzi_score(text: str) -> float:
    """Share of frequent Chinese characters among the CJK characters of ``text`` (0 when none)."""
    cjk = re.findall("[\u3400-\u9fff\uf900-\ufaff]", text)
    if not cjk:
        return 0.0
    return sum(1 for ch in cjk if ch in _FREQUENT_HANZI) / len(cjk)


def _cut_at_line(sample: bytes, whole: bytes) -> bytes:
    """A sample that does not end inside a multi-byte character."""
    if len(sample) >= len(whole):
        return sample
    cut = sample.rfind(b"\n")
    return sample[: cut + 1] if cut > 0 else sample


def _detect_legacy(sample: bytes) -> str | None:
    """The codec of non-UTF-8 text bytes: GB18030/Big5 by content, else charset-normalizer's guess."""
    from charset_normalizer import from_bytes

    sample = _cut_at_line(sample[:_DETECT_SAMPLE], sample)
    best = from_bytes(sample).best()
    detected = _SUPERSETS.get(best.encoding, best.encoding) if best is not None else None
    scores: dict[str, float] = {}
    for codec in ("gb18030", "big5hkscs"):
        try:
            scores[codec] = _hanzi_score(sample.decode(codec))
        except UnicodeDecodeError:
            continue
    if scores:
        codec = max(scores, key=lambda c: (scores[c], c == "gb18030"))
        if scores[codec] >= 0.25 and (detected not in scores or scores[codec] >= scores[detected] + 0.1):
            return codec
    return detected


def _decode_lines(data: bytes, codec: str) -> str:
    """Line by line: UTF-8 where a line is valid UTF-8, else ``codec``, else GB18030, else replacement."""
    out: list[str] = []
    for line in data.split(b"\n"):
        try:
            out.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        for candidate in (codec, "gb18030"):
            try:
                out.append(line.decode(candidate))
                break
            except (UnicodeDecodeError, LookupError):
                continue
        else:
            out.append(line.decode(codec if _codec_exists(codec) else "gb18030", errors="replace"))
    return "\n".join(out)


def _codec_exists(codec: str) -> bool:
    try:
        codecs.lookup(codec)
        return True
    except LookupError:
        return False


def _has_utf8_lines(sample: bytes) -> bool:
    """Whether some lines with several non-ASCII bytes are valid UTF-8 (a mixed-encoding file)."""
    for line in sample.split(b"\n"):
        if len(line) - len(line.decode("ascii", errors="ignore")) >= 6:
            try:
                line.decode("utf-8")
                return True
            except UnicodeDecodeError:
                continue
    return False


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode the bytes of a text file; raise ``ValueError`` with a reason when they are not text.

    UTF-8 (with or without BOM) and UTF-16/32 with BOM first; then a ``declared`` codec (an HTML
    meta charset); then GB18030/Big5/other legacy codecs detected with charset-normalizer. A file
    in mixed encodings (a UTF-8 file with a few GBK lines) is decoded line by line.

    >>> decode_text("苏州工业园区".encode("gbk"))
    '苏州工业园区'
    >>> decode_text(b"\\xef\\xbb\\xbf" + "苏州".encode("utf-8"))
    '苏州'
    """
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                if codec == "utf-8-sig":
                    return _decode_lines(data[len(bom):], "gb18030")
                raise ValueError(f"damaged {codec.upper()} text") from None
    sample = _cut_at_line(data[:_SAMPLE], data)
    if b"\x00" in sample:
        utf16 = _utf16_without_bom(sample)
        if utf16:
            try:
                return data.decode(utf16)
            except UnicodeDecodeError:
                pass
    reason = _looks_binary(sample)
    if reason:
        raise ValueError(reason)
    if declared:
        codec = _SUPERSETS.get(declared.lower().replace("-", ""), declared.lower())
        codec = _SUPERSETS.get(codec.replace("-", "_"), codec)
        if _codec_exists(codec):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _has_utf8_lines(sample):
        bad = b"\n".join(line for line in sample.split(b"\n") if not _is_utf8(line))
        codec = _detect_legacy(bad) or "gb18030"
        return _decode_lines(data, codec)
    codec = _detect_legacy(sample)
    if codec is None:
        raise ValueError("not a text file: binary content or unknown encoding")
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return _decode_lines(data, codec)
    except LookupError:
        return _decode_lines(data, "gb18030")


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _decode_or_raise(data: bytes, path: Path, declared: str | None = None) -> str:
    try:
        return decode_text(data, declared)
    except ValueError as exc:
        raise UnreadableDocument(path, str(exc)) from None


def _read_txt(data: bytes, path: Path) -> tuple[str, str]:
    return _decode_or_raise(data, path), ""


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------

_MD_FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+\s*)?$")
_MD_SETEXT_RE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_MD_RULE_RE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_MD_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_REF_DEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")
_MD_QUOTE_RE = re.compile(r"^\s{0,3}(?:>\s?)+")
_MD_BULLET_RE = re.compile(r"^(\s*)[-*+]\s+(?:\[[ xX]\]\s+)?")
_MD_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_REF_LINK_RE = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_MD_AUTOLINK_RE = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_MD_CODE_RE = re.compile(r"`+([^`]*)`+")
_MD_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
# Intraword emphasis is only refused between ASCII letters/digits (snake_case, 2*3*4): CJK has no spaces.
_MD_EM_STAR_RE = re.compile(r"(?<![*A-Za-z0-9])\*(?=\S)(.+?)(?<=\S)\*(?![*A-Za-z0-9])")
_MD_EM_UNDER_RE = re.compile(r"(?<![_A-Za-z0-9])_(?=\S)(.+?)(?<=\S)_(?![_A-Za-z0-9])")
_MD_STRIKE_RE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_MD_HTML_BREAK_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MD_HTML_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def _md_inline(line: str) -> str:
    line = _MD_IMAGE_RE.sub(r"\1", line)
    line = _MD_LINK_RE.sub(r"\1", line)
    line = _MD_REF_LINK_RE.sub(r"\1", line)
    line = _MD_AUTOLINK_RE.sub(r"\1", line)
    line = _MD_CODE_RE.sub(r"\1", line)
    line = _MD_STRONG_RE.sub(r"\2", line)
    line = _MD_STRIKE_RE.sub(r"\1", line)
    line = _MD_EM_STAR_RE.sub(r"\1", line)
    line = _MD_EM_UNDER_RE.sub(r"\1", line)
    line = _MD_HTML_BREAK_RE.sub("\n", line)
    line = _MD_HTML_TAG_RE.sub("", line)
    line = _MD_ESCAPE_RE.sub(r"\1", line)
    return line


def markdown_to_text(markdown: str) -> str:
    """The content of a markdown document without its markup.

    Heading marks, emphasis, code fences and inline code marks, link URLs (the link text stays),
    images (the alt text stays), block quotes, bullets, HTML tags and rules go; table rows
    become tab-separated cells and their separator rows go.

    >>> markdown_to_text("# 标题\\n\\n**苏州**工业园区[官网](http://x.cn)。\\n\\n| 序号 | 单位 |\\n|---|---|\\n| 1 | 园区 |")
    '标题\\n\\n苏州工业园区官网。\\n\\n序号\\t单位\\n1\\t园区'
    """
    out: list[str] = []
    in_fence = False
    fence = ""
    for raw in markdown.split("\n"):
        fence_match = _MD_FENCE_RE.match(raw)
        if fence_match:
            if not in_fence:
                in_fence, fence = True, fence_match.group(1)
                continue
            if fence_match.group(1) == fence:
                in_fence = False
                continue
        if in_fence:
            out.append(raw)
            continue
        line = raw
        heading = _MD_HEADING_RE.match(line)
        if heading:
            out.append(_md_inline(heading.group(1)).strip())
            continue
        if _MD_RULE_RE.match(line) or _MD_REF_DEF_RE.match(line):
            out.append("")
            continue
        if _MD_SETEXT_RE.match(line) and out and out[-1].strip():
            continue
        if "|" in line and _MD_TABLE_SEP_RE.match(line):
            continue
        line = _MD_QUOTE_RE.sub("", line)
        line = _MD_BULLET_RE.sub(r"\1", line)
        stripped = line.strip()
        if stripped.startswith("|") or (stripped.count("|") >= 2 and not stripped.startswith("`")):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", stripped.strip("|"))]
            out.append("\t".join(_md_inline(c).replace("\n", " ") for c in cells))
            continue
        out.append(_md_inline(line.rstrip()))
    return html_lib.unescape("\n".join(out))


def _read_md(data: bytes, path: Path) -> tuple[str, str]:
    return markdown_to_text(_decode_or_raise(data, path)), ""


# ---------------------------------------------------------------------------------------------
# Word (.docx)
# ---------------------------------------------------------------------------------------------


def _read_docx(data: bytes, path: Path) -> tuple[str, str]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableDocument(path, "not a valid .docx file: damaged or not a zip archive")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError) as exc:
        raise UnreadableDocument(path, f"not a valid .docx file: {_short(exc)}") from None
    except ValueError as exc:  # e.g. a .xlsx or .pptx renamed to .docx
        raise UnreadableDocument(path, f"not a Word document: {_short(exc)}") from None
    lines: list[str] = []
    title = ""
    for block in _docx_blocks(document):
        if isinstance(block, Table):
            lines.extend(_docx_table_rows(block))
            lines.append("")
        else:
            text = block.text
            lines.append(text)
            if not title and text.strip():
                title = text.strip().split("\n")[0]
    if not title:
        title = (document.core_properties.title or "").strip()
    return "\n".join(lines), title


def _docx_blocks(document):
    """Paragraphs and tables of the body in document order, also inside content controls."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    p_tag, tbl_tag = qn("w:p"), qn("w:tbl")
    containers = {qn("w:sdt"): qn("w:sdtContent"), qn("w:customXml"): None}
    body = document.element.body
    parent = document._body
    stack = [iter(body.iterchildren())]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if tag == p_tag:
            yield Paragraph(child, parent)
        elif tag == tbl_tag:
            yield Table(child, parent)
        elif tag in containers:
            inner = containers[tag]
            content = child.find(inner) if inner else child
            if content is not None:
                stack.append(iter(content.iterchildren()))


def _docx_table_rows(table) -> list[str]:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(re.sub(r"\s*\n\s*", " ", cell.text).strip())
        if any(cells):
            rows.append("\t".join(cells))
    return rows


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


def _read_pdf(data: bytes, path: Path) -> tuple[str, str]:
    from pdfminer.converter import TextConverter
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psexceptions import PSException

    head = data[:1024]
    if b"%PDF-" not in head:
        reason = _looks_binary(head)
        raise UnreadableDocument(path, "not a PDF file" + (f" ({reason})" if reason and "(" not in reason else ""))
    if b"%%EOF" not in data[-4096:]:  # every complete PDF (revision) ends with this marker
        raise UnreadableDocument(path, "truncated or damaged PDF (no end-of-file marker)")
    try:
        parser = PDFParser(io.BytesIO(data))
        document = PDFDocument(parser, password="")
    except PDFPasswordIncorrect:
        raise UnreadableDocument(path, "PDF is encrypted (password required)") from None
    except PDFEncryptionError as exc:
        raise UnreadableDocument(path, f"PDF is encrypted ({_short(exc)})") from None
    except (PSException, EOFError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise UnreadableDocument(path, f"truncated or damaged PDF ({_short(exc)})") from None

    laparams = LAParams(line_margin=0.5, char_margin=2.0, word_margin=0.1, boxes_flow=0.5)
    manager = PDFResourceManager(caching=True)
    pages: list[str] = []
    failed = 0
    first_error: BaseException | None = None
    try:
        page_iter = PDFPage.create_pages(document)
        while True:
            try:
                page = next(page_iter)
            except StopIteration:
                break
            out = io.StringIO()
            device = TextConverter(manager, out, laparams=laparams)
            try:
                PDFPageInterpreter(manager, device).process_page(page)
                pages.append(out.getvalue())
            except PDFEncryptionError:
                raise UnreadableDocument(path, "PDF is encrypted (password required)") from None
            except (MemoryError, RecursionError):
                raise
            except Exception as exc:  # noqa: BLE001 - one broken page does not lose the others
                failed += 1
                first_error = first_error or exc
            finally:
                device.close()
    except UnreadableDocument:
        raise
    except PDFEncryptionError:
        raise UnreadableDocument(path, "PDF is encrypted (password required)") from None
    except (PSException, EOFError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        if not pages:
            raise UnreadableDocument(path, f"truncated or damaged PDF ({_short(exc)})") from None
    text = "\n\n".join(p.replace("\x0c", "").rstrip() for p in pages)
    if not text.strip():
        if failed and first_error is not None:
            raise UnreadableDocument(path, f"truncated or damaged PDF ({_short(first_error)})")
        if not pages:
            raise UnreadableDocument(path, "truncated or damaged PDF (no pages)")
        raise UnreadableDocument(path, "PDF has no text layer (scanned?)")
    return text, ""


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

_HTML_DROP = frozenset({
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "iframe",
    "svg", "canvas", "object", "embed", "select", "button", "head", "title", "meta", "link",
})
_HTML_BLOCK = frozenset({
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hgroup", "hr", "html", "li", "main", "menu", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "tfoot", "thead", "tr", "ul", "legend", "option",
})
_HTML_CELL = frozenset({"td", "th"})
_HTML_WS_RE = re.compile(r"[ \t\r\n\f]+")
_HTML_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
_HTML_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)([^<>]*?)(/?)>")
_HTML_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
})
_MAX_HTML_DEPTH = 2000   # lexbor's tree building slows down quadratically with nesting depth


def _html_depth(markup: str) -> int:
    """Maximum element nesting depth, counted from the tags alone (linear, no parsing)."""
    depth = deepest = 0
    for m in _HTML_TAG_RE.finditer(markup):
        name = m.group(2).lower()
        if name in _HTML_VOID or m.group(4):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
    return deepest


def _html_walk(root) -> str:
    """The text under ``root``; block elements become line breaks, cells tabs (iterative walk)."""
    parts: list[str] = []
    root_id = root.mem_id

    def leave(node) -> None:
        tag = node.tag
        if tag in _HTML_BLOCK:
            parts.append("\n")

    node = root.child
    while node is not None:
        tag = node.tag
        descend = False
        if tag == "-text":
            value = node.text_content
            if value:
                parts.append(_HTML_WS_RE.sub(" ", value))
        elif tag in ("-comment", "_comment", "!doctype") or tag in _HTML_DROP:
            pass
        elif "hidden" in node.attributes or "display:none" in (node.attributes.get("style") or "").replace(" ", ""):
            pass
        else:
            if tag == "br":
                parts.append("\n")
            elif tag in _HTML_BLOCK:
                parts.append("\n")
            elif tag in _HTML_CELL:
                parts.append("\t")
            elif tag == "img":
                alt = (node.attributes.get("alt") or "").strip()
                if alt:
                    parts.append(alt)
            descend = node.child is not None
            if not descend:
                leave(node)
        if descend:
            node = node.child
            continue
        while node is not None:
            sibling = node.next
            if sibling is not None:
                node = sibling
                break
            node = node.parent
            if node is None or node.mem_id == root_id:
                node = None
                break
            leave(node)
    return "".join(parts)


def _html_lines(raw: str) -> str:
    lines = []
    for line in raw.split("\n"):
        line = line.strip(" ").strip("\t")
        line = re.sub(r" *\t *", "\t", line).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


_HTML_DROP_BLOCK_RE = re.compile(
    r"<(script|style|nav|header|footer|aside|noscript|template|iframe|svg|head)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_BLOCK_TAG_RE = re.compile(
    r"</?(?:" + "|".join(sorted(_HTML_BLOCK | {"br"})) + r")\b[^>]*>", re.IGNORECASE
)
_HTML_CELL_TAG_RE = re.compile(r"<(?:td|th)\b[^>]*>", re.IGNORECASE)
_HTML_ANY_TAG_RE = re.compile(r"<[^>]*>")
_HTML_TITLE_RE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_HTML_H1_RE = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)


def _html_text_by_regex(markup: str) -> tuple[str, str]:
    """A linear, parser-free extraction for markup the parser cannot handle (absurd nesting)."""
    title_match = _HTML_TITLE_RE.search(markup) or _HTML_H1_RE.search(markup)
    title = ""
    if title_match:
        title = html_lib.unescape(_HTML_ANY_TAG_RE.sub("", title_match.group(1)))
    text = _HTML_COMMENT_RE.sub(" ", markup)
    text = _HTML_DROP_BLOCK_RE.sub(" ", text)
    text = _HTML_WS_RE.sub(" ", text)
    text = _HTML_BLOCK_TAG_RE.sub("\n", text)
    text = _HTML_CELL_TAG_RE.sub("\t", text)
    text = _HTML_ANY_TAG_RE.sub("", text)
    return _html_lines(html_lib.unescape(text)), _HTML_WS_RE.sub(" ", title).strip()


def _read_html(data: bytes, path: Path) -> tuple[str, str]:
    declared = None
    m = _HTML_META_CHARSET_RE.search(data[:8192])
    if m:
        declared = m.group(1).decode("ascii", errors="ignore")
    markup = _decode_or_raise(data, path, declared)
    if _html_depth(markup) > _MAX_HTML_DEPTH:
        return _html_text_by_regex(markup)
    try:
        from selectolax.lexbor import LexborHTMLParser

        tree = LexborHTMLParser(markup)
        title_node = tree.css_first("title")
        title = title_node.text(deep=True).strip() if title_node is not None else ""
        if not title:
            h1 = tree.css_first("h1")
            title = h1.text(deep=True).strip() if h1 is not None else ""
        root = tree.css_first("main") or tree.body or tree.root
        if root is None:
            return "", _HTML_WS_RE.sub(" ", title).strip()
        text = _html_lines(_html_walk(root))
        if root.tag == "main" and tree.body is not None and len(text) < 50:
            text = _html_lines(_html_walk(tree.body))
        return text, _HTML_WS_RE.sub(" ", title).strip()
    except (MemoryError, UnreadableDocument):
        raise
    except Exception:  # noqa: BLE001 - fall back to the parser-free extraction
        try:
            return _html_text_by_regex(markup)
        except Exception as exc:  # noqa: BLE001
            raise UnreadableDocument(path, f"HTML could not be parsed ({_short(exc)})") from None


_READERS: dict[str, Callable[[bytes, Path], tuple[str, str]]] = {
    "txt": _read_txt,
    "md": _read_md,
    "docx": _read_docx,
    "pdf": _read_pdf,
    "html": _read_html,
}
