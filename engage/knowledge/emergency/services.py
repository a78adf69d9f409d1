"""The emergency guide: what to do first in a fire, a chemical leak, an electric shock,
an injury or an evacuation, and the park's emergency numbers.

The numbers come from ENGAGE_EMERGENCY_NUMBERS: entries `label=number` separated
by `;`, where a label may carry an English name after `|`, e.g.
`火警|Fire=119;急救|Ambulance=120;园区应急值班|Park duty line=0512-00000000`.
Entries that are not of that form are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = re.compile(r"^\+?[0-9][0-9 \-]{1,30}$")


@dataclass(frozen=True)
class EmergencyNumber:
    label: str
    label_en: str
    number: str

    @property
    def tel(self) -> str:
        return "tel:" + re.sub(r"[ \-]", "", self.number)

    def display_label(self, locale: str) -> str:
        return self.label_en if locale == "en" and self.label_en else self.label


def parse_numbers(text: str | None) -> list[EmergencyNumber]:
    numbers = []
    for entry in (text or "").split(";"):
        if "=" not in entry:
            continue
        label, _sep, number = entry.partition("=")
        label, _bar, label_en = label.partition("|")
        label, label_en, number = label.strip()[:40], label_en.strip()[:60], number.strip()
        if label and _NUMBER.match(number):
            numbers.append(EmergencyNumber(label, label_en, number))
    return numbers


# Each guide: key, Chinese and English title, and the steps in order.
GUIDES = [
    {
        "key": "fire",
        "title": "火灾",
        "title_en": "Fire",
        "steps": [
            "大声呼喊“着火了”，按下最近的手动火灾报警按钮。",
            "立即拨打 119，说清单位名称、地址、着火物质、火势大小和有无人员被困。",
            "初起火灾可用灭火器扑救：提起、拔销、握管、对准火焰根部、压下压把。",
            "电气火灾先切断电源；油锅起火用锅盖盖灭，严禁用水浇。",
            "火势无法控制时立即撤离，随手关门阻止烟火蔓延。",
        ],
        "steps_en": [
            'Shout "Fire!" and press the nearest manual fire alarm.',
            "Call 119: give the company name, address, what is burning, how big, and whether anyone is trapped.",
            "Fight only a small fire with an extinguisher: lift, pull the pin, aim at the base of the flames, squeeze.",
            "Cut the power before fighting an electrical fire; smother a pan fire with a lid, never water.",
            "If the fire grows, leave at once and close doors behind you to hold back smoke and fire.",
        ],
    },
    {
        "key": "chemical",
        "title": "化学品泄漏",
        "title_en": "Chemical leak",
        "steps": [
            "立即远离泄漏点，向上风向或侧上风向撤离，不要围观。",
            "通知班组长和企业安全管理员，拨打 119 报告泄漏物质名称和数量。",
            "严禁明火，不要开关电器，防止可燃气体遇火花爆炸。",
            "皮肤或眼睛接触：立即用大量流动清水冲洗至少 15 分钟，脱去污染衣物。",
            "处置人员必须佩戴合适的防护用品，按安全技术说明书（SDS）处置，无防护不得进入。",
        ],
        "steps_en": [
            "Move away from the leak at once, upwind or crosswind; do not stand and watch.",
            "Tell your team leader and the company safety manager; call 119 with the chemical's name and amount.",
            "No flames, and do not switch electrical devices on or off: a spark can ignite vapour.",
            "On skin or in eyes: rinse with plenty of running water for at least 15 minutes and remove soaked clothing.",
            "Only responders with the right protective equipment may go in, following the safety data sheet (SDS).",
        ],
    },
    {
        "key": "electric",
        "title": "触电",
        "title_en": "Electric shock",
        "steps": [
            "先断电：立即拉下开关或拔掉插头，切勿直接用手拉触电者。",
            "无法断电时，站在干燥木板上，用干燥木棍、塑料等绝缘物挑开电线。",
            "拨打 120，说明是触电伤害。",
            "触电者无意识、无呼吸时，立即进行心肺复苏（胸外按压每分钟 100–120 次），附近有 AED 时尽快使用。",
            "高压触电不要靠近，保持 8 米以上距离，等待专业人员断电。",
        ],
        "steps_en": [
            "Cut the power first: switch off or unplug; never pull the person with bare hands.",
            "If you cannot cut the power, stand on dry wood and push the wire away with a dry stick or plastic.",
            "Call 120 and say it is an electric shock.",
            "If the person is unconscious and not breathing, start CPR (100–120 compressions a minute) and use an AED if one is near.",
            "Keep at least 8 metres from a high-voltage accident and wait for the power to be cut by professionals.",
        ],
    },
    {
        "key": "injury",
        "title": "受伤急救",
        "title_en": "Injury",
        "steps": [
            "先确认现场安全，再靠近伤员，避免二次伤害。",
            "拨打 120，说清地点、伤员人数和伤情。",
            "出血：用干净纱布或布料直接按压伤口止血。",
            "疑似骨折或脊柱损伤：不要随意搬动，固定伤处等待救援。",
            "烧烫伤：用凉的流动水冲洗 15–20 分钟，不要涂牙膏、酱油。",
        ],
        "steps_en": [
            "Make sure the scene is safe before you approach, so nobody else is hurt.",
            "Call 120: where, how many are hurt, and how.",
            "Bleeding: press directly on the wound with clean gauze or cloth.",
            "Suspected fracture or spine injury: do not move the person; keep the injury still and wait.",
            "Burns: cool under running water for 15–20 minutes; no toothpaste or soy sauce.",
        ],
    },
    {
        "key": "evacuation",
        "title": "紧急疏散",
        "title_en": "Evacuation",
        "steps": [
            "听到警报立即停止作业，关闭设备，按疏散指示标志撤离。",
            "走安全出口和疏散楼梯，严禁乘坐电梯。",
            "有烟时用湿毛巾捂住口鼻，弯腰低姿前进。",
            "到指定集合点集合，班组长清点人数并报告。",
            "未经允许不要返回建筑内取物品。",
        ],
        "steps_en": [
            "When the alarm sounds, stop work, switch off machines and follow the exit signs.",
            "Use the emergency exits and stairs; never take the lift.",
            "In smoke, cover your nose and mouth with a wet cloth and stay low.",
            "Go to the assembly point; team leaders count their people and report.",
            "Do not go back in for belongings until you are told it is safe.",
        ],
    },
]
