"""Pure text utilities for documents after reading: normalisation, PDF line-break repair,
sentence splitting and document-date detection.

Everything here is a pure function of its input and works on Chinese text extracted from
PDFs, Word files, HTML and plain text. The functions are written with compiled regular
expressions and per-line (never per-character) Python loops so that megabytes of text
are processed in well under a second.

>>> text = normalize_text("苏州 工业园区\\r\\n2020 年度")
>>> text
'苏州工业园区\\n2020年度'
>>> [s.text for s in split_sentences("园区成立。“创客天堂”大赛启动！")]
['园区成立。', '“创客天堂”大赛启动！']
"""

from __future__ import annotations

import re
from collections import Counter

from innograph.loaders.document import Sentence

__all__ = [
    "normalize_text",
    "repair_line_breaks",
    "split_sentences",
    "detect_date",
    "guess_title",
    "display_width",
]

# ---------------------------------------------------------------------------------------------
# Character classes
# ---------------------------------------------------------------------------------------------

# CJK ideographs, kana, hangul, CJK symbols and punctuation, full-width forms.
_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
# Punctuation that Chinese typesetting uses around CJK text although it is not in a CJK block.
_CJK_QUOTES = "\u201c\u201d\u2018\u2019\u2014\u2026\u00b7"
# Characters that occupy two columns in a CJK font (used to measure line widths).
_WIDE_RE = re.compile(f"[{_CJK}{_CJK_QUOTES}]")

_INVISIBLE_RE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
# Space characters other than the ASCII space and tab (NBSP, en/em spaces, ideographic space, ...).
_ODD_SPACES_RE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_ENDINGS_RE = re.compile("\r\n?|[\u2028\u2029\u0085\v]")
_TRAILING_WS_RE = re.compile(r"[ \t]+$", re.MULTILINE)
# One or two spaces that PDF extraction put between CJK characters, or between digits and CJK.
_CJK_GAP_RE = re.compile(
    f"(?:(?<=[{_CJK}{_CJK_QUOTES}]) {{1,2}}(?=[{_CJK}{_CJK_QUOTES}0-9])"
    f"|(?<=[0-9]) {{1,2}}(?=[{_CJK}{_CJK_QUOTES}]))"
)


def display_width(line: str) -> int:
    """Columns a line takes in a CJK font: CJK characters count two, others one.

    >>> display_width("苏州2021")
    8
    """
    return len(line) + len(_WIDE_RE.findall(line))


def normalize_text(text: str) -> str:
    """Unify line endings and spaces, drop invisible characters, remove PDF-inserted spaces.

    * ``\\r\\n``, ``\\r``, U+2028/U+2029 become ``\\n``; a form feed (page break) becomes a blank line;
    * zero-width characters (U+200B-U+200F, U+2060-U+2064, U+FEFF) and soft hyphens are dropped;
    * NBSP, ideographic and other Unicode spaces become ASCII spaces;
    * one or two spaces between two CJK characters, or between a digit and a CJK character,
      are removed (PDF extraction inserts them); spaces between Latin words are kept;
    * trailing spaces are stripped from every line (leading indentation is kept).

    >>> normalize_text("苏州 工业园区")
    '苏州工业园区'
    >>> normalize_text("2020 年度\\u3000国家级")
    '2020年度国家级'
    >>> normalize_text("首届 Phystech Start 中俄\\u200b创新")
    '首届 Phystech Start 中俄创新'
    >>> normalize_text("a\\r\\nb\\rc\\u00a0d  ")
    'a\\nb\\nc d'
    """
    if not text:
        return ""
    text = _LINE_ENDINGS_RE.sub("\n", text)
    if "\f" in text:
        text = text.replace("\f", "\n\n")
    text = _INVISIBLE_RE.sub("", text)
    text = _ODD_SPACES_RE.sub(" ", text)
    text = _CJK_GAP_RE.sub("", text)
    text = _TRAILING_WS_RE.sub("", text)
    return text


