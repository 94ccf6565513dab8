"""Every code's Chinese name, in one place: the site, the open data, ``credit diff``, ``explain`` and the CLI
read them from here (Simplified Chinese)."""

from __future__ import annotations

VETOED = "不予星级评定"  # 第十四条
NOT_RATED = "暂无评价结果"
NO_STAR = "未获得星级认定"

SCOPE_NAMES = {"county": "县级", "city": "市级", "province": "省级"}
REGION_KIND_NAMES = {"province": "省级", "city": "市级", "county": "县级"}
DECISION_KIND_NAMES = {
    "penalty": "行政处罚",
    "order": "责令限期改正",
    "handling": "行政处理",
    "judgment": "生效裁判",
}
DECISION_LEVEL_NAMES = {"national": "国家级", "province": "省级", "city": "市级", "county": "县级",
                        "street": "街道（乡镇）级", "court": "法院"}
AWARD_LEVEL_NAMES = {
    "national": "国家级",
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "street": "街道办事处（乡镇人民政府）",
}
DOMAIN_NAMES = {"special_equipment": "特种设备", "work_safety": "安全生产", "fire": "消防"}
STATUS_NAMES = {"notice": "公示中", "final": "已确定"}
KIND_NAMES = {"bad": "不良信用信息", "good": "优良信用信息"}
CLASS_NAMES = {  # 第十条
    "A": "A 类：严重不良行为（第十条（一））",
    "B": "B 类：违反法律法规或强制性标准，被责令限期改正或行政处罚（第十条（二））",
    "C": "C 类：服务行为不规范，被责令限期改正；拒不改正的才公开（第十条（三）、第十一条）",
}
GOOD_MEANING = "获得各级党政机关、行业协会和群团组织的表彰（扬）、奖励等（第六条），评定时加分（第十四条）"
LEVEL_STATUS_NAMES = {"rated": "已评定", "vetoed": VETOED, "not_rated": NOT_RATED}
CN_DIGITS = "零一二三四五六七八九"
def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 21 → 二十一 (for 第N条 and section numbers)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


def level_name(level: int | None, vetoed: bool = False) -> str:
    """Credit level (第十二条) in words: 三星级; 0 → 未获得星级认定; vetoed → 不予星级评定."""
    if vetoed or level is None:
        return VETOED
    if level == 0:
        return NO_STAR
    return f"{cn_number(level)}星级"


