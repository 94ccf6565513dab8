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




# ---- the web form (admin/, issue 16): every field of every record file, its Chinese label and hint ----------
# Keys are ``<record kind>.<field path>`` (list items share their list's path); the form's config is made from
# the models (generator/publish/admin/), and a test holds that every field of every model has a label here.

OBJECTION_OUTCOME_NAMES = {"upheld": "信息无误（维持）", "corrected": "已更正", "revoked": "撤销（信息作废）"}
REPAIR_OUTCOME_NAMES = {"approved": "准予修复", "rejected": "不予修复"}
SHEET_ABSENT = "缺失（该项不得分）"

FIELD_LABELS: dict[str, str] = {
    "enterprise.name": "企业名称",
    "enterprise.former_names": "曾用名",
    "enterprise.legal_representative": "法定代表人",
    "enterprise.registered_region": "注册地（行政区划）",
    "enterprise.address": "住所地址",
    "enterprise.established": "成立日期",
    "enterprise.hotline": "公共服务电话",
    "enterprise.projects": "在管项目",
    "enterprise.projects.id": "项目编号",
    "enterprise.projects.name": "项目名称",
    "enterprise.projects.region": "项目所在地（行政区划）",
    "enterprise.projects.address": "项目地址",
    "enterprise.projects.since": "开始管理日期",
    "enterprise.projects.until": "结束管理日期",
    "enterprise.projects.manager": "项目负责人",
    "enterprise.managers": "主要管理人员",
    "enterprise.managers.person": "人员",
    "enterprise.managers.role": "职务",
    "person.name": "姓名",
    "person.note": "备注",
    "credit-record.subject": "信用主体（企业）",
    "credit-record.project": "项目",
    "credit-record.kind": "信息类型",
    "credit-record.class": "不良信息类别（第十条）",
    "credit-record.item": "评分标准条目",
    "credit-record.count": "次数",
    "credit-record.points": "本次扣分",
    "credit-record.summary": "事实摘要（公开）",
    "credit-record.decision": "决定文书",
    "credit-record.decision.authority": "作出决定的机关",
    "credit-record.decision.level": "决定机关层级",
    "credit-record.decision.document": "文书编号",
    "credit-record.decision.kind": "决定种类",
    "credit-record.decision.effective": "决定生效日期",
    "credit-record.decision.learned": "获悉日期",
    "credit-record.decision.penalty_months": "处罚期限（月）",
    "credit-record.decision.domain": "行政处罚领域",
    "credit-record.recorder": "录入机关",
    "credit-record.notified": "告知日期",
    "credit-record.entered": "录入日期",
    "credit-record.disclosure_months": "公开期限（月）",
    "credit-record.refuses_correction": "拒不纠正（C 类公开）",
    "credit-record.deed": "事迹编号",
    "credit-record.extensions": "延长公开期限",
    "credit-record.extensions.decided": "延长决定日期",
    "credit-record.extensions.months": "延长月数",
    "credit-record.extensions.reason": "延长理由",
    "credit-record.objections": "异议",
    "credit-record.objections.filed": "提出异议日期",
    "credit-record.objections.resolved": "核查完毕日期",
    "credit-record.objections.outcome": "核查结果",
    "credit-record.objections.suspend": "核查期间停止公开",
    "credit-record.repair": "信用修复",
    "credit-record.repair.applied": "申请日期",
    "credit-record.repair.decided": "决定日期",
    "credit-record.repair.outcome": "决定结果",
    "credit-record.withdrawn": "决定被撤销",
    "credit-record.withdrawn.date": "撤销日期",
    "credit-record.withdrawn.reason": "撤销原因",
    "evaluation.cutoff": "评价截止日",
    "evaluation.published": "公示开始日期",
    "evaluation.notice_until": "公示截止日",
    "sheet.scores": "评分",
    "sheet.red_conditions": "符合的红榜条件",
    "sheet.black_conditions": "符合的黑榜条件",
    "sheet.red_removed": "移出红榜",
    "sheet.red_removed.date": "移出日期",
    "sheet.red_removed.reason": "移出原因",
    "sheet.black_repair": "黑榜信用修复",
    "sheet.black_repair.approved": "批准修复日期",
    "sheet.severe": "情节特别严重",
    # fields of the form only, never written to a file (the file name is made from them)
    "editor.serial": "序号（文件名的最后一段）",
    "editor.person_subject": "信用主体（人员）",
    "editor.region": "人员所属行政区划",
    "editor.authority": "评价机关",
}
"""Every field's label in the web form."""