# ---------------------------------------------------------------------------------------------
# Line-break repair
# ---------------------------------------------------------------------------------------------

_CLOSERS = "”’」』）)》〉】〕］]\"'"
# A line that ends a sentence or announces what follows (closing quotes/brackets may follow).
_TERMINAL_RE = re.compile(f"[。！？；：!?;:…][{re.escape(_CLOSERS)}]*$")
_CN_NUM = "一二三四五六七八九十百千零〇两"
# Marks that open a heading or a list item.
_MARKER_RE = re.compile(
    r"\s*(?:"
    r"#{1,6}\s|\*\*|__|<b>|<strong>|>\s"
    rf"|第[{_CN_NUM}\d]+[章节篇部编条款卷]"
    rf"|[{_CN_NUM}]+[、．.]"
    rf"|[（(〔【][{_CN_NUM}\d]+[）)〕】]"
    r"|\d+(?:[.．]\d+)*[、．.](?!\d)"
    r"|\d+[)）]"
    r"|[①-⑳⑴-⒇⒈-⒛❶-❿]"
    r"|[a-zA-Z][.)、](?=\s)"
    r"|[-*+•·▪●◆◇■□○◎★☆►▶]\s"
    r"|[—－]{1,2}(?=\S)"
    r"|【"
    r"|附件|附表|附录|注[:：]|资料来源|来源[:：]|责任编辑|编辑[:：]|审核[:：]|摘要[:：]|关键词[:：]"
    r")"
)
# Table-of-contents entries: dot leaders or a tab before a page number.
_TOC_RE = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{4,}|_{4,}|\t)\s*\d{1,4}\s*$")
_SPACE_GAP_RE = re.compile(r"\S(?: {2,}|\t)\S")
_NUMBERED_ROW_RE = re.compile(r"\s*\d{1,4}[ \t]+\S+(?:[ \t]+\S+)+\s*$")
_SENTENCE_PUNCT_RE = re.compile("[，。；！？：,;!?]")
_INDENT_RE = re.compile(r"(?: {2,}|\t)\S")
# A line with no letter, digit or CJK character: a rule (---, ***), a decoration, a stray mark.
_NO_WORD_RE = re.compile(r"[\W_]*$")
# A line cannot end a sentence with these ...
_CONTINUES_RE = re.compile(r"[，、（《“‘【〔「『(\[,/&+=\-–]$")
# ... and a line cannot start with these (line-breaking rules forbid it).
_NO_START_RE = re.compile(f"[，。、；：！？%,.;:!?）》〉】〕」』”’{re.escape(_CLOSERS)}]")
_PAIRS = (("《", "》"), ("“", "”"), ("（", "）"), ("【", "】"), ("〔", "〕"), ("「", "」"), ("(", ")"))
_ASCII_WORD_END_RE = re.compile(r"[A-Za-z0-9]$")
_ASCII_WORD_START_RE = re.compile(r"[A-Za-z0-9]")

_SHORT_TITLE = 12           # lines of at most this many characters look like titles
_LONG_LINE = 32             # with no wrap width known, a longer unfinished line was cut
_LONG_ACROSS_BLANK = 50     # ... and a longer one was cut by a page break
_MAX_BLANKS_ACROSS = 4      # blank lines a page break may leave inside a sentence
_PROSE_ACROSS_BLANK = 16    # a prose line at least this long may be cut by a page break
_CLAUSE_MARK_RE = re.compile("[，。；！？]")
_DATED_RE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日")    # a line that starts with a date is prose
_MAX_CELL_CONTINUATION = 25


def _is_table_row(line: str) -> bool:
    if "\t" in line:
        return True
    if "  " in line and len(_SPACE_GAP_RE.findall(line)) >= 2:
        return True
    return bool(_NUMBERED_ROW_RE.match(line)) and not _SENTENCE_PUNCT_RE.search(line) and len(line) <= 80


