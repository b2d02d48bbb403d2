"""What the demo's managers know about their customers and contacts (K4), as Chinese text."""

from __future__ import annotations

import random

from kamdesk.customers.models import Customer

GROUP_PREFERENCES = (
    "偏好微信沟通，重要事项需正式函件确认",
    "采购流程严格，需提前一个月报预算",
    "重视网络稳定性，对价格不敏感",
    "每年三季度集中编制下一年通信预算",
    "关注5G专网和工业互联网应用",
    "IT部门提需求，行政部门负责执行和付款",
    "对账单准确性要求高，每月核对明细",
)
GROUP_MOTIVES = (
    "降低整体通信成本",
    "保障生产网络稳定运行",
    "提升移动办公效率",
    "数字化转型，需要云和专线支撑",
    "员工福利，统一配置手机套餐",
)
GROUP_NOTES = (
    "竞争对手近期多次上门报价，需关注续约",
    "去年发生过一次专线中断，客户仍有顾虑",
    "新厂区明年投产，预计新增两百名员工",
    "分管领导换届，新领导更关注成本",
    "客户对上次故障的响应速度表示满意",
)
VIP_PREFERENCES = (
    "白天会议多，喜欢晚上七点后接电话",
    "经常出国，关注国际漫游资费",
    "家庭成员多，关注亲情网和共享流量",
    "对服务细节要求高，喜欢客户经理主动问候",
    "只接受微信沟通，不喜欢营销短信",
)
VIP_MOTIVES = (
    "商务出行频繁，需要全国及国际漫游",
    "重视号码的身份象征",
    "家庭共享流量需求大",
    "看重机场贵宾厅等权益",
)

CHARACTERS = (
    "性格直爽，注重效率",
    "沉稳谨慎，决策慢但守信",
    "健谈热情，重视关系",
    "注重细节，喜欢数据说话",
    "要求高，但认可专业服务",
)
HABITS = (
    "习惯早上八点前看邮件",
    "周一上午例会，不便联系",
    "喜欢当面沟通重要事项",
    "午休时间不接电话",
    "出差多，常用微信语音",
)
HOBBIES = (
    "高尔夫",
    "钓鱼",
    "书法",
    "羽毛球",
    "马拉松",
    "茶道",
    "摄影",
    "围棋",
    "登山",
    "收藏紫砂壶",
)
CONTACT_MOTIVES = (
    "希望降低部门通信费用",
    "关心网络质量和故障响应",
    "看重服务及时性",
    "关注新技术带来的业绩亮点",
    "更在意流程合规",
)
CONTACT_NOTES = (
    "孩子今年高考，近期少打扰",
    "喜欢喝龙井，拜访可带新茶",
    "刚升任现职，正在熟悉业务",
    "对上次账单差错仍有意见",
    "老乡，沟通顺畅",
)
PREFERRED_HOURS = (
    "工作日 9:00-11:30",
    "工作日 14:00-17:00",
    "晚上 19:00 以后",
    "随时",
    "周末上午",
)

TOPICS = (
    "专线扩容",
    "5G套餐升级",
    "V网成员增减",
    "物联网卡续费",
    "合同续签",
    "账单疑问",
    "国际漫游",
    "云主机扩容",
    "宽带提速",
    "新员工入网",
    "发票开具",
    "故障处理回访",
)
SUMMARIES = {
    "visit": (
        "上门拜访{contact}，了解{topic}需求",
        "季度走访，回顾{topic}情况并收集满意度",
        "陪同网络部现场勘察，讨论{topic}方案",
    ),
    "call": (
        "电话沟通{topic}，客户同意下周面谈",
        "回访{topic}处理结果，客户表示满意",
        "客户来电咨询{topic}，已当场解答",
    ),
    "wechat": ("微信发送{topic}资费说明", "微信确认{topic}的时间安排"),
    "email": ("邮件发送{topic}方案及报价", "邮件确认{topic}相关合同条款"),
    "sms": ("短信提醒{topic}事项", "节日问候短信"),
    "walk_in": ("客户到营业厅办理{topic}，客户经理陪同",),
    "portal": ("客户在门户提交{topic}申请",),
}


def group_knowledge(rng: random.Random, customer: Customer) -> None:
    """Fill in what the manager knows of a group, for about half of them."""
    if rng.random() < 0.5:
        customer.preferences = rng.choice(GROUP_PREFERENCES)
        customer.consumption_motives = rng.choice(GROUP_MOTIVES)
        if rng.random() < 0.5:
            customer.notes = rng.choice(GROUP_NOTES)


def vip_knowledge(rng: random.Random, customer: Customer) -> None:
    if rng.random() < 0.6:
        customer.preferences = rng.choice(VIP_PREFERENCES)
        customer.consumption_motives = rng.choice(VIP_MOTIVES)


def summary(rng: random.Random, channel: str, contact: str) -> str:
    return rng.choice(SUMMARIES[channel]).format(topic=rng.choice(TOPICS), contact=contact)