FIELD_HINTS: dict[str, str] = {
    "enterprise.name": "与营业执照一致的全称",
    "enterprise.hotline": "对外公开的服务电话，例如 0371-6555 0000；不得填写个人手机号码（第九条）",
    "enterprise.projects.id": "本企业内唯一的编号：小写字母、数字和连字符，例如 hengxin-garden",
    "enterprise.projects.until": "仍在管理的项目不填",
    "enterprise.projects.manager": "在“人员”中选择；没有的先在“人员”中新建",
    "person.name": "只写姓名；不得填写身份证号码或电话号码（第九条）",
    "credit-record.subject": ("在“物业服务企业”中按名称或统一社会信用代码选择；"
                              "信用主体是人员时此项留空，填下面的“信用主体（人员）”"),
    "credit-record.project": "可选：信用主体企业的哪个在管项目",
    "credit-record.class": ("A：第十条所列严重不良行为（一票否决）；B：被责令限期改正或行政处罚；"
                            "C：服务行为不规范（拒不纠正的才公开）"),
    "credit-record.item": "评分标准（附件）中的条目，它决定评价类别和分值",
    "credit-record.count": "分/次、分/项、分/个 的次数，默认 1；一票否决项只能是 1",
    "credit-record.points": "只有条目给出分值范围时填写（例如“其他”条目）",
    "credit-record.summary": "向社会公开的文字：只写事实，不写身份证号码、手机号码",
    "credit-record.decision.authority": "作出决定或给予表彰的机关全称",
    "credit-record.decision.effective": "决定文书生效之日：公开期限自此日起算（第十一条），文件放在这一年的文件夹",
    "credit-record.decision.learned": "可选：从其他机关获悉此信息的日期（第七条）",
    "credit-record.decision.penalty_months": "可选：行政处罚的期限；公开期限不得短于它",
    "credit-record.decision.domain": "特种设备、安全生产、消防领域的行政处罚最短公开 12 个月",
    "credit-record.recorder": "录入本信息的机关（谁采集、谁负责，第七条）；也决定编号的第一段",
    "credit-record.notified": "录入前告知信用主体理由和依据的日期（第七条），不晚于录入日期",
    "credit-record.entered": "录入平台的日期，自此日起向社会公开",
    "credit-record.disclosure_months": "A、B 类 3–36 个月；C 类 3–6 个月；优良信息不填（公开 3 年）",
    "credit-record.refuses_correction": "仅 C 类：信用主体拒不纠正的才公开（第十一条）",
    "credit-record.deed": "可选：同一事迹在多级获表彰时，各条写相同的编号，只按最高值加一次分",
    "credit-record.extensions": "第十一条：有效期满仍拒不纠正的可以延长，含延长总计不超过 5 年",
    "credit-record.objections": "第十七条：收到异议时只填提出日期，处理完再填核查完毕日期和结果",
    "credit-record.repair": "第十六条：受理时填申请日期，作出决定后填决定日期和结果；准予修复的自决定之日起不再公开",
    "credit-record.withdrawn": "决定被行政复议、行政诉讼撤销的，不要删除记录，在这里填写；自撤销之日起不再公开",
    "evaluation.cutoff": "记录和修复按这一天的状态计入评价",
    "evaluation.notice_until": "可选：默认并至少为评价规则规定的公示期",
    "editor.serial": "新建时填写：本机关本年度的下一个序号（可点“取下一个序号”）；已有记录的编号不能修改",
    "editor.person_subject": "信用主体是人员时在“人员”中选择，此时上面的“信用主体（企业）”留空",
    "editor.region": "人员编号中的区划，例如 410105",
    "editor.authority": "开展评价的机关；评价年份取评价截止日的年份",
}
"""Hints shown under the fields of the web form."""