def _unbalanced(line: str) -> bool:
    """Whether an opening bracket or quote of the line is still open at its end."""
    for opener, closer in _PAIRS:
        if opener in line and line.count(opener) > line.count(closer):
            return True
    return False


def _closes_first(line: str) -> bool:
    """Whether the line closes a bracket before opening one (it continues an earlier line)."""
    closer_at = min((i for i in (line.find(c) for _, c in _PAIRS) if i >= 0), default=-1)
    if closer_at < 0:
        return False
    opener_at = min((i for i in (line.find(o) for o, _ in _PAIRS) if i >= 0), default=len(line))
    return closer_at < opener_at


class _Layout:
    """What the line widths of one text say about how its lines were wrapped."""

    def __init__(self, lines: list[str]):
        self.width: int | None = None     # the wrap width in columns, when lines were wrapped
        self.tolerance = 0
        self.double_spaced = False        # wrapped lines separated by single blank lines
        gap0: list[int] = []
        gap1: list[int] = []
        n = len(lines)
        for i, line in enumerate(lines):
            if not line or _TERMINAL_RE.search(line) or "\t" in line or _MARKER_RE.match(line):
                continue
            if i + 1 < n and lines[i + 1]:
                nxt, bucket = lines[i + 1], gap0
            elif i + 2 < n and not lines[i + 1] and lines[i + 2]:
                nxt, bucket = lines[i + 2], gap1
            else:
                continue
            if _MARKER_RE.match(nxt) or "\t" in nxt:
                continue
            width = display_width(line)
            if 16 <= width <= 240:
                bucket.append(width)
        w0, c0 = self._cluster(gap0)
        w1, c1 = self._cluster(gap1)
        if w1 is not None and c1 >= 5 and c1 >= 2 * c0:
            self.width, self.double_spaced = w1, True
        elif w0 is not None:
            self.width = w0
        if self.width is not None:
            self.tolerance = max(4, round(self.width * 0.15))

    @staticmethod
    def _cluster(widths: list[int]) -> tuple[int | None, int]:
        """The widest column count around which at least three lines cluster, and their number."""
        if len(widths) < 3:
            return None, 0
        counts = Counter(widths)
        best_width, best_count = None, 0
        for width in counts:
            tol = max(4, round(width * 0.15))
            count = sum(c for w, c in counts.items() if width - tol <= w <= width)
            if count > best_count or (count == best_count and best_width is not None and width > best_width):
                best_width, best_count = width, count
        if best_count < 3 or best_count * 4 < len(widths):
            return None, best_count
        return best_width, best_count

    def full(self, line: str) -> bool:
        """Whether the line reaches the wrap width (the text went on on the next line)."""
        return self.width is not None and display_width(line) >= self.width - self.tolerance


def _starts_block(line: str) -> bool:
    """Whether a line begins something new: heading, list item, table row, indented paragraph."""
    return bool(
        _MARKER_RE.match(line) or _INDENT_RE.match(line) or _TOC_RE.search(line) or _is_table_row(line)
        or _NO_WORD_RE.match(line)
    )


