import pytest

from kamdesk.core.pinyin import pinyin_full, pinyin_initials
from kamdesk.core.search import parse_search

pytestmark = pytest.mark.nodb


@pytest.mark.parametrize(
    ("raw", "kind", "value"),
    [
        ("13812345678", "number", "13812345678"),
        ("+86 138 1234 5678", "number", "13812345678"),
        ("1440123456789", "number", "1440123456789"),
        ("91350100m000100y43", "uscc", "91350100M000100Y43"),
        ("zgyd", "pinyin", "zgyd"),
        ("ZhongGuo", "pinyin", "zhongguo"),
        ("中国移动", "text", "中国移动"),
        ("  ", "empty", ""),
    ],
)
def test_it_reads_the_search_box_by_shape(raw, kind, value):
    query = parse_search(raw)
    assert (query.kind, query.value) == (kind, value)


def test_it_derives_pinyin_and_initials():
    assert pinyin_full("中国移动") == "zhongguoyidong"
    assert pinyin_initials("中国移动") == "zgyd"
