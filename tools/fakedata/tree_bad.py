"""Bad credit records of the scaled tree (附件1–2: A, B and C classes) with their lifecycle: objections,
repairs, extensions and withdrawals — each feature forced once somewhere so that every path occurs."""

from __future__ import annotations

import datetime as dt
import re

from generator.rules.calendar import add_months

from .henan import CITY_OF, PROVINCE, REGION_NAMES
from .tree_world import FIRST, LAST, LAST_EFFECTIVE, Project, World, optional, rand_date, record_head

_WITHDRAW_REASONS = ["行政复议撤销", "行政诉讼判决撤销原决定", "原决定机关自行撤销"]
_EXT_REASONS = ["有效期满仍拒不纠正", "公开期满后仍未改正", "拒不履行整改要求"]


class BadRecords:
    """Draws bad records from the rulebook's deduction items (every item once, then by weight)."""

    def __init__(self, world: World) -> None:
        self.w = world
        self.rng = world.rng
        self.wd = world.wd
        self.features = world.features
        rb = world.rb
        self.a_items: list[str] = []
        self.b_items: list[str] = []
        self.c_items: list[str] = []
        self.range: dict[str, tuple[int, int]] = {}
        self.veto: set[str] = set()
        for code, (cat, _sec, it) in rb.items.items():
            if cat.kind != "deduction":
                continue
            if it.points_range is not None:
                self.range[code] = (int(it.points_range[0]), int(it.points_range[1]))
            if it.veto:
                self.veto.add(code)
                if it.class_only:
                    self.a_items.append(code)
                    continue
            self.b_items.append(code)
            if not it.veto:
                self.c_items.append(code)
        self.item_text = {code: self._short(it.text) for code, (_c, _s, it) in rb.items.items()}
        # weights: everyday market and safety items far more often than veto or catch-all items
        self.b_weights = [0.3 if c in self.veto else 4.0 if c in self.range else 1.0 for c in self.b_items]
        self.b_cycle = list(self.b_items)
        self.rng.shuffle(self.b_cycle)
        self.a_cycle = list(self.a_items)
        self.rng.shuffle(self.a_cycle)

    @staticmethod
    def _short(text: str) -> str:
        """A one-line summary from an item's text: no parentheses, the first clause of some length."""
        text = re.sub(r"（[^（）]*）", "", text)
        for prefix in ("物业服务企业",):
            if text.startswith(prefix) and len(text) > 12:
                text = text[len(prefix):]
                break
        cut = len(text)
        for ch in "，；,;。":
            i = text.find(ch, 12)
            if i != -1:
                cut = min(cut, i)
        text = text[:cut]
        if text.endswith("的"):
            text = text[:-1]
        return text[:80]

    def decision_for(self, county: str, level: str, kind: str | None, year: int,
                     domain: str | None = None) -> tuple[str, str, str, str]:
        """(authority name, level, document, recorder code) of a decision about a subject in ``county``."""
        rng = self.rng
        city = CITY_OF[county]
        no = rng.randint(1, 300)
        word = {"penalty": "罚决字", "order": "改字", "handling": "处字", None: ""}.get(kind, "")
        if kind == "judgment":
            court = f"{self.w.place(county)}人民法院"
            doc = f"（{year}）豫{county[2:]}民初{rng.randint(100, 9999)}号"
            return court, "court", doc, county
        if domain == "fire":
            return (f"{self.w.place(county)}消防救援大队", "county",
                    f"{REGION_NAMES[county][0]}消行罚决字〔{year}〕第{no}号", county)
        if domain == "special_equipment":
            return (f"{self.w.place(county)}市场监督管理局", "county",
                    f"{REGION_NAMES[county][0]}市监罚字〔{year}〕第{no}号", county)
        if domain == "work_safety":
            return (f"{self.w.place(county)}应急管理局", "county",
                    f"{REGION_NAMES[county][0]}应急罚字〔{year}〕第{no}号", county)
        if level == "province":
            a = self.w.authorities[PROVINCE]
        elif level == "city" and city.code in self.w.authorities and city.code != county:
            a = self.w.authorities[city.code]
        else:
            a = self.w.authorities[county]
            level = "county"
        doc = f"{a.short}建{word}〔{year}〕第{no}号" if word else f"{a.short}建〔{year}〕第{no}号"
        return a.name, level, doc, a.code

    def bad(self, cls: str, item: str, forced: frozenset[str], refuses: bool = False,
            person: bool = False) -> tuple[str, int, dt.date, str]:
        rng = self.rng
        lo, hi = FIRST, LAST_EFFECTIVE
        if "extension" in forced:
            hi = dt.date(2025, 3, 31)
        if forced & {"objection-pending", "objection-pending-suspend"}:
            lo = dt.date(2026, 8, 3)
        if forced & {"repair-approved", "repair-rejected"}:
            hi = dt.date(2026, 3, 31)
        if "repair-pending" in forced:
            lo, hi = dt.date(2025, 9, 1), dt.date(2026, 7, 31)
        if "withdrawn" in forced:
            hi = dt.date(2026, 6, 30)
        project: Project | None = None
        if person and self.w.project_managers:
            subject = rng.choice(self.w.project_managers)
            county = subject[2:8]
            wlo, whi = lo, hi
        else:
            ent, project, wlo, whi = self.w.pick_enterprise(lo, hi)
            subject = ent.uscc
            county = project.region if project is not None else ent.county
        effective = self.wd.pick(rng, wlo, whi) or wlo
        year = effective.year
        # what kind of decision
        domain: str | None = None
        penalty_months: int | None = None
        if "judgment" in forced or (cls != "C" and rng.random() < 0.015):
            dkind = "judgment"
        elif cls == "C":
            dkind = "order"
        elif cls == "A":
            dkind = rng.choice(["penalty", "penalty", "handling"])
        else:
            dkind = rng.choices(["order", "penalty", "handling"], [55, 35, 10])[0]
        if dkind == "penalty":
            if item.startswith("safety.2."):
                domain = "fire" if rng.random() < 0.6 else None
            elif item == "safety.3.3":
                domain = "special_equipment" if rng.random() < 0.6 else None
            elif item in ("safety.1.1", "safety.3.6", "safety.1.5"):
                domain = "work_safety" if rng.random() < 0.6 else None
            if rng.random() < 0.3:
                penalty_months = rng.choice([3, 6, 6, 12])
        r = rng.random()
        level = "province" if r < 0.01 else "city" if r < 0.12 else "county"
        authority, dlevel, document, recorder = self.decision_for(county, level, dkind, year, domain)
        if rng.random() < 0.03 and dlevel == "county":  # entered by the city on the county's behalf
            city_code = CITY_OF[county].code
            recorder = city_code if city_code in self.w.authorities else recorder
        # dates
        learned: dt.date | None = None
        if "learned" in forced or (domain is not None and rng.random() < 0.5) or (
                dkind == "judgment" and rng.random() < 0.5):
            learned = self.wd.after(effective, rng.randint(1, 4))
            base = learned
        else:
            base = effective
        entered = self.wd.after(base, rng.randint(1, 3))
        notified = base if rng.random() < 0.3 else self.wd.after(base, 1)
        if notified > entered:
            notified = entered
        # disclosure
        months: int | None
        if cls == "C":
            months = rng.choice([3, 3, 6, 6, 4, 5]) if refuses or rng.random() < 0.5 else None
        elif cls == "A":
            months = rng.choice([12, 24, 36, 36])
        else:
            months = rng.choice([3, 6, 6, 12]) if dkind == "order" else rng.choice([6, 12, 12, 24, 36])
        if months is not None and domain is not None and dkind == "penalty" and months < 12:
            months = 12
        if months is not None and penalty_months is not None and months < penalty_months:
            months = penalty_months
        count = 1
        if item not in self.veto and rng.random() < 0.10:
            count = rng.choice([2, 2, 3])
        points = rng.randint(*self.range[item]) if item in self.range else None
        what = self.item_text[item]
        summary = f"{project.name}项目{what}" if project is not None else what
        lines = record_head(subject, project, f"kind: bad\nclass: {cls}\nitem: {item}\n", count)
        lines += [optional("points", points),
                  f"summary: {summary}\ndecision:\n  authority: {authority}\n  level: {dlevel}\n"
                  f"  document: {document}\n  kind: {dkind}\n  effective: {effective.isoformat()}\n",
                  optional("learned", learned, "  "),
                  optional("penalty_months", penalty_months, "  "),
                  optional("domain", domain, "  "),
                  f'recorder: "{recorder}"\nnotified: {notified.isoformat()}\nentered: {entered.isoformat()}\n',
                  optional("disclosure_months", months)]
        if cls == "C":
            lines.append(f"refuses_correction: {'true' if refuses else 'false'}\n")
        # extensions (a subject that refuses to correct)
        if refuses and months is not None and ("extension" in forced or rng.random() < 0.35):
            last_day = add_months(effective, months)
            decided = self.wd.pick(rng, last_day - dt.timedelta(days=10), last_day) or last_day
            if decided <= LAST:
                ext = rng.choice([3, 6, 6])
                lines.append(f"extensions:\n  - decided: {decided.isoformat()}\n    months: {ext}\n"
                             f"    reason: {rng.choice(_EXT_REASONS)}\n")
                self.features["extension"] += 1
        lines.append(self.objections(effective, entered, forced, cls))
        if cls == "B":
            lines.append(self.repair(effective, entered, forced))
        if "withdrawn" in forced or (cls != "C" and rng.random() < 0.005):
            wlo = entered + dt.timedelta(days=20)
            if wlo <= LAST:
                when = rand_date(rng, wlo, min(LAST, entered + dt.timedelta(days=240)))
                reason = rng.choice(_WITHDRAW_REASONS)
                lines.append(f"withdrawn:\n  date: {when.isoformat()}\n  reason: {reason}\n")
                self.features["withdrawn"] += 1
        self.w.count_class(cls if cls != "C" else ("C-refuse" if refuses else "C"))
        if person:
            self.features["person-subject"] += 1
        if learned is not None:
            self.features["learned"] += 1
        if dkind == "judgment":
            self.features["judgment"] += 1
        if points is not None:
            self.features["points"] += 1
        if count != 1:
            self.features["count"] += 1
        return recorder, year, entered, "".join(lines)

    def objections(self, effective: dt.date, entered: dt.date, forced: frozenset[str], cls: str) -> str:
        rng = self.rng
        want = next((f for f in forced if f.startswith("objection-")), None)
        if want is None and rng.random() >= 0.07:
            return ""
        out = ["objections:\n"]
        n = 2 if want is None and rng.random() < 0.1 else 1
        filed = self.wd.after(entered, rng.randint(1, 15))
        for k in range(n):
            last = k == n - 1
            if want in ("objection-pending", "objection-pending-suspend"):
                filed = max(filed, self.wd.pick(rng, dt.date(2026, 11, 2), LAST) or LAST)
            if filed > LAST:
                break
            resolved = self.wd.after(filed, rng.randint(2, 8))
            pending = want in ("objection-pending", "objection-pending-suspend") or (
                want is None and last and filed >= dt.date(2026, 10, 1) and rng.random() < 0.5)
            if resolved > LAST:
                pending = True
            if not last:
                pending = False
            if pending:
                suspend = want == "objection-pending-suspend" or (want is None and rng.random() < 0.3)
                out.append(f"  - filed: {filed.isoformat()}\n    suspend: {'true' if suspend else 'false'}\n")
                self.features["objection-pending"] += 1
                if suspend:
                    self.features["objection-suspend"] += 1
                break
            if want == "objection-revoked":
                outcome = "revoked"
            elif want == "objection-upheld":
                outcome = "upheld"
            elif want == "objection-corrected":
                outcome = "corrected"
            elif not last:
                outcome = "upheld"
            else:
                outcome = rng.choices(["upheld", "corrected", "revoked"], [65, 25, 10])[0]
            suspend = rng.random() < 0.15
            out.append(f"  - filed: {filed.isoformat()}\n    resolved: {resolved.isoformat()}\n"
                       f"    outcome: {outcome}\n    suspend: {'true' if suspend else 'false'}\n")
            self.features[f"objection-{outcome}"] += 1
            filed = self.wd.after(resolved, rng.randint(3, 30))
        return "".join(out) if len(out) > 1 else ""

    def repair(self, effective: dt.date, entered: dt.date, forced: frozenset[str]) -> str:
        rng = self.rng
        want = next((f for f in forced if f.startswith("repair-")), None)
        if want is None and rng.random() >= 0.07:
            return ""
        if want == "repair-pending":
            applied = self.wd.pick(rng, max(entered + dt.timedelta(days=30), dt.date(2026, 11, 9)), LAST)
            if applied is None:
                return ""
            self.features["repair-pending"] += 1
            return f"repair:\n  applied: {applied.isoformat()}\n"
        applied = self.wd.pick(rng, entered + dt.timedelta(days=90),
                               min(LAST, entered + dt.timedelta(days=500)))
        if applied is None:
            return ""
        decided = self.wd.after(applied, rng.randint(2, 7))
        if decided > LAST:
            self.features["repair-pending"] += 1
            return f"repair:\n  applied: {applied.isoformat()}\n"
        outcome = {"repair-approved": "approved", "repair-rejected": "rejected"}.get(
            want or "", "approved" if rng.random() < 0.8 else "rejected")
        self.features[f"repair-{outcome}"] += 1
        return (f"repair:\n  applied: {applied.isoformat()}\n  decided: {decided.isoformat()}\n"
                f"  outcome: {outcome}\n")

