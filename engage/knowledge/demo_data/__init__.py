"""The demo park's knowledge content, written as data: categories, articles, quizzes."""

from engage.knowledge.demo_data.articles_a import ARTICLES as _A
from engage.knowledge.demo_data.articles_b import ARTICLES as _B
from engage.knowledge.demo_data.quizzes import QUIZZES

# key: (name, English name, parent key, description)
CATEGORIES = {
    "fire": ("消防安全", "Fire safety", None, "火灾预防、灭火器材、疏散逃生与动火管理。"),
    "fire.ext": (
        "灭火器材",
        "Fire-fighting equipment",
        "fire",
        "灭火器、消火栓等器材的使用与检查。",
    ),
    "fire.evac": ("疏散逃生", "Evacuation", "fire", "安全出口、疏散通道与火场逃生。"),
    "electrical": ("电气安全", "Electrical safety", None, "用电、配电与防触电。"),
    "chemicals": ("危险化学品", "Hazardous chemicals", None, "储存、使用、标签与泄漏处置。"),
    "special": ("特种设备", "Special equipment", None, "叉车、电梯、压力容器、起重机械。"),
    "confined": ("有限空间", "Confined spaces", None, "有限空间作业的审批、检测、监护与救援。"),
    "highrise": ("高层建筑", "High-rise buildings", None, "高层楼宇的消防设施与高处作业。"),
    "warehouse": ("仓储安全", "Warehouses", None, "仓库、堆垛、冷库与工改仓。"),
    "firstaid": ("应急救护", "First aid", None, "心肺复苏、AED、烧烫伤与常见急症。"),
    "laws": ("法律法规与标准", "Laws and standards", None, "安全生产法律法规、标准与制度要求。"),
}

ARTICLES = _A + _B

__all__ = ["ARTICLES", "CATEGORIES", "QUIZZES"]
