"""Henan's divisions (GB/T 2260): all 18 cities and their counties, with each city's telephone area code and
its share of the province's property-service enterprises. Every generator here draws its places from this
one table (the demo's and the search snapshots' regions are subsets of it)."""

from __future__ import annotations

from dataclasses import dataclass

# city code, name, telephone area code, relative weight (share of property-service enterprises); then,
# indented, its counties.

_CITIES = """\
410100 郑州市 0371 28
    410102 中原区 410103 二七区 410104 管城回族区 410105 金水区 410106 上街区 410108 惠济区
    410122 中牟县 410181 巩义市 410182 荥阳市 410183 新密市 410184 新郑市 410185 登封市
410200 开封市 0371 4
    410202 龙亭区 410203 顺河回族区 410204 鼓楼区 410205 禹王台区 410212 祥符区 410221 杞县
    410222 通许县 410223 尉氏县 410225 兰考县
410300 洛阳市 0379 8
    410302 老城区 410303 西工区 410304 瀍河回族区 410305 涧西区 410307 偃师区 410308 孟津区
    410311 洛龙区 410323 新安县 410324 栾川县 410325 嵩县 410326 汝阳县 410327 宜阳县
    410328 洛宁县 410329 伊川县
410400 平顶山市 0375 4
    410402 新华区 410403 卫东区 410404 石龙区 410411 湛河区 410421 宝丰县 410422 叶县
    410423 鲁山县 410425 郏县 410481 舞钢市 410482 汝州市
410500 安阳市 0372 4
    410502 文峰区 410503 北关区 410505 殷都区 410506 龙安区 410522 安阳县 410523 汤阴县
    410526 滑县 410527 内黄县 410581 林州市
410600 鹤壁市 0392 2
    410602 鹤山区 410603 山城区 410611 淇滨区 410621 浚县 410622 淇县
410700 新乡市 0373 5
    410702 红旗区 410703 卫滨区 410704 凤泉区 410711 牧野区 410721 新乡县 410724 获嘉县
    410725 原阳县 410726 延津县 410727 封丘县 410781 卫辉市 410782 辉县市 410783 长垣市
410800 焦作市 0391 3
    410802 解放区 410803 中站区 410804 马村区 410811 山阳区 410821 修武县 410822 博爱县
    410823 武陟县 410825 温县 410882 沁阳市 410883 孟州市
410900 濮阳市 0393 3
    410902 华龙区 410922 清丰县 410923 南乐县 410926 范县 410927 台前县 410928 濮阳县
411000 许昌市 0374 4
    411002 魏都区 411003 建安区 411024 鄢陵县 411025 襄城县 411081 禹州市 411082 长葛市
411100 漯河市 0395 2
    411102 源汇区 411103 郾城区 411104 召陵区 411121 舞阳县 411122 临颍县
411200 三门峡市 0398 2
    411202 湖滨区 411203 陕州区 411221 渑池县 411224 卢氏县 411281 义马市 411282 灵宝市
411300 南阳市 0377 7
    411302 宛城区 411303 卧龙区 411321 南召县 411322 方城县 411323 西峡县 411324 镇平县
    411325 内乡县 411326 淅川县 411327 社旗县 411328 唐河县 411329 新野县 411330 桐柏县
    411381 邓州市
411400 商丘市 0370 5
    411402 梁园区 411403 睢阳区 411421 民权县 411422 睢县 411423 宁陵县 411424 柘城县
    411425 虞城县 411426 夏邑县 411481 永城市
411500 信阳市 0376 5
    411502 浉河区 411503 平桥区 411521 罗山县 411522 光山县 411523 新县 411524 商城县
    411525 固始县 411526 潢川县 411527 淮滨县 411528 息县
411600 周口市 0394 5
    411602 川汇区 411603 淮阳区 411621 扶沟县 411622 西华县 411623 商水县 411624 沈丘县
    411625 郸城县 411627 太康县 411628 鹿邑县 411681 项城市
411700 驻马店市 0396 5
    411702 驿城区 411721 西平县 411722 上蔡县 411723 平舆县 411724 正阳县 411725 确山县
    411726 泌阳县 411727 汝南县 411728 遂平县 411729 新蔡县
419001 济源市 0391 1
"""

PROVINCE = "410000"
PROVINCE_NAME = "河南省"
PROVINCE_AUTHORITY = "河南省住房和城乡建设厅"


@dataclass
class City:
    code: str
    name: str
    area: str
    weight: int
    counties: list[tuple[str, str]]  # (code, name); 济源 (a county-level city) stands for itself

    @property
    def short(self) -> str:
        return self.name[:-1] if self.name.endswith("市") else self.name


def _parse_cities() -> list[City]:
    out: list[City] = []
    for line in _CITIES.splitlines():
        parts = line.split()
        if not parts:
            continue
        if not line.startswith(" "):
            code, name, area, weight = parts
            out.append(City(code, name, area, int(weight), []))
        else:
            out[-1].counties += [(parts[i], parts[i + 1]) for i in range(0, len(parts), 2)]
    for city in out:
        if not city.counties:  # 济源: the city is its own county
            city.counties = [(city.code, city.name)]
    return out


CITIES = _parse_cities()



def _region_names() -> dict[str, str]:
    out = {PROVINCE: PROVINCE_NAME}
    for city in CITIES:
        out[city.code] = city.name
        out.update(city.counties)
    return out


REGION_NAMES = _region_names()
"""Every code of the table with its name: the province, the cities, the counties."""

CITY_OF: dict[str, City] = {county: city for city in CITIES for county, _name in city.counties}
"""The city of every county code (济源, a county-level city under the province, is its own)."""
