"""Render a :class:`~tests.corpus.document.PrintedDocument` as an HTML page, three ways.

- ``plain`` — a bare page: ``<meta charset>``, ``<p>`` paragraphs, ``<table border="1">``
  with a cell's paragraphs joined by ``<br>``.
- ``portal`` — the way a government portal's 信息公开 column publishes it: an XHTML doctype,
  ``http-equiv`` charset, tab-indented markup, scripts and styles (one script writes a
  ``<table>`` of its own), a site header with a menu, a two-column layout ``<table>`` whose
  left cell is a sidebar menu and whose right cell holds a breadcrumb, the article title and
  the document (cells as ``<p>`` per paragraph, ``<tbody>``), then a footer with a phone
  number that is not the filler's.
- ``word`` — Word's "Save as HTML": Office namespaces, ``<![if …]>`` blocks, ``mso-`` styles,
  ``<o:p>`` marks, ``MsoNormal`` paragraphs split into ``<span>`` runs at Latin/Chinese
  boundaries, automatic list numbers, CRLF lines wrapped inside Chinese text, a trailing
  ``supportMisalignedColumns`` row of empty cells, and ``&nbsp;`` in empty cells.

Spans become ``rowspan``/``colspan``; the positions they cover (``None``) are not written.
Runs of spaces are written as a space and ``&nbsp;`` so that a browser shows them all.
``encoding`` is what the bytes are; ``charset`` is what the page says it is (a portal that
says ``gb2312`` and writes GB18030 is the common case).
"""

from __future__ import annotations

import re
import unicodedata
from html import escape
from typing import Literal

from tests.corpus.document import PrintedCell, PrintedDocument, PrintedTable

Flavour = Literal["plain", "portal", "word"]

_SPACE_RUN = re.compile(r" {2,}")
# Word's automatic numbering: the number, then the space Word puts before the text.
_AUTO_NUMBER = re.compile(r"^(\d{1,2}、) (.*)$")
_LATIN_RUN = re.compile(r"[\x20-\x7e]+")
# Word wraps its HTML at about this many characters, Chinese text included.
_WORD_WRAP = 36


def _text(line: str) -> str:
    """A line as HTML text, every space visible."""
    escaped = escape(line.replace("\t", " "), quote=False)
    return _SPACE_RUN.sub(lambda m: " " + "&nbsp;" * (len(m.group()) - 1), escaped)


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _spans(cell: PrintedCell) -> str:
    out = ""
    if cell.rowspan > 1:
        out += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        out += f' colspan="{cell.colspan}"'
    return out


# --- plain --------------------------------------------------------------------------------------


