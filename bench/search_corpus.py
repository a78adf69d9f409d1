"""A synthetic but natural-looking corpus for the search benchmark.

Words are drawn at Zipf frequencies from a vocabulary of about 4,500 Chinese
and 1,000 English words: real safety vocabulary at the top ranks, then Chinese
words built from the most frequent Chinese characters (so that characters, too,
occur at their natural frequencies) and inflected English words.
"""

from __future__ import annotations

import itertools
import random
from bisect import bisect
from collections.abc import Iterator

# The most frequent Chinese characters, roughly in frequency order.
FREQUENT_CHARS = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年"
    "过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她"
    "本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问"
    "很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次"
    "度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何"
    "电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展"
    "马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规"
    "万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办"
    "议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城"
    "石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查"
    "轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推"
    "势参希古众构房半节土投某案黑维革划敢察侧依托湖顾副限乱控养态杂检险损灾防毒燃爆泄漏救援演练"
)

# Real words of the domain, placed at the top ranks (several of six characters).
CHINESE_WORDS = ["安全", "消防", "检查", "隐患", "整改", "应急", "企业", "员工", "仓库", "车间", "设备", "管理", "责任", "制度", "培训", "演练", "预案", "灭火器", "电气", "线路", "危险化学品", "特种设备", "有限空间", "高处作业", "动火作业", "安全帽", "安全带", "防护", "通道", "疏散", "逃生", "标志", "照明", "配电箱", "漏电", "触电", "火灾", "爆炸", "泄漏", "中毒", "窒息", "急救", "伤员", "报警", "值班", "巡查", "台账", "记录", "标准", "规范", "法规", "监管", "网格员", "监督", "联盟", "互助", "互查", "经验", "交流", "学习", "宣传", "文化", "活动", "安全生产月", "应急救援", "消防安全检查", "安全生产管理", "隐患排查治理", "特种作业人员", "叉车", "起重机", "电梯", "锅炉", "压力容器", "气瓶", "焊接", "切割", "油漆", "粉尘", "噪声", "高温", "防暑", "降温", "劳动防护用品", "手套", "口罩", "护目镜", "耳塞", "消火栓", "喷淋", "烟感", "报警器", "防火门", "防火墙", "楼梯", "出口", "堆放", "占用", "堵塞", "过期", "损坏", "维修", "保养", "更换", "检测", "验收", "审批", "许可", "作业票", "监护人", "负责人", "主要负责人", "安全员", "班组长", "操作规程", "岗位", "职责", "考核", "奖惩", "事故", "调查", "报告", "处理", "统计", "分析", "预防", "措施", "方案", "组织", "实施", "落实", "到位", "及时", "定期", "每月", "每周", "每天", "发现", "存在", "问题", "要求", "必须", "禁止", "严禁", "注意", "确保", "加强", "提高", "意识", "能力", "知识", "技能", "人人讲安全", "个个会应急", "园区", "功能区", "老旧设备", "工改仓", "生物医药", "高层楼宇", "党员", "突击队", "锂电池", "充电", "电动车", "吸烟", "明火", "易燃", "可燃", "物品", "材料", "储存", "运输", "装卸", "搬运", "通风", "排风", "气体", "检测仪", "浓度", "氧气", "二氧化碳", "干粉", "泡沫", "水基", "使用方法", "压力表", "指针", "绿区", "保险销", "喷嘴", "火源", "根部", "上风", "距离", "生产经营单位", "安全操作规程"]

