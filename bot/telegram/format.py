"""Text for Telegram: HTML-escaped, split under the 4,096-character limit on paragraphs."""

import html

LIMIT = 4096


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def split_message(text: str, limit: int = LIMIT) -> list[str]:
    """Split on blank lines, then lines, then hard, so no part exceeds the limit once escaped."""
    if len(escape(text)) <= limit:
        return [text]
    parts, current = [], ""
    for separator in ("\n\n", "\n"):
        if separator in text:
            pieces = text.split(separator)
            break
    else:
        separator, pieces = "", list(text)
    for piece in pieces:
        candidate = f"{current}{separator}{piece}" if current else piece
        if len(escape(candidate)) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        if len(escape(piece)) > limit:
            parts.extend(split_message(piece, limit) if separator else _hard(piece, limit))
            current = ""
        else:
            current = piece
    if current:
        parts.append(current)
    return parts


def _hard(text: str, limit: int) -> list[str]:
    out, current = [], ""
    for ch in text:
        if len(escape(current + ch)) > limit:
            out.append(current)
            current = ""
        current += ch
    return out + ([current] if current else [])
