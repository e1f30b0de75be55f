"""Reading mistune's AST: what a reader sees of inline Markdown, bullets, thumbnails and media.

mistune is imported on first use: plain entries never need it (see ``parse._fast_body``).
"""

from __future__ import annotations

import re

from .model import Bullet
from .text import clean

# "[Watch Video]https://…" items, any number. Every quantifier possessive and a link run that
# stops where the next item starts: one way to match, so linear (the plain form backtracked
# exponentially on "Watch Video " * 30 + "x y").
_MEDIA_TEXT = re.compile(r"^\s*+(?:\[?+\s*+Watch Video(?:\s*+\])?+(?:(?!\[?\s*Watch Video)\S)*+\s*+)*+$", re.I)
_parser = None


def parse_markdown(text: str) -> list[dict]:
    """mistune's AST of ``text``."""
    global _parser
    if _parser is None:
        import mistune

        _parser = mistune.create_markdown(renderer=None, plugins=["math"])
    tree = _parser(text)
    return tree if isinstance(tree, list) else []  # with no renderer mistune gives the AST, a list


def heading_title_url(children: list[dict]) -> tuple[str, str | None]:
    url = None
    for child in children:
        if child.get("type") == "link":
            url = clean(child.get("attrs", {}).get("url", "")) or None
            break
    return clean(inline_text(children)), url


def inline_text(children: list[dict]) -> str:
    """What a reader sees of inline Markdown: emphasis and link syntax gone, code and math kept."""
    parts: list[str] = []
    stack = list(reversed(children))
    while stack:
        node = stack.pop()
        kind = node.get("type")
        if kind in ("softbreak", "linebreak"):
            parts.append(" ")
        elif kind == "image":
            continue
        elif kind == "inline_math":
            parts.append(f"${node.get('raw', '')}$")
        elif "children" in node and kind != "codespan":
            stack.extend(reversed(node["children"] or []))
        else:
            parts.append(node.get("raw", "") or "")
    return "".join(parts)


def first_image(children: list[dict]) -> str | None:
    for child in children:
        if child.get("type") == "image":
            return clean(child.get("attrs", {}).get("url", "")) or None
        if child.get("type") == "link" and child.get("children"):
            found = first_image(child["children"])
            if found:
                return found
    return None


def is_media(children: list[dict]) -> bool:
    """A paragraph of only images, links, raw HTML and "[Watch Video]" text (video entries)."""
    text = []
    for child in children:
        kind = child.get("type")
        if kind in ("image", "inline_html", "softbreak", "linebreak", "link"):
            continue
        text.append(inline_text([child]))
    return bool(_MEDIA_TEXT.match("".join(text)))


def plain_bullet(raw: str) -> Bullet | None:
    text = clean(raw)
    return Bullet(None, text) if text else None


def bullet_from_inlines(children: list[dict], nested: tuple[Bullet, ...] = ()) -> Bullet | None:
    label = None
    if children and children[0].get("type") in ("strong", "emphasis"):
        first = clean(inline_text([children[0]]))
        rest = inline_text(children[1:])
        if first.endswith(":") and len(first) > 1:
            label, text = first[:-1].strip(), rest
        elif rest.lstrip().startswith(":") and first:
            label, text = first, rest.lstrip()[1:]
        else:
            text = inline_text(children)
    else:
        text = inline_text(children)
    text = clean(text)
    if not text and not label and not nested:
        return None
    return Bullet(label, text, nested)


def list_bullets(block: dict) -> list[Bullet]:
    """Bullets of a list; an ordered list's items keep their numbers ("1) ...") as a reader sees them."""
    bullets = []
    attrs = block.get("attrs") or {}
    number: int | None = attrs.get("start", 1) if attrs.get("ordered") else None
    for item in block.get("children") or []:
        inlines: list[dict] = []
        nested: list[Bullet] = []
        children = list(item.get("children") or [])
        if children and children[0].get("type") == "list" and children[0].get("children"):
            # "- 1) text" reads as one bullet whose text starts "1)", not an empty bullet
            inner = children.pop(0)
            marker = "" if (inner.get("attrs") or {}).get("ordered") else inner.get("bullet", "-") + " "
            first, *rest = list_bullets(inner) or [Bullet(None, "")]
            bullets.append(Bullet(first.label, clean(marker + first.text), first.children + tuple(rest)))
            if not children:
                continue
        for child in children:
            kind = child.get("type")
            if kind == "list":
                nested.extend(list_bullets(child))
            elif kind == "block_code":
                if plain := plain_bullet(child.get("raw", "")):
                    nested.append(plain)
            elif child.get("children") is not None:
                if inlines:
                    inlines.append({"type": "softbreak"})
                inlines.extend(child["children"] if kind in ("block_text", "paragraph", "heading") else [{"type": "text", "raw": inline_text(child["children"])}])
        if number is not None:
            inlines.insert(0, {"type": "text", "raw": f"{number}{block.get('bullet', '.')} "})
            number += 1
        bullet = bullet_from_inlines(inlines, tuple(nested))
        if bullet is not None:
            bullets.append(bullet)
    return bullets