ENGLISH_BASE = ["safety", "fire", "extinguisher", "inspection", "hazard", "risk", "worker", "employee", "company", "warehouse", "workshop", "equipment", "electrical", "wiring", "chemical", "special", "confined", "space", "height", "hot", "work", "helmet", "harness", "protection", "exit", "evacuation", "escape", "sign", "lighting", "distribution", "box", "leakage", "shock", "explosion", "leak", "poison", "suffocation", "aid", "injury", "alarm", "duty", "patrol", "ledger", "record", "standard", "rule", "regulation", "supervision", "officer", "alliance", "mutual", "help", "peer", "review", "experience", "exchange", "learning", "publicity", "culture", "activity", "month", "emergency", "rescue", "manager", "production", "forklift", "crane", "elevator", "boiler", "pressure", "vessel", "cylinder", "welding", "cutting", "paint", "dust", "noise", "heat", "cooling", "glove", "mask", "goggle", "plug", "hydrant", "sprinkler", "smoke", "detector", "door", "wall", "stair", "storage", "blocked", "expired", "damaged", "repair", "maintenance", "replace", "test", "acceptance", "approval", "permit", "ticket", "guardian", "responsible", "person", "operator", "procedure", "post", "duty", "assessment", "reward", "accident", "investigation", "report", "handling", "analysis", "prevention", "measure", "plan", "organise", "implement", "check", "daily", "weekly", "monthly", "find", "problem", "require", "must", "forbid", "attention", "ensure", "strengthen", "improve", "awareness", "ability", "knowledge", "skill", "park", "area", "building", "party", "member", "team", "battery", "charge", "vehicle", "smoking", "flame", "flammable", "material", "transport", "loading", "ventilation", "gas", "oxygen", "carbon", "dioxide", "powder", "foam", "water", "gauge", "needle", "green", "zone", "pin", "nozzle", "source", "base", "wind", "distance", "training", "drill", "contractor", "scaffold", "ladder", "guard", "machine", "tool", "cable", "socket", "switch", "circuit", "breaker", "earth", "ground", "insulation", "voltage", "current", "valve", "pipe", "tank", "pump", "compressor", "reactor", "solvent", "acid", "alkali", "toxic", "corrosive", "label", "sheet", "signal", "barrier", "cone", "fence", "lock", "tag", "isolation", "energy", "lift", "load", "rope", "sling", "hook", "chain", "beam", "column", "floor", "roof", "window", "corridor", "canteen", "dormitory", "office", "laboratory", "clinic", "hospital", "ambulance", "police", "number", "call", "phone", "radio", "siren", "horn", "bell", "light", "torch", "battery", "generator", "shelter", "assembly", "point", "route", "map", "drawing", "notice", "board", "poster", "video", "photo", "meeting", "lecture", "course", "exam", "quiz", "score", "leader", "director", "supervisor", "inspector", "engineer", "technician", "electrician", "welder", "driver", "cleaner", "guard", "visitor", "student", "teacher", "volunteer", "committee", "office", "department"]
ENGLISH_RARE = ["anemometer", "bollard", "calorimeter", "desiccant", "effluent", "flashback", "gantry", "hygrometer", "interlock", "jackhammer", "kiln", "lanyard", "manometer", "nitrogen", "outrigger", "pyrophoric", "quench", "rivet", "scrubber", "thermocouple", "ullage", "vortex", "windlass", "xylene", "yardarm", "zeolite", "borescope", "caisson", "dewar"]


def _english_vocabulary() -> list[str]:
    words: list[str] = []
    for word in dict.fromkeys(ENGLISH_BASE):
        words.append(word)
    for word in dict.fromkeys(ENGLISH_BASE):
        if word.endswith("y") and word[-2] not in "aeiou":
            words.append(word[:-1] + "ies")
        else:
            words.append(word + ("es" if word.endswith(("s", "x", "h")) else "s"))
    for word in dict.fromkeys(ENGLISH_BASE):
        stem = word[:-1] if word.endswith("e") else word
        words.append(stem + "ing")
    return words + ENGLISH_RARE


def _chinese_vocabulary(rng: random.Random, size: int) -> list[str]:
    chars = list(dict.fromkeys(FREQUENT_CHARS))
    weights = list(itertools.accumulate(1 / (r + 1) for r in range(len(chars))))
    words = list(dict.fromkeys(CHINESE_WORDS))
    seen = set(words)
    while len(words) < size:
        length = rng.choices((2, 3, 4), weights=(70, 22, 8))[0]
        word = "".join(chars[bisect(weights, rng.random() * weights[-1])]
                       for _ in range(length))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Corpus:
    """Deterministic documents: Chinese (80%), English or mixed (20%)."""

    def __init__(self, seed: int = 20261129, chinese_words: int = 4500) -> None:
        self.rng = random.Random(seed)
        self.chinese = _chinese_vocabulary(self.rng, chinese_words)
        self.english = _english_vocabulary()
        self._zh = list(itertools.accumulate(1 / (r + 1) for r in range(len(self.chinese))))
        self._en = list(itertools.accumulate(1 / (r + 1) for r in range(len(self.english))))

    def _draw(self, words: list[str], cumulative: list[float]) -> str:
        return words[min(bisect(cumulative, self.rng.random() * cumulative[-1]),
                         len(words) - 1)]

    def chinese_sentence(self, n: int) -> str:
        return "".join(self._draw(self.chinese, self._zh) for _ in range(n)) + "。"

    def english_sentence(self, n: int) -> str:
        words = [self._draw(self.english, self._en) for _ in range(n)]
        return " ".join(words).capitalize() + "."

    def document(self) -> tuple[str, str]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.8:
            title = "".join(self._draw(self.chinese, self._zh) for _ in range(rng.randint(3, 7)))
            body = "".join(self.chinese_sentence(rng.randint(5, 14))
                           for _ in range(rng.randint(3, 9)))
        elif roll < 0.9:
            title = self.english_sentence(rng.randint(3, 8)).rstrip(".")
            body = " ".join(self.english_sentence(rng.randint(6, 18))
                            for _ in range(rng.randint(3, 8)))
        else:
            title = (self.english_sentence(rng.randint(2, 4)).rstrip(".") + " "
                     + "".join(self._draw(self.chinese, self._zh) for _ in range(3)))
            body = " ".join(self.chinese_sentence(rng.randint(5, 12)) if i % 2 else
                            self.english_sentence(rng.randint(6, 14))
                            for i in range(rng.randint(3, 8)))
        return title, body

    def documents(self, n: int) -> Iterator[tuple[str, str]]:
        for _ in range(n):
            yield self.document()
