"""The open-data tables (DESIGN §7, contract): columns in order, types, descriptions in Chinese and English.

One definition serves the CSV header, the JSON and SQLite files, ``datapackage.json`` and the site's data
page, so a column is described once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, number, boolean, date
    zh: str
    en: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    reference: bool = False  # a code list: what the codes of the data tables mean (not in a release's change list)

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


C = Column
USCC_PATTERN = "[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}"
REGION_PATTERN = "[0-9]{6}"
AUTHORITY_PATTERN = "[0-9]{6}([0-9]{3})?"
PERSON_PATTERN = "P-[0-9]{6}-[0-9]{1,8}"
LEVEL_PATTERN = "[0-9]{1,2}|[A-Z]{1,4}"  # stars (0–5) or a grade (AAA–D)

ENTERPRISES = Table(
    "enterprises", "物业服务企业基本信息", "Property-service enterprises (basic information, art. 6)",
    (
        C("uscc", "string", "统一社会信用代码", "Unified social credit code (GB 32100-2015)", True, pattern=USCC_PATTERN),
        C("name", "string", "企业名称", "Name", True),
        C("former_names", "string", "曾用名，以“；”分隔", "Former names, separated by '；'"),
        C("legal_representative", "string", "法定代表人", "Legal representative", True),
        C("region", "string", "注册地行政区划代码", "Registered region (GB/T 2260 code)", True, pattern=REGION_PATTERN),
        C("region_name", "string", "注册地行政区划名称", "Registered region name", True),
        C("address", "string", "注册地址", "Registered address", True),
        C("established", "date", "成立日期", "Date established", True),
        C("hotline", "string", "公共服务电话", "Public service hotline"),
        C("projects", "integer", "在管项目数（截至数据日期）", "Projects under management on the data date", True),
        C("level", "string", "当前信用等级：星级（0–5）或等级（AAA–D）；空 = 未评定或不予星级评定",
          "Current credit level: stars (0–5) or grade (AAA–D); empty = not rated or vetoed", pattern=LEVEL_PATTERN),
        C("level_year", "integer", "当前信用等级的评价年度", "Year of the current level"),
        C("severe", "boolean", "严重失信：河南为有公开的 A 类不良信用信息；呼伦贝尔为黑榜中情节特别严重",
          "Severe: a public A-class record (Henan) or a severe black-list entry (Hulunbuir)", True),
        C("level_status", "string", "level 为空的原因：rated 已评定 / vetoed 不予星级评定（第十四条）/ not_rated 暂无评价结果",
          "Why level is empty: rated, vetoed (art. 14) or not_rated", True, enum=("rated", "vetoed", "not_rated")),
    ),
    ("uscc",),
    ((("region",), "regions", ("code",)),),
)

PROJECTS = Table(
    "projects", "物业服务项目", "Projects managed by the enterprises",
    (
        C("enterprise", "string", "企业统一社会信用代码", "Enterprise USCC", True, pattern=USCC_PATTERN),
        C("id", "string", "项目编号（企业内唯一）", "Project id, unique within the enterprise", True),
        C("name", "string", "项目名称", "Project name", True),
        C("region", "string", "项目所在行政区划代码", "Region code", True, pattern=REGION_PATTERN),
        C("address", "string", "项目地址", "Address", True),
        C("since", "date", "开始服务日期", "Managed since", True),
        C("until", "date", "服务截止日期；空 = 仍在服务", "Managed until; empty = still managed"),
        C("manager", "string", "项目负责人编号", "Project manager (person id)", pattern=PERSON_PATTERN),
    ),
    ("enterprise", "id"),
    ((("enterprise",), "enterprises", ("uscc",)), (("manager",), "persons", ("id",)), (("region",), "regions", ("code",))),
)

PERSONS = Table(
    "persons", "项目负责人及主要管理人员", "Project managers and key managers (art. 3)",
    (
        C("id", "string", "人员编号 P-区划-序号", "Person id P-<region>-<serial>", True, pattern=PERSON_PATTERN),
        C("name", "string", "姓名", "Name", True),
    ),
    ("id",),
)

RECORDS = Table(
    "records", "公开的信用信息", "Public credit information (good and bad, art. 6, 10, 11)",
    (
        C("id", "string", "信息编号 录入机关-年份-序号；网页锚点", "Record id <recorder>-<year>-<serial>; page anchor", True),
        C("subject", "string", "信用主体：企业统一社会信用代码或人员编号", "Subject: enterprise USCC or person id", True),
        C("kind", "string", "bad 不良 / good 优良", "bad or good", True, enum=("bad", "good")),
        C("class", "string", "不良信息类别 A/B（C 类仅在拒不纠正时公开）", "Class of bad information (A, B, C)",
          enum=("A", "B", "C")),
        C("category", "string", "星级类别", "Rating category", True),
        C("item", "string", "评分标准条目编号", "Item code of the scoring appendix", True),
        C("count", "integer", "次数", "Occurrences", True),
        C("points", "number", "每次分值（扣分或加分）；一票否决项为空", "Points per occurrence; empty for veto items"),
        C("summary", "string", "事实摘要", "Summary", True),
        C("decision_authority", "string", "作出决定或表彰的机关", "Deciding or awarding body", True),
        C("decision_level", "string", "决定机关级别", "Level of the body", True,
          enum=("national", "province", "city", "county", "street", "court")),
        C("document", "string", "决定文书编号", "Document number", True),
        C("decision_kind", "string", "决定类型：penalty 行政处罚 / order 责令限期改正 / handling 行政处理 / judgment 生效裁判",
          "penalty, order, handling or judgment", enum=("penalty", "order", "handling", "judgment")),
        C("effective", "date", "决定文书生效日期（公开期限起算日）", "Decision effective (disclosure runs from here)", True),
        C("public_until", "date", "公开截止日（含）", "Last public day (inclusive)", True),
        C("objection", "boolean", "异议处理中", "An objection is pending", True),
        C("project", "string", "涉及的物业服务项目编号（与 projects 表 enterprise + id 对应）；空 = 不涉及具体项目",
          "Project concerned (projects.enterprise + projects.id); empty = none"),
        C("item_text", "string", "评分标准条目原文", "Text of the scoring item", True),
    ),
    ("id",),
    ((("item",), "items", ("code",)),),
)

RATINGS = Table(
    "ratings", "星级评定结果（河南）", "Star ratings (Henan, art. 12–15)",
    (
        C("year", "integer", "评价年度", "Year", True),
        C("uscc", "string", "企业统一社会信用代码", "Enterprise USCC", True, pattern=USCC_PATTERN),
        C("authority", "string", "评定机关代码（authorities 表）", "Rating authority code (authorities)", True,
          pattern=AUTHORITY_PATTERN),
        C("scope", "string", "评定范围（第十三条）：county 县级 / city 市级 / province 省级", "Scope (art. 13)", True,
          enum=("county", "city", "province")),
        C("published", "date", "公示日期", "Published", True),
        C("notice_until", "date", "公示截止日；空 = 截止日取决于尚未公布的节假日安排，仍在公示中",
          "End of the public notice; empty = it depends on a holiday schedule not yet announced (still in notice)"),
        C("status", "string", "notice 公示中 / final 已确定", "notice or final", True, enum=("notice", "final")),
        C("vetoed", "boolean",
          "评价截止日存在公开的 A 类不良信用信息，不予星级评定（第十四条）；该信息此后不再公开的，评价结果不变",
          "Vetoed by an A-class record public on the cutoff day (art. 14); the rating stands after it leaves the site",
          True),
        C("market", "number", "市场行为规范得分", "Market conduct score"),
        C("safety", "number", "物业安全管理得分", "Safety management score"),
        C("red", "number", "红色物业创建得分；空 = 未参评", "Red property score; empty = did not take part"),
        C("smart", "number", "智慧物业建设得分；空 = 未参评", "Smart property score; empty = did not take part"),
        C("social", "number", "履行社会责任得分", "Social responsibility score"),
        C("stars", "integer", "获得星级的类别数；不予评定时为空", "Categories with a star; empty when vetoed"),
        C("level", "integer", "信用等级（星级，第十二条封顶后）；不予评定时为空",
          "Credit level after the cap; empty when vetoed"),
    ),
    ("year", "uscc"),
    ((("uscc",), "enterprises", ("uscc",)), (("authority",), "authorities", ("code",))),
)

GRADES = Table(
    "grades", "评价等级与红黑榜（呼伦贝尔）", "Grades and red/black lists (Hulunbuir)",
    (
        C("year", "integer", "评价年度", "Year", True),
        C("uscc", "string", "企业统一社会信用代码", "Enterprise USCC", True, pattern=USCC_PATTERN),
        C("authority", "string", "评价机关代码", "Evaluating authority code", True, pattern=AUTHORITY_PATTERN),
        C("published", "date", "公示日期", "Published", True),
        C("score", "number", "最终得分（街道评价 + 行政主管部门评价）", "Score (street + authority)", True),
        C("grade", "string", "评级 AAA/AA/A/B/C/D", "Grade", True, enum=("AAA", "AA", "A", "B", "C", "D")),
        C("red_list", "boolean", "当前在红榜", "On the red list now", True),
        C("black_list", "boolean", "当前在黑榜", "On the black list now", True),
    ),
    ("year", "uscc"),
    ((("uscc",), "enterprises", ("uscc",)), (("authority",), "authorities", ("code",))),
)

# ---- code lists (DESIGN §7, added 2026-11-30): what the codes in the tables above mean ------------------

ITEMS = Table(
    "items", "评分标准条目", "Items of the scoring appendices (the rulebook)",
    (
        C("code", "string", "条目编号 类别.章节.条目；类别编号本身是表彰奖励的条目",
          "Item code; a category code is its award item", True),
        C("category", "string", "类别编号", "Category code", True),
        C("section", "integer", "章节序号（附件中的一、二……）；空 = 类别本身", "Section number; empty for a category row"),
        C("text", "string", "附件原文", "Text of the appendix", True),
        C("points", "integer", "每次扣分（附件1、2）或每项加分；空 = 见 points_min/points_max、max 或一票否决",
          "Points per occurrence; empty where a range, a checklist maximum or a veto applies"),
        C("veto", "boolean", "一票否决", "Veto item (一票否决)", True),
        C("category_name", "string", "类别名称", "Category name", True),
        C("section_name", "string", "章节名称", "Section name"),
        C("points_min", "integer", "分值范围下限（录入机关在范围内确定）", "Lowest points of a range"),
        C("points_max", "integer", "分值范围上限", "Highest points of a range"),
        C("max", "number", "该项满分（附件3、4）或加分上限（附件5）", "Item maximum or bonus cap"),
        C("unit", "string", "计分单位", "Unit of the points"),
    ),
    ("code",),
    reference=True,
)

REGIONS = Table(
    "regions", "行政区划", "Regions (GB/T 2260) used by this platform",
    (
        C("code", "string", "行政区划代码", "Region code", True, pattern="[0-9]{6}"),
        C("name", "string", "名称", "Name", True),
        C("parent", "string", "上级行政区划代码；空 = 省级", "Parent region; empty for a province", pattern="[0-9]{6}"),
        C("kind", "string", "province 省级 / city 市级 / county 县级", "province, city or county", True,
          enum=("province", "city", "county")),
    ),
    ("code",),
    ((("parent",), "regions", ("code",)),),
    reference=True,
)

AUTHORITIES = Table(
    "authorities", "机关", "Authorities that record, decide and rate",
    (
        C("code", "string", "机关代码：6 位行政区划代码或 9 位乡镇街道代码", "Authority code (region or street code)", True,
          pattern=AUTHORITY_PATTERN),
        C("name", "string", "机关名称", "Name", True),
        C("level", "string", "级别 province / city / county / street", "Level", True,
          enum=("province", "city", "county", "street")),
        C("address", "string", "办公地址", "Address"),
        C("phone", "string", "联系电话", "Phone"),
        C("email", "string", "电子邮箱", "Email"),
    ),
    ("code",),
    reference=True,
)

CODES = Table(
    "codes", "代码表", "Code lists: what each code in the tables means",
    (
        C("list", "string", "代码表名称，例如 records.class", "The column the codes belong to, e.g. records.class", True),
        C("code", "string", "代码", "Code", True),
        C("label", "string", "中文含义", "Meaning (Chinese)", True),
    ),
    ("list", "code"),
    reference=True,
)

TABLES: tuple[Table, ...] = (ENTERPRISES, PROJECTS, PERSONS, RECORDS, RATINGS, GRADES, ITEMS, REGIONS, AUTHORITIES, CODES)

"""Every table is written in every deployment, with its header even when empty."""
