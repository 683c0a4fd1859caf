"""Markdown written by staff, rendered and then cleaned with an allow-list before it is marked safe."""

import html
import re

import markdown as _markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote",
    "a", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text: str | None) -> Markup:
    html = _markdown.markdown(text or "", extensions=["sane_lists", "tables"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(cleaned)


_BLOCK_END = re.compile(r"</(p|li|h[2-4]|blockquote|tr)>|<br ?/?>")
_TAG = re.compile(r"<[^>]+>")


def plain_text(markdown_text: str | None) -> str:
    """Markdown for a plain-text mail: the rendered text without tags, so no Markdown symbols show."""
    rendered = str(render_markdown(markdown_text)).replace("<li>", "<li>- ")
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", rendered)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
