"""Chinese word segmentation for the knowledge base (jieba, pypinyin). Pure: no Django.

``cut_for_search`` also yields the dictionary words inside longer words (套餐资费说明
gives 套餐, 资费, 说明), so a query finds a word inside a longer phrase. Domain words
are added to jieba's dictionary so they stay whole (携号转网, 个人信息保护法).
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter

import jieba
from pypinyin import lazy_pinyin

jieba.setLogLevel(logging.WARNING)

DOMAIN_WORDS = (
    "携号转网",
    "实名制",
    "实名登记",
    "备案编号",
    "资费",
    "套餐资费",
    "集团V网",
    "V网",
    "个人信息保护法",
    "电信条例",
    "电信服务规范",
    "消费者权益保护法",
    "短信息服务管理规定",
    "携号转网服务管理规定",
    "客户经理",
    "专线",
    "物联网",
    "流量池",
    "副卡",
    "主卡",
    "国际漫游",
    "限速",
    "结转",
    "合约期",
    "保底消费",
    "政企",
    "中国联通",
    "中国电信",
    "中国广电",
    "退订",
    "授权码",
    "一证通查",
    "5G专网",
    "云专线",
    "移动云",
    "千里眼",
    "和对讲",
    "集团彩铃",
    "工信部",
)
_STOPWORD_TEXT = (
    "的 了 和 与 及 或 在 是 为 对 等 由 从 把 被 就 也 都 而 并 其 之 以 于 这 那 "
    "有 个 中 上 下 不 可 要 会 将 已 各 每 该 如 时 后 前 内 外 我们 他们 可以 进行 "
    "如果 应当 需要 一个"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)
_ready = threading.Lock()
_loaded = False


def _init() -> None:
    global _loaded
    with _ready:
        if not _loaded:
            for word in DOMAIN_WORDS:
                jieba.add_word(word, freq=20000)
            jieba.initialize()
            _loaded = True


def _keep(word: str) -> bool:
    if not word or _PUNCT.match(word) or word in STOPWORDS:
        return False
    return len(word) > 1 or word.isalnum()


def _inner_words(word: str) -> list[str]:
    """Dictionary words inside a long word beyond jieba's 2- and 3-character grams
    (携号转网 inside 携号转网服务管理规定)."""
    if len(word) < 5:
        return []
    freq = jieba.dt.FREQ
    return [
        word[i : i + n]
        for n in range(4, len(word))
        for i in range(len(word) - n + 1)
        if freq.get(word[i : i + n])
    ]


def tokens(text: str) -> list[str]:
    """The words of ``text`` to index: every word and the words inside it, lower case,
    without punctuation or stop words."""
    _init()
    found = []
    for raw in jieba.cut_for_search(text or ""):
        word = raw.strip().lower()[:64]
        if _keep(word):
            found.append(word)
            found.extend(_inner_words(word))
    return found


def query_words(text: str) -> list[tuple[str, list[str]]]:
    """The words of a query (longest segmentation), each with the smaller words inside
    it: a document satisfies a word when it has the word or all of its smaller words."""
    _init()
    words = []
    for raw in jieba.cut(text or ""):
        word = raw.strip().lower()[:64]
        if _keep(word):
            inner = [w for w in dict.fromkeys(tokens(word)) if w != word]
            words.append((word, inner))
    return list({w: (w, inner) for w, inner in words}.values())


def counts(text: str) -> Counter[str]:
    return Counter(tokens(text))


def pinyin_of(word: str) -> str:
    """``资费`` → ``zifei`` (only for words with Chinese characters)."""
    if not re.search(r"[\u4e00-\u9fff]", word):
        return ""
    return "".join(lazy_pinyin(word)).lower()[:64]
