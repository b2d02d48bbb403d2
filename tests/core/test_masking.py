import pytest

from kamdesk.core.masking import mask_email, mask_id, mask_name, mask_number
from kamdesk.core.money import format_yuan, to_yuan

pytestmark = pytest.mark.nodb


def test_it_masks_a_mobile_number_as_operators_do():
    assert mask_number("13812345678") == "138****5678"


def test_it_masks_an_iot_number_keeping_three_and_four():
    assert mask_number("1440123456789") == "144******6789"


def test_it_masks_identity_numbers_keeping_four_and_four():
    assert mask_id("11010519491231002X") == "1101**********002X"


def test_it_masks_names_and_emails():
    assert mask_name("张三丰") == "张**"
    assert mask_email("zhang@example.cn") == "z***@example.cn"


def test_it_formats_yuan_the_chinese_way():
    assert format_yuan(to_yuan("12345.6")) == "¥12,345.60"
    assert format_yuan(to_yuan("-3")) == "-¥3.00"


def test_it_refuses_a_non_amount():
    with pytest.raises(ValueError):
        to_yuan("twelve")
