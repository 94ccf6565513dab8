"""The vocabulary of fictional names: surnames, given names, brand characters, roads, street offices,
estates and company kinds. Every enterprise a generator makes up is named from these (and marked 示例 or
某 where it could be mistaken for a real one); persons get surnames with 某/某某 or common given names."""

from __future__ import annotations

# ---- persons ---------------------------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
"""Surnames for 张某某-style names (the tree; the demo uses the first 87)."""

COMMON_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤"
)
"""Surnames in order of frequency, for names with given names (drawn by a Zipf law in the snapshots)."""

GIVEN_NAMES = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅文斌辉鹏飞海燕晓东亮雪琳"
    "丹宇浩然子轩欣怡梓涵一诺佳琪雨桐思远博文俊杰天佑嘉怡宏伟春生秋菊冬梅振华德胜新民永刚"
)
"""Characters of given names (the snapshots' persons have one or two)."""

# ---- enterprises and their estates ---------------------------------------------------------------------

BRAND_CHARS = (
    "恒信安居华嘉瑞祥鑫泰康和盛达宏兴通润佳美悦锦绣正弘昌裕丰荣福鸿建新城天宇金银龙凯豪明阳光东方博远万家"
    "中原豫颐馨怡雅汇德海诚益永合顺源广立升腾雅致臻睿峰林森航卓越惠民乐晟晨"
)
"""Characters of two- or three-character brands (字号) in the tree: 恒信, 嘉瑞祥."""

_SNAPSHOT_BRAND_TEXT = (
    "恒信安居康华鑫源泰和嘉润达宏盛兴福祥瑞丰金银城建业正弘绿地锦绣龙凤天成新世纪远景明光东方中原豫嵩"
    "长江海洋国际美好家园佳乐居民生永昌隆昇宸瀚森林雅颂悦璟御溪桂花兰竹梅松柏鹏程万里通德仁义礼智"
    "云山水月星辰阳春晖盈科宇航博文启航荣耀辉煌beyond"
)
SNAPSHOT_BRAND_CHARS = "".join(c for c in _SNAPSHOT_BRAND_TEXT if "\u4e00" <= c <= "\u9fff")
"""Characters of the snapshots' brands (a set of their own; Chinese characters only)."""

NATIONAL_BRANDS = ["ABC", "CBD", "IFC", "万科", "碧桂园", "保利", "绿城", "建业", "正商", "永威", "鑫苑", "康桥", "亚新",
                   "升龙", "美景", "昌建", "瑞阳", "华润", "招商", "融创", "中海", "金科", "世茂", "新城", "龙湖"]
COMPANY_KINDS = ["物业服务有限公司"] * 6 + ["物业管理有限公司"] * 3 + [
    "物业服务股份有限公司", "物业发展有限公司", "物业管理服务有限公司", "智慧物业服务有限公司"]
PROJECT_SUFFIXES = ["花园", "小区", "家园", "苑", "华府", "广场", "大厦", "名苑", "新城", "公馆", "雅居", "佳苑", "一期",
                    "二期", "三期", "国际", "府", "城", "湾", "庭", "里", "社区", "公寓", "中心", "御府", "壹号院"]
"""Well-known brands, kinds of company (weighted by repetition) and estate-name endings (the snapshots)."""

ROADS = [
    "人民路", "建设路", "解放路", "中州路", "文化路", "花园路", "黄河路", "长江路", "纬一路",
    "经三路", "工业路", "新华路", "东风路", "南京路", "北京路", "健康路", "胜利路", "和平路",
    "团结路", "光明路", "迎宾路", "滨河路", "未来路", "丰产路", "农业路", "商都路", "嵩山路",
    "伏牛路", "开元大道", "龙门大道", "九州路", "朝阳路", "友谊路", "育才路", "学府路", "政通路",
    "向阳路", "红旗路", "平原路", "太行路", "中原路", "大庆路", "五一路", "七一路", "八一路",
    "青年路",
]
STREET_OFFICES = [
    "城关", "人民路", "解放路", "建设路", "新华路", "东风路", "文化路", "南关", "北关", "西关",
    "东城", "西城", "南城", "北城", "新城", "红旗", "光明", "和平", "朝阳", "胜利",
]
# estate names: (Chinese, pinyin for the project id)
ESTATE_FIRST = [
    ("锦绣", "jinxiu"), ("阳光", "yangguang"), ("翠竹", "cuizhu"), ("金桂", "jingui"), ("幸福", "xingfu"),
    ("和谐", "hexie"), ("书香", "shuxiang"), ("水岸", "shuian"), ("御景", "yujing"), ("盛世", "shengshi"),
    ("紫荆", "zijing"), ("丽景", "lijing"), ("滨河", "binhe"), ("世纪", "shiji"), ("怡和", "yihe"),
    ("康乐", "kangle"), ("春晖", "chunhui"), ("秋实", "qiushi"), ("东方", "dongfang"), ("西湖", "xihu"),
    ("南湖", "nanhu"), ("北辰", "beichen"), ("中央", "zhongyang"), ("香山", "xiangshan"), ("龙湖", "longhu"),
    ("凤凰", "fenghuang"), ("枫林", "fenglin"), ("绿城", "lvcheng"), ("银河", "yinhe"), ("明珠", "mingzhu"),
    ("学府", "xuefu"), ("清华", "qinghua"), ("嘉园", "jiayuan"), ("瑞景", "ruijing"), ("颐和", "yihe2"),
    ("正商", "zhengshang"), ("泰和", "taihe"), ("永安", "yongan"), ("兴隆", "xinglong"), ("祥和", "xianghe"),
    ("润园", "runyuan"), ("馨苑", "xinyuan"), ("华庭", "huating"), ("碧水", "bishui"), ("青山", "qingshan"),
    ("鑫苑", "xinyuan2"), ("建业", "jianye"), ("金色", "jinse"), ("名门", "mingmen"), ("锦江", "jinjiang"),
]
ESTATE_SECOND = [
    ("花园", "huayuan"), ("小区", "xiaoqu"), ("家园", "jiayuan"), ("苑", "yuan"), ("新城", "xincheng"),
    ("名都", "mingdu"), ("华府", "huafu"), ("公馆", "gongguan"), ("府", "fu"), ("广场", "guangchang"),
    ("大厦", "dasha"), ("社区", "shequ"), ("新村", "xincun"), ("雅居", "yaju"), ("一期", "yiqi"),
    ("二期", "erqi"), ("城", "cheng"), ("里", "li"), ("湾", "wan"), ("郡", "jun"),
]
