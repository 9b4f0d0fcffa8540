"""Language detection and the tokenizer shared by search (jieba + an English stemmer)."""

import logging
import re
from functools import lru_cache

import jieba
import Stemmer

from knowledge import KNOWLEDGE_DIR

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")

# Function words that carry no topic; single CJK characters are dropped too, except these.
ZH_STOP = set("的 了 吗 呢 啊 吧 是 我 你 他 她 它 我们 你们 他们 这 那 这个 那个 请问 "
              "请 问 想 要 能 会 可以 怎么 怎么办 什么 如何 哪些 哪个 多少 一下 有没有 有 没有 "
              "和 与 及 或 在 对 就 都 也 还 被 把 给 让 从 到 吗 嘛 呀 哦 公司 您好 你好".split())
ZH_KEEP_SINGLE = set("税 票 假 薪 证 罚")
EN_STOP = set("a an the is are was were be been being am do does did i me my we our you your "
              "he she it they them their of to in on at for with by from as or and but if so "
              "can could should would will shall may might must how what when where which who "
              "whom why this that these those there here have has had not no yes any some "
              "about into than then too very just please hi hello get got".split())

_stemmer = Stemmer.Stemmer("english")
jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def _jieba_ready() -> bool:
    for path in sorted((KNOWLEDGE_DIR / "jieba_dict").glob("*.txt")):
        jieba.load_userdict(str(path))
    return True


def detect_lang(text: str) -> str:
    """zh when the text has any CJK character (Chinese users mix in English terms), else en."""
    return "zh" if CJK.search(text) else "en"


def tokenize(text: str) -> list[str]:
    _jieba_ready()
    text = text.lower()
    tokens: list[str] = []
    for piece in jieba.cut_for_search(text):
        piece = piece.strip()
        if not piece:
            continue
        if CJK.search(piece):
            if piece in ZH_STOP or (len(piece) == 1 and piece not in ZH_KEEP_SINGLE):
                continue
            tokens.append(piece)
        else:
            for word in LATIN_WORD.findall(piece):
                if word not in EN_STOP:
                    tokens.append(_stemmer.stemWord(word))
    return tokens