def _joins(cur: str, nxt: str, blanks: int, layout: _Layout) -> bool:
    """Whether ``nxt`` continues the sentence that ``cur`` (not ending a sentence) left open."""
    stripped = cur.strip()
    if _TERMINAL_RE.search(stripped) or _is_table_row(cur) or _TOC_RE.search(cur) or _NO_WORD_RE.match(stripped):
        return False
    if _starts_block(nxt):
        return False
    head = nxt.lstrip()
    date_cut = stripped[-1:].isdigit() and head[:1] in "年月日号"      # a date cut in two: "10月22" / "日，…"
    strong = bool(_CONTINUES_RE.search(stripped) or _NO_START_RE.match(head) or date_cut)
    if blanks == 0 or (blanks == 1 and layout.double_spaced):
        if strong:
            return True
        if _unbalanced(stripped) and _closes_first(head):
            return True
        if _MARKER_RE.match(cur) or len(stripped) <= _SHORT_TITLE:
            # A heading or list item is joined only when it fills the wrap width: then it is the
            # first line of a numbered paragraph, or a heading that wrapped.
            return layout.full(stripped)
        if layout.width is not None:
            return layout.full(stripped)
        return len(stripped) >= _LONG_LINE
    # Across blank lines: only page breaks inside a sentence.
    if blanks > _MAX_BLANKS_ACROSS:
        return False
    if (_unbalanced(stripped) and _closes_first(head)) or date_cut:
        return True
    if _MARKER_RE.match(cur):
        return False
    next_is_text = bool(
        _TERMINAL_RE.search(head) or len(head) >= 20 or layout.full(head) or _NO_START_RE.match(head)
    )
    if not next_is_text:
        return False
    if strong or len(stripped) >= _LONG_ACROSS_BLANK:
        return True
    # A prose line (it already holds a clause mark) that stops without ending its sentence was cut
    # by a page break even when short: "1月12日，…大会召开。阿里" + blank + "文娱城市创想空间在…".
    return (len(stripped) >= _PROSE_ACROSS_BLANK and bool(_CLAUSE_MARK_RE.search(stripped[:-1]) or _DATED_RE.match(stripped))
            and not _NO_START_RE.match(head) and (len(head) >= _LONG_ACROSS_BLANK or _TERMINAL_RE.search(head)))


def _cell_continues(row: str, nxt: str, after: str | None) -> bool:
    """Whether ``nxt`` is the rest of the last cell of table row ``row`` (wrapped inside the cell)."""
    if not (_is_table_row(row) or row.startswith("\t")) or _TOC_RE.search(row):
        return False
    if "\t" in nxt or _is_table_row(nxt) or _MARKER_RE.match(nxt) or _INDENT_RE.match(nxt):
        return False
    head = nxt.strip()
    if not head or len(head) > _MAX_CELL_CONTINUATION or head[0].isdigit() or _SENTENCE_PUNCT_RE.search(head):
        return False
    return after is None or not after.strip() or after.startswith("\t") or _is_table_row(after)


def _glue(left: str, right: str) -> str:
    left = left.rstrip()
    right = right.lstrip()
    if _ASCII_WORD_END_RE.search(left) and _ASCII_WORD_START_RE.match(right):
        return left + " " + right
    return left + right


def repair_line_breaks(text: str) -> str:
    """Join the lines that PDF extraction broke inside sentences; keep headings, lists and tables.

    A line is joined to the next when it does not end a sentence (。！？；：!?;:), is not a heading
    (``一、``, ``（一）``, ``第三章``, ``1.``, markdown ``#``, table-of-contents lines, short title-like
    lines) and the next line does not start a heading, list item, table row or indented
    paragraph. When the text was wrapped at a fixed width, only lines that reach that width are
    joined; page breaks (blank lines inside a sentence) are bridged only for long lines or when
    punctuation makes the continuation certain. Table rows stay one per line; a row whose last
    cell wrapped onto a short line without a row number gets that line back.

    >>> repair_line_breaks("二、品牌活动：“创客天堂”·创客大赛\\n1月13日，苏州创客大赛总决赛在苏州工业园区成功举办，经过评选，共有20个优质\\n项目进入总决赛。")
    '二、品牌活动：“创客天堂”·创客大赛\\n1月13日，苏州创客大赛总决赛在苏州工业园区成功举办，经过评选，共有20个优质项目进入总决赛。'
    >>> repair_line_breaks("序号\\t地区\\t单位\\n1\\t常熟市\\t常熟市产品质量监督\\n检验所\\n2\\t太仓市\\t赛业生物")
    '序号\\t地区\\t单位\\n1\\t常熟市\\t常熟市产品质量监督检验所\\n2\\t太仓市\\t赛业生物'
    >>> repair_line_breaks("第一段没有结束，\\n\\n下一段。")
    '第一段没有结束，下一段。'
    """
    if not text:
        return text
    lines = text.split("\n")
    layout = _Layout(lines)
    n = len(lines)
    out: list[str] = []
    current: str | None = None        # the (possibly joined) line being built
    current_src = ""                  # the last physical line merged into it
    pending_blanks = 0
    i = 0
    while i < n:
        line = lines[i]
        if not line.strip():
            pending_blanks += 1
            i += 1
            continue
        if current is None:
            out.extend([""] * pending_blanks)
            current, current_src, pending_blanks = line, line, 0
            i += 1
            continue
        if pending_blanks == 0 and _cell_continues(current_src, line, lines[i + 1] if i + 1 < n else None):
            current = _glue(current, line)
            # Further lines continue the same cell only while they are not rows themselves.
            current_src = current_src.rstrip() + line.strip()
            i += 1
            continue
        if _joins(current_src, line, pending_blanks, layout):
            current = _glue(current, line)
            current_src, pending_blanks = line, 0
            i += 1
            continue
        out.append(current)
        out.extend([""] * pending_blanks)
        current, current_src, pending_blanks = line, line, 0
        i += 1
    if current is not None:
        out.append(current)
    out.extend([""] * pending_blanks)
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------

