"""The proposal templates: the Chinese text a proposal starts from, edited afterwards.

Proposals go to Chinese customers, so the templates are Chinese content (not interface
strings); placeholders are filled with ``str.format`` from the customer and the figures.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TEMPLATES: dict[str, dict[str, str]] = {
    "tariff": {
        "title": "{customer}通信资费优化方案",
        "situation": (
            "根据贵单位{first}至{last}共{months}个月的实际使用情况（{subscribers}个号码），"
            "按现行资费测算，月均通信费用约{current}元。"
        ),
        "solution": (
            "我们按每个号码的真实通话、短信和流量用量，对全部公开备案资费逐一重新计费，"
            "为每个号码选择费用最低且符合条件的套餐。调整后月均费用约{recommended}元，"
            "每月可节省约{saving}元，全年约{saving_year}元。"
        ),
        "terms": (
            "1. 所推荐资费均为已向通信管理局备案并公开销售的资费，备案编号见明细表。\n"
            "2. 套餐变更自次月1日起生效；合约期内的号码不低于原合约档次。\n"
            "3. 测算基于历史用量，实际费用以账单为准；如用量变化较大，我们将及时复核。\n"
            "4. 本方案有效期30天。"
        ),
    },
    "solution": {
        "title": "{customer}{topic}解决方案",
        "situation": "通过对贵单位近三个月业务使用情况的分析，我们发现：{evidence}",
        "solution": "建议开通{topic}，预计年度费用约{value}元；预计可为贵单位节省约{saving}元/年。",
        "terms": (
            "1. 所涉业务均按公开备案资费办理。\n"
            "2. 具体配置以双方确认的业务受理单为准。\n"
            "3. 本方案有效期30天。"
        ),
    },
}

TEMPLATE_LABELS = {"tariff": _("Tariff optimisation"), "solution": _("Business solution")}
