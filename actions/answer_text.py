"""How an article becomes a reply: hotline name first, the source last."""

from knowledge.articles import Article
from knowledge.hotlines import load_routing


def format_answer(article: Article, lang: str) -> str:
    hotline = load_routing().hotlines[article.hotline].name(lang)
    sources = "；".join(article.sources) if lang == "zh" else "; ".join(article.sources)
    lines = []
    if lang == "zh":
        lines.append(f"【{hotline}】{article.title['zh']}")
        if article.historical:
            lines.append("⚠ 以下是2020年疫情期间的历史措施，现已不再适用，仅供了解。")
        lines.append(article.answer["zh"])
        note = "（据转载文本整理，以官方原文为准）" if article.confidence == "secondary" else ""
        lines.append(f"来源：{sources}{note}；复核日期 {article.reviewed.isoformat()}")
    else:
        lines.append(f"[{hotline}] {article.title['en']}")
        if article.historical:
            lines.append("⚠ This describes a 2020 emergency measure that no longer applies; "
                         "history only.")
        lines.append(article.answer["en"])
        note = " (from a secondary copy; the official text prevails)" \
            if article.confidence == "secondary" else ""
        lines.append(f"Source: {sources}{note}; reviewed {article.reviewed.isoformat()}")
    return "\n\n".join(lines)