_OPEN_QUOTES = "“「『"
_CLOSE_QUOTES = "”」』"
_SENTENCE_TOKEN_RE = re.compile(
    "(\n)"
    f"|([{_OPEN_QUOTES}])"
    f"|([{_CLOSE_QUOTES}])"
    f"|((?:[。！？]+|[!?]+(?=[\\s{_CJK}]|$))[{re.escape(_CLOSERS)}]*)"
)
_MAX_QUOTE = 300    # a quotation longer than this is taken as an unbalanced quote mark


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences with exact offsets: ``text[s.start:s.end] == s.text``.

    Sentences end at 。！？ (and ``!``/``?`` before a space, CJK or the end) together with the
    closing quotes and brackets that follow, and at every line break, so each table row is a
    sentence of its own. ``；`` does not end a sentence, nor does a ``.`` (``3.5`` stays whole),
    nor a terminator inside a “quotation” on the same line. Sentences are stripped of
    surrounding whitespace; empty ones are skipped.

    >>> [s.text for s in split_sentences("他说：“要创新。要开放。”会议结束。\\n序号\\t单位\\n增长3.5%；完成！")]
    ['他说：“要创新。要开放。”', '会议结束。', '序号\\t单位', '增长3.5%；完成！']
    >>> s = split_sentences("  第一句。 第二句")[1]
    >>> (s.index, s.text, s.start, s.end)
    (1, '第二句', 7, 10)
    """
    sentences: list[Sentence] = []
    append = sentences.append

    def emit(a: int, b: int) -> None:
        chunk = text[a:b]
        stripped = chunk.strip()
        if stripped:
            s = a + len(chunk) - len(chunk.lstrip())
            append(Sentence(len(sentences), stripped, s, s + len(stripped)))

    start = 0
    depth = 0           # quotation marks open on this line
    quote_at = 0        # where the outermost open quotation began
    pending: list[int] = []   # sentence ends inside an open quotation, used if it never closes
    for m in _SENTENCE_TOKEN_RE.finditer(text):
        kind = m.lastindex
        if kind == 2:                       # opening quote
            if depth == 0:
                quote_at = m.start()
            depth += 1
            continue
        if kind == 3:                       # closing quote
            if depth:
                depth -= 1
                if not depth:
                    pending.clear()
            continue
        if kind == 4 and depth:             # terminator inside a quotation
            depth = max(0, depth - sum(m.group(4).count(q) for q in _CLOSE_QUOTES))
            if not depth:
                pending.clear()
            elif m.start() - quote_at <= _MAX_QUOTE:
                pending.append(m.end())
                continue
        if depth:                           # the quotation never closed: its sentences are sentences
            for end in pending:
                emit(start, end)
                start = end
            pending.clear()
            depth = 0
        if kind == 1:                       # line break
            emit(start, m.start())
        else:
            emit(start, m.end())
        start = m.end()
    for end in pending:
        emit(start, end)
        start = end
    emit(start, len(text))
    return sentences


# ---------------------------------------------------------------------------------------------
# Document date and title
# ---------------------------------------------------------------------------------------------

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "两": 2}
_CN_YEAR = "[〇○零Ｏ一二三四五六七八九]{4}"
_CN_SMALL = "[一二三四五六七八九十]{1,3}"
_SEP = r"\s*"
_DATE_RES = [
    # 2021年3月5日 / 2021 年 3 月 5 日 / 二〇二一年三月五日
    re.compile(
        rf"(?P<y>\d{{4}}|{_CN_YEAR}){_SEP}年{_SEP}(?P<m>\d{{1,2}}|{_CN_SMALL}|元){_SEP}月"
        rf"(?:{_SEP}(?P<d>\d{{1,2}}|{_CN_SMALL}){_SEP}[日号])?"
    ),
    # 2021-03-05 / 2021/3/5 / 2021.03.05 (and 2021-03)
    re.compile(r"(?<![\d.\-/])(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?:(?P=s)(?P<d>\d{1,2}))?(?![\d.\-/])"),
]
_QUARTER_RE = re.compile(rf"(?:(?P<y>\d{{4}}|{_CN_YEAR}){_SEP}年(?:度)?{_SEP})?第?{_SEP}(?P<q>[一二三四1-4]){_SEP}季度")
_YEAR_RE = re.compile(rf"(?P<y>(?:19|20)\d{{2}}|{_CN_YEAR})(?:{_SEP}年|〕|\]|］)")
_DATE_LINE_RE = re.compile(
    r"^[\s(（\[【]*(?:(?:日期|时间|发布时间|发布日期|印发日期|成文日期)[:：]?\s*)?(?P<date>.{6,24}?)[\s)）\]】]*$"
)
_HEAD_CHARS = 3000
_HEAD_LINES = 60


def _cn_int(token: str) -> int | None:
    """'三' -> 3, '十二' -> 12, '二十一' -> 21, '12' -> 12, '二〇二一' -> 2021."""
    if token.isdigit():
        return int(token)
    if token == "元":
        return 1
    if "十" not in token:
        value = 0
        for ch in token:
            if ch not in _CN_DIGITS:
                return None
            value = value * 10 + _CN_DIGITS[ch]
        return value
    tens, _, ones = token.partition("十")
    high = _CN_DIGITS.get(tens, None) if tens else 1
    low = _CN_DIGITS.get(ones, None) if ones else 0
    if high is None or low is None:
        return None
    return high * 10 + low


def _date_from_match(m: re.Match) -> str | None:
    year = _cn_int(m.group("y"))
    month = _cn_int(m.group("m"))
    day = _cn_int(m.group("d")) if m.group("d") else None
    if year is None or not 1900 <= year <= 2100 or month is None or not 1 <= month <= 12:
        return None
    if day is not None:
        if not 1 <= day <= 31:
            return None
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}"


def _find_date(text: str, whole: bool = False) -> str | None:
    best: tuple[int, str] | None = None
    for regex in _DATE_RES:
        for m in regex.finditer(text):
            if whole and (m.start() > 0 or m.end() < len(text)):
                continue
            value = _date_from_match(m)
            if value and (best is None or m.start() < best[0]):
                best = (m.start(), value)
                break
    return best[1] if best else None


def detect_date(text: str) -> str | None:
    """The document's own date, from the head of its text: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    A line that is only a date (a cover or signature date) wins; then a quarter ("2021年第一季度",
    or "第一季度季报" with a year elsewhere in the head) gives the year; then the first full date
    in the first few hundred characters. Chinese numerals work.

    >>> detect_date("苏州市众创空间 第一季度季报\\n\\n（内部资料）\\n\\n二〇二一年三月\\n\\n目录")
    '2021-03'
    >>> detect_date("中共苏州市委文件\\n苏委发〔2022〕1号\\n(2022年1月2日)\\n正文")
    '2022-01-02'
    >>> detect_date("2021年第一季度季报\\n正文")
    '2021'
    >>> detect_date("发布时间：2021-03-05\\n正文")
    '2021-03-05'
    >>> detect_date("二〇二一年十二月二十日")
    '2021-12-20'
    >>> detect_date("没有日期的文本") is None
    True
    """
    if not text:
        return None
    head = text[:_HEAD_CHARS]
    lines = [line.strip() for line in head.split("\n")[:_HEAD_LINES] if line.strip()]
    for line in lines:
        m = _DATE_LINE_RE.match(line)
        if m:
            value = _find_date(m.group("date"), whole=True)
            if value:
                return value
    for line in lines:
        q = _QUARTER_RE.search(line)
        if q:
            year = _cn_int(q.group("y")) if q.group("y") else None
            if year is None:
                y = _YEAR_RE.search(head)
                year = _cn_int(y.group("y")) if y else None
            if year and 1900 <= year <= 2100:
                return f"{year:04d}"
    return _find_date(head[:600])


_TITLE_SKIP_RE = re.compile(
    r"^(?:[（(【\[]?(?:内部资料|内部|机密|秘密|绝密|目录|目\s*录|摘要|前言|附件\d*)[）)】\]]?"
    r"|[\d\s\W_]+"
    r"|\S{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号"
    r"|(?!关于)\S{2,20}文件"          # the masthead of an official document: 中共苏州市委文件
    r"|第?\s*\d+\s*页.*)$"
)
_TITLE_MARKUP_RE = re.compile(r"^\s*#{1,6}\s*|</?[a-zA-Z][^>]*>|\*\*|__")
_MAX_TITLE = 80
_WORD_RE = re.compile(f"[A-Za-z{_CJK}]")


def guess_title(text: str) -> str:
    """The first meaningful non-empty line, without markup, at most 80 characters.

    Lines that are only a document number, a date, an official masthead ("中共苏州市委文件"),
    "内部资料" or "目录" are skipped; a title whose 《》 or “” is left open takes in the next line.

    >>> guess_title("\\n相政发〔2021〕24号\\n关于印发《苏州市相城区“十四五”\\n\\n科技创新发展规划》的通知\\n正文")
    '关于印发《苏州市相城区“十四五”科技创新发展规划》的通知'
    >>> guess_title("# 苏州市众创空间协会\\n")
    '苏州市众创空间协会'
    >>> guess_title("中共苏州市委文件\\n苏委发〔2022〕1号\\n关于推进产业创新集群发展的指导意见\\n")
    '关于推进产业创新集群发展的指导意见'
    """
    lines = [line for line in (_TITLE_MARKUP_RE.sub("", raw).strip() for raw in text[:_HEAD_CHARS].split("\n")) if line]
    head = lines[:_HEAD_LINES]
    chosen = next(
        (i for i, line in enumerate(head)
         if not _TITLE_SKIP_RE.match(line) and not _find_date(line.strip("()（）"), whole=True)),
        None,
    )
    if chosen is None:  # only mastheads, numbers and dates: take the first line with words
        chosen = next((i for i, line in enumerate(head) if _WORD_RE.search(line)), None)
        if chosen is None:
            return ""
    title = lines[chosen]
    j = chosen + 1
    while _unbalanced(title) and j < len(lines) and j <= chosen + 2 and len(title) < _MAX_TITLE:
        title += lines[j]
        j += 1
    title = re.sub(r"\s+", " ", title).strip()
    if len(title) > _MAX_TITLE:
        title = title[: _MAX_TITLE - 1].rstrip() + "…"
    return title
