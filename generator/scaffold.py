"""``credit new``: a correct skeleton file with a comment for every field (DESIGN §3)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .calendar import today_shanghai
from .load import uscc_problem

SCHEMA_LINE = "# yaml-language-server: $schema={rel}schemas/{name}.schema.json\n"

BAD = """\
subject: {subject}      # 信用主体：企业统一社会信用代码或人员编号 P-区划-序号
# project: 项目编号      # 可选：企业的哪个在管项目
kind: bad
class: B                # A（第十条所列严重行为，一票否决项）| B（责令限期改正或行政处罚）| C（行为不规范、责令限期改正；不公开）
item: market.1.21       # 评分标准条目：market.<节>.<项> 或 safety.<节>.<项>；见网站“评分标准”页
count: 1                # 次数（分/次），默认 1
# points: 2             # 仅“其他”条目（market.5：1–3 分；safety.4：3–10 分）需要写明本次扣分
summary: 请用一句话写明事实，例如：以限制乘用电梯方式催交物业费
decision:
  authority: 请填写作出决定的机关全称
  level: county         # national | province | city | county | street | court
  document: 请填写决定文书编号，例如 金建罚决字〔{year}〕第1号
  kind: order           # penalty 行政处罚 | order 责令限期改正 | handling 行政处理 | judgment 生效裁判
  effective: {today}    # 决定文书生效之日：公开期限自此日起算（第十一条）
  # learned: {today}    # 可选：从其他机关获悉之日（第七条）
  # penalty_months: 6   # 可选：行政处罚的期限（月）；公开期限不得短于它
  # domain: fire        # 可选：special_equipment | work_safety | fire（行政处罚最短公开 12 个月）
recorder: "{recorder}"  # 录入机关代码（谁采集、谁负责，第七条），须在 authorities.yaml 中
notified: {today}       # 录入前告知信用主体理由和依据的日期（第七条），必填
entered: {today}        # 录入日期：自此日起向社会公开
disclosure_months: 6    # 公开期限（月）：A、B 类 3–36；C 类（拒不纠正时公开）3–6
# refuses_correction: true   # 仅 C 类：信用主体拒不纠正时公开（第十一条）
"""

GOOD = """\
subject: {subject}      # 信用主体：企业统一社会信用代码或人员编号
kind: good
item: market            # 表彰类别 market | safety | red | smart，或履行社会责任条目 social.1 … social.9
count: 1
summary: 请写明表彰（扬）、奖励的名称
decision:
  authority: 请填写表彰机关全称
  level: city           # national | province | city | county | street：决定加分
  document: 请填写表彰文件编号
  effective: {today}    # 表彰决定生效之日：公开 36 个月（第十一条）
recorder: "{recorder}"
entered: {today}
# deed: 事迹编号        # 同一事迹在多级获表彰时，用相同编号，只按最高值加一次
"""

ENTERPRISE = """\
name: 请填写企业名称
# former_names: [曾用名]
legal_representative: 请填写法定代表人姓名
registered_region: "410105"   # 注册地区划代码（6 位，加引号）
address: 请填写注册地址
established: {today}          # 成立日期
hotline: "0371-00000000"      # 公共服务电话（不要填写个人手机号码）
projects:
  - id: example-project        # 项目编号：小写字母、数字、连字符，本企业内唯一
    name: 请填写项目名称
    region: "410105"
    address: 请填写项目地址
    since: {today}
    # until: 2030-12-31        # 服务截止日；不写表示仍在服务
    # manager: P-410105-0001   # 项目负责人编号
managers: []                  # 主要管理人员：- person: P-…  role: 总经理
"""

PERSON = """\
name: 请填写姓名
# note: 备注（不要填写身份证号码或电话号码）
"""


def new_file(args: argparse.Namespace) -> int:
    root: Path = args.records
    today = today_shanghai()
    what = args.what
    if what in ("bad", "good"):
        if not args.subject or not args.recorder:
            print("credit new bad|good 需要 --subject 和 --recorder", file=sys.stderr)
            return 2
        year = args.year or today.year
        folder = root / "credit" / str(year)
        prefix = f"{args.recorder}-{year}-"
        existing = [int(p.stem[len(prefix):]) for p in folder.glob(f"{prefix}*.yaml") if p.stem[len(prefix):].isdigit()]
        serial = max(existing, default=0) + 1
        path = folder / f"{prefix}{serial:04d}.yaml"
        body = (BAD if what == "bad" else GOOD).format(
            subject=args.subject, recorder=args.recorder, today=today.isoformat(), year=year
        )
        schema = "credit-record"
        depth = "../../../"
    elif what == "enterprise":
        if not args.uscc:
            print("credit new enterprise 需要 --uscc 统一社会信用代码", file=sys.stderr)
            return 2
        why = uscc_problem(args.uscc)
        if why:
            print(why, file=sys.stderr)
            return 2
        path = root / "enterprises" / f"{args.uscc}.yaml"
        body = ENTERPRISE.format(today=today.isoformat())
        schema, depth = "enterprise", "../../"
    else:
        if not args.region or len(args.region) != 6 or not args.region.isdigit():
            print("credit new person 需要 --region 6 位区划代码", file=sys.stderr)
            return 2
        folder = root / "persons"
        prefix = f"P-{args.region}-"
        existing = [int(p.stem[len(prefix):]) for p in folder.glob(f"{prefix}*.yaml") if p.stem[len(prefix):].isdigit()]
        path = folder / f"{prefix}{max(existing, default=0) + 1:04d}.yaml"
        body = PERSON
        schema, depth = "person", "../../"
    if path.exists() and not args.force:
        print(f"{path} 已存在（用 --force 覆盖）", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SCHEMA_LINE.format(rel=depth, name=schema) + body, encoding="utf-8", newline="\n")
    print(path.as_posix())
    return 0
