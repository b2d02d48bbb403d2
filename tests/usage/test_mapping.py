"""An operator's own export layout maps to ours through the mapping file, without code."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from kamdesk.usage.models import SubscriberMonth
from tests.usage.data import write_csv

pytestmark = pytest.mark.django_db

HEADER = [
    "流水号",
    "用户号码",
    "业务类型",
    "呼叫类型",
    "开始时间",
    "时长",
    "流量",
    "对端号码",
    "对端运营商",
    "漫游类型",
    "费用",
]


def test_it_reads_an_operators_layout_through_the_mapping_file(warehouse, group, tmp_path):
    mapping = tmp_path / "cdr-mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "columns": dict(
                    zip(
                        HEADER,
                        [
                            "record_id",
                            "number",
                            "service",
                            "direction",
                            "start_time",
                            "duration_s",
                            "volume_kb",
                            "peer",
                            "peer_operator",
                            "roaming",
                            "charge",
                        ],
                        strict=True,
                    )
                ),
                "values": {
                    "service": {"语音": "voice", "短信": "sms"},
                    "direction": {"主叫": "out", "被叫": "in"},
                    "roaming": {"非漫游": "none", "国内漫游": "domestic"},
                },
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    rows = [
        dict(
            zip(
                HEADER,
                [
                    "X1",
                    "13800000001",
                    "语音",
                    "主叫",
                    "2026-09-01 08:00:00",
                    "125",
                    "0",
                    "13912345678",
                    "中国移动",
                    "非漫游",
                    "0.30",
                ],
                strict=True,
            )
        ),
        dict(
            zip(
                HEADER,
                [
                    "X2",
                    "13800000001",
                    "短信",
                    "被叫",
                    "2026-09-01 09:00:00",
                    "0",
                    "0",
                    "10086",
                    "",
                    "国内漫游",
                    "0.00",
                ],
                strict=True,
            )
        ),
    ]
    path = write_csv(tmp_path / "详单.csv", rows, HEADER)

    call_command("ingest", "cdr", str(path), "--mapping", str(mapping), stdout=StringIO())

    month = SubscriberMonth.objects.get()
    assert (month.voice_out_calls, month.voice_out_minutes, month.sms_in) == (1, 3, 1)
    assert (month.total_fen, month.roaming_records, month.calls_cmcc) == (30, 1, 1)
