import json

import pytest

from kamdesk.customers.models import Customer
from tests.customers.imports.helpers import CUSTOMER_HEADER, group_row, run_import, write_csv

CHINESE = {
    "customer_code": "客户编码",
    "kind": "客户类型",
    "name": "客户名称",
    "uscc": "统一社会信用代码",
    "grade": "客户等级",
    "manager": "客户经理工号",
}


def _chinese_file(tmp_path):
    row = group_row("G001", 1)
    row["kind"] = "集团客户"
    header = [CHINESE.get(c, c) for c in CUSTOMER_HEADER]
    return write_csv(
        tmp_path / "boss.csv", header, [{CHINESE.get(k, k): v for k, v in row.items()}]
    )


@pytest.mark.django_db
def test_it_maps_an_operators_column_names_with_a_json_file(tmp_path, manager):
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps(
            {
                "columns": {v: k for k, v in CHINESE.items()},
                "values": {"kind": {"集团客户": "group", "个人客户": "individual"}},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )

    out, err = run_import("customers", _chinese_file(tmp_path), "--mapping", mapping)

    assert "1 created" in out
    assert err == ""
    assert Customer.objects.get(code="G001").kind == "group"


@pytest.mark.django_db
def test_it_maps_column_names_with_a_flat_toml_file(tmp_path, manager):
    path = write_csv(
        tmp_path / "boss.csv",
        [CHINESE.get(c, c) for c in CUSTOMER_HEADER],
        [{CHINESE.get(k, k): v for k, v in group_row("G001", 1).items()}],
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text("\n".join(f'"{v}" = "{k}"' for k, v in CHINESE.items()), encoding="utf-8")

    run_import("customers", path, "--mapping", mapping)

    assert Customer.objects.get(code="G001").manager == manager