def _plain_table(table: PrintedTable) -> list[str]:
    out = ['<table border="1">']
    for row in table.rows:
        cells = "".join(
            f"<td{_spans(c)}>{'<br>'.join(_text(line) for line in _lines(c.text))}</td>"
            for c in row
            if c is not None
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return out


def _plain(document: PrintedDocument, charset: str, title: str) -> str:
    body: list[str] = []
    for block in document.blocks:
        if isinstance(block, PrintedTable):
            body.extend(_plain_table(block))
        else:
            body.extend(f"<p>{_text(line)}</p>" for line in _lines(block))
    head = f'<meta charset="{charset}">\n<title>{escape(title)}</title>'
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n'
        + head
        + "\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


# --- portal -------------------------------------------------------------------------------------

_PORTAL_HEAD = """\
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" \
"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
\t<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
\t<meta name="ArticleTitle" content="{title}" />
\t<title>{title}_信息公开_某区人民政府门户网站</title>
\t<link rel="stylesheet" type="text/css" href="/images/style.css" />
\t<style type="text/css">
\t\t.nav li {{ float: left; }} td.zw p {{ text-indent: 2em; }}
\t</style>
\t<script type="text/javascript">
\t\tdocument.write("<table><tr><td>访问统计</td><td>一级指标</td><td>三级指标</td></tr></table>");
\t</script>
</head>
<body>
\t<div class="header">
\t\t<div class="logo">某区人民政府门户网站</div>
\t\t<div class="nav">
\t\t\t<ul>
\t\t\t\t<li><a href="/">首页</a></li>
\t\t\t\t<li><a href="/zwgk/">政务公开</a></li>
\t\t\t\t<li><a href="/xxgk/">信息公开</a></li>
\t\t\t\t<li><a href="/bsfw/">办事服务</a></li>
\t\t\t\t<li><a href="/hdjl/">互动交流</a></li>
\t\t\t</ul>
\t\t</div>
\t</div>
\t<!-- 正文开始 -->
\t<table class="layout" width="1000" border="0" cellspacing="0" cellpadding="0" align="center">
\t\t<tr>
\t\t\t<td class="left" width="220" valign="top">
\t\t\t\t<div class="sidebar">
\t\t\t\t\t<h3>财政预决算</h3>
\t\t\t\t\t<ul>
\t\t\t\t\t\t<li><a href="/czyjs/bmys/">部门预算</a></li>
\t\t\t\t\t\t<li><a href="/czyjs/bmjs/">部门决算</a></li>
\t\t\t\t\t\t<li><a href="/czyjs/jxzp/">绩效自评</a></li>
\t\t\t\t\t</ul>
\t\t\t\t</div>
\t\t\t</td>
\t\t\t<td class="right" valign="top">
\t\t\t\t<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> \
&gt; <a href="/czyjs/">财政预决算</a></div>
\t\t\t\t<div class="article">
\t\t\t\t\t<h1 class="title">{title}</h1>
\t\t\t\t\t<div class="info">发布时间：2024-06-12&nbsp;&nbsp;来源：本站&nbsp;&nbsp;浏览次数：\
<span id="hits"></span></div>
\t\t\t\t\t<div class="zw" id="zoom">
"""

_PORTAL_FOOT = """\
\t\t\t\t\t</div>
\t\t\t\t\t<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> \
<a href="#">QQ空间</a></div>
\t\t\t\t</div>
\t\t\t</td>
\t\t</tr>
\t</table>
\t<div class="footer">
\t\t<p>主办：某区人民政府办公室&nbsp;&nbsp;承办：某区数据资源局</p>
\t\t<p>联系电话：0731-00000000&nbsp;&nbsp;<a href="https://beian.miit.gov.cn/">备案号：00ICP备00000000号</a></p>
\t\t<p>网站标识码：0000000000&nbsp;&nbsp;公安机关备案号：00000000000000</p>
\t</div>
\t<script type="text/javascript">var hits = "<tr><td>12345</td></tr>";</script>
</body>
</html>
"""


def _portal_table(table: PrintedTable) -> list[str]:
    indent = "\t" * 5
    out = [
        f'{indent}<table border="1" cellspacing="0" cellpadding="0" width="100%">',
        f"{indent}\t<tbody>",
    ]
    for row in table.rows:
        out.append(f"{indent}\t\t<tr>")
        for cell in row:
            if cell is None:
                continue
            paragraphs = "".join(f"<p>{_text(line)}</p>" for line in _lines(cell.text))
            out.append(f'{indent}\t\t\t<td{_spans(cell)} valign="center">{paragraphs}</td>')
        out.append(f"{indent}\t\t</tr>")
    out.extend([f"{indent}\t</tbody>", f"{indent}</table>"])
    return out


def _portal(document: PrintedDocument, charset: str, title: str) -> str:
    body: list[str] = []
    for block in document.blocks:
        if isinstance(block, PrintedTable):
            body.extend(_portal_table(block))
        else:
            body.extend(
                f'\t\t\t\t\t\t<p style="text-indent:2em">{_text(line)}</p>'
                for line in _lines(block)
            )
    head = _PORTAL_HEAD.format(charset=charset, title=escape(title))
    return head + "\n".join(body) + "\n" + _PORTAL_FOOT


# --- word ---------------------------------------------------------------------------------------

_WORD_HEAD = """\
<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset={charset}">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<title>{title}</title>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>user</o:Author>
  <o:Pages>3</o:Pages>
 </o:DocumentProperties>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face
\t{{font-family:宋体;
\tpanose-1:2 1 6 0 3 1 1 1 1 1;
\tmso-font-charset:134;}}
p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{{mso-style-unhide:no;
\tmso-style-qformat:yes;
\tmargin:0cm;
\ttext-align:justify;
\tfont-size:10.5pt;
\tfont-family:等线;}}
-->
</style>
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>

<div class=WordSection1 style='layout-grid:15.6pt'>

"""

_WORD_FOOT = """
</div>

</body>

</html>
"""
_WORD_EMPTY = "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _word_wrap(line: str) -> list[str]:
    """Cut a long line between two Chinese characters, as Word's HTML writer does."""
    pieces: list[str] = []
    start = 0
    for i in range(_WORD_WRAP, len(line), _WORD_WRAP):
        if _wide(line[i - 1]) and _wide(line[i]):
            pieces.append(line[start:i])
            start = i
    pieces.append(line[start:])
    return pieces


def _word_runs(line: str) -> str:
    """Latin runs in ``lang=EN-US`` spans, Chinese in 宋体 spans, wrapped with CRLF."""
    out: list[str] = []
    position = 0
    for match in _LATIN_RUN.finditer(line):
        if match.start() > position:
            out.append(_word_chinese(line[position : match.start()]))
        out.append(f"<span lang=EN-US>{_text(match.group())}</span>")
        position = match.end()
    if position < len(line):
        out.append(_word_chinese(line[position:]))
    return "".join(out)


def _word_chinese(text: str) -> str:
    wrapped = "\r\n".join(_text(piece) for piece in _word_wrap(text))
    return (
        f"<span style='font-family:宋体;mso-ascii-font-family:\"Times New Roman\"'>{wrapped}</span>"
    )


def _word_paragraph(line: str, *, in_cell: bool = False) -> str:
    numbered = _AUTO_NUMBER.match(line)
    if numbered and not in_cell:
        number, rest = numbered.groups()
        return (
            "<p class=MsoListParagraph style='margin-left:18.0pt;text-indent:-18.0pt;"
            "mso-list:l0 level1 lfo1'><![if !supportLists]><span lang=EN-US>"
            f"{number}<span style='font:7.0pt \"Times New Roman\"'>&nbsp;</span></span>"
            f"<![endif]>{_word_runs(rest)}<o:p></o:p></p>"
        )
    align = " align=center style='text-align:center'" if in_cell else ""
    return f"<p class=MsoNormal{align}>{_word_runs(line)}<span lang=EN-US><o:p></o:p></span></p>"


def _word_table(table: PrintedTable) -> list[str]:
    out = [
        "<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 width=623",
        " style='width:467.5pt;border-collapse:collapse;mso-yfti-tbllook:1184;",
        " mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>",
    ]
    for r, row in enumerate(table.rows):
        out.append(f" <tr style='mso-yfti-irow:{r};height:20.0pt'>")
        for cell in row:
            if cell is None:
                continue
            lines = _lines(cell.text)
            content = "\r\n".join(_word_paragraph(line, in_cell=True) for line in lines)
            out.append(
                f"  <td width=78{_spans(cell).replace(chr(34), '')} valign=top"
                " style='width:58.5pt;border:solid windowtext 1.0pt;"
                "mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>"
            )
            out.append(f"  {content or _WORD_EMPTY}")
            out.append("  </td>")
        out.append(" </tr>")
    out.append(" <![if !supportMisalignedColumns]>")
    out.append(" <tr height=0>")
    out.extend("  <td width=78 style='border:none'></td>" for _ in range(table.width))
    out.append(" </tr>")
    out.append(" <![endif]>")
    out.append("</table>")
    out.append(_WORD_EMPTY)  # Word keeps a paragraph after every table
    return out


def _word(document: PrintedDocument, charset: str, title: str) -> str:
    chunks: list[str] = []  # Word puts a blank line between paragraphs and tables
    for block in document.blocks:
        if isinstance(block, PrintedTable):
            chunks.append("\n".join(_word_table(block)))
        else:
            chunks.extend(_word_paragraph(line) for line in _lines(block))
    head = _WORD_HEAD.format(charset=charset, title=escape(title))
    text = head + "\n\n".join(chunks) + _WORD_FOOT
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


# --- the entry point ----------------------------------------------------------------------------

_RENDER = {"plain": _plain, "portal": _portal, "word": _word}


def html_text(
    document: PrintedDocument,
    *,
    flavour: Flavour = "plain",
    charset: str = "utf-8",
    title: str = "",
) -> str:
    """The page as text; ``charset`` is only what the page declares."""
    return _RENDER[flavour](document, charset, title)


def write_html(
    document: PrintedDocument,
    *,
    flavour: Flavour = "plain",
    encoding: str = "utf-8",
    charset: str | None = None,
    title: str = "",
) -> bytes:
    """The page as bytes in ``encoding``, declaring ``charset`` (default: the encoding)."""
    page = html_text(document, flavour=flavour, charset=charset or encoding, title=title)
    return page.encode(encoding)
