"""Hand-kept word lists and tables behind the resemblance engine.

Everything here is data a reviewer can read and amend; the code that uses it is in
`chars.py`, `normalise.py` and `compare.py`.

Caveats:
- CONFUSION_GROUPS holds classic look-alikes (形近字) that the shape library misses or ranks
  too low. A pair in one group counts as 形近 whatever the library says.
- GENERIC_WORDS are stripped only at the start or end of a mark, never from its middle, so a
  generic word that happens to sit inside a fanciful mark is left alone.
- SIMILAR_CLASSES is a coarse stand-in for the 类似商品和服务区分表, which works on sub-groups
  (类似群) rather than whole Nice classes: "similar class" here means "check the goods".
"""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Look-alike characters that examiners and courts treat as 形近. Each string is one group.
CONFUSION_GROUPS: tuple[str, ...] = (
    "师帅",
    "未末",
    "己已巳",
    "戊戌戍",
    "土士",
    "日曰",
    "人入八",
    "大太犬丈",
    "王玉主壬",
    "木本术禾",
    "鸟乌",
    "干千于午牛",
    "今令",
    "贝见",
    "拔拨",
    "汩汨",
    "雪雷",
    "桃挑",
    "兔免",
    "刀力",
    "田由甲申",
    "白百自",
    "天夭夫",
    "失矢",
    "宇字",
    "候侯",
    "即既",
    "崇祟",
    "荼茶",
    "戎戒",
    "旦且",
    "巾币",
    "问间",
    "爪瓜",
    "宜宣",
    "准淮",
    "衷哀衰",
    "盲肓",
    "广厂",
    "折拆",
    "撤撒",
    "辨辩辫瓣",
    "历厉",
    "冶治",
    "毛手",
    "季李",
    "蓝篮",
    "酒洒",
    "特持",
    "元无",
    "傅博",  # 康师傅 / 康帅博
    "来耒",
)

# Generic words: product and service names, company-form words, descriptive words and the
# like, which add no distinctiveness when put before or after another's mark.
GENERIC_WORDS: frozenset[str] = _words(
    """
    有限责任公司 股份有限公司 有限公司 公司 集团 股份 控股 实业 企业 商行 工作室
    科技 技术 信息 网络 电子 电器 数码 智能 软件 国际 贸易 商贸 文化 传媒 传播 教育
    食品 饮料 饮品 乳业 乳品 酒业 茶业 茶叶 果业 粮油 调味品 矿泉水 纯净水 方便面 饼干 糖果
    奶茶 咖啡 面包 蛋糕 月饼 火锅 餐饮 酒店 超市 便利店 药业 医药 制药 生物 化妆品 日化
    玩具 服饰 服装 鞋业 箱包 家具 家居 建材 机械 汽车 手机 电脑 家电 系列 产品 用品
    旗舰店 专卖店 官方 品牌 商标 牌 老字号
    """
)

# Model words and suffixes treated like a model number when they end a mark.
MODEL_WORDS: frozenset[str] = _words(
    "pro max plus mini ultra lite air neo se 尊享版 至尊版 豪华版 升级版 经典版 青春版"
)

# Words so common in marks that sharing them alone never makes two marks similar (DOMAIN.md:
# "marks sharing only a common word (中国, 华, 小)").
COMMON_WORDS: frozenset[str] = _words(
    """
    中国 中华 华夏 华 小 大 新 老 金 银 宝 美 佳 好 福 龙 凤 天 东方 世纪 环球 国际 亚洲
    全球 世界 万 盛 鑫 兴 隆 泰 和 康 乐 恒 通 达 源 丰 家 人 心 一 上 中
    """
)

# Pinyin initials and finals that speakers commonly merge (平翘舌, 前后鼻音, n/l, f/h).
NEAR_INITIALS: tuple[tuple[str, str], ...] = (
    ("zh", "z"),
    ("ch", "c"),
    ("sh", "s"),
    ("n", "l"),
    ("f", "h"),
)
NEAR_FINALS: tuple[tuple[str, str], ...] = (
    ("iang", "ian"),
    ("uang", "uan"),
    ("ang", "an"),
    ("eng", "en"),
    ("ing", "in"),
)

# Pairs of Nice classes whose goods or services are commonly found similar (coarse).
SIMILAR_CLASSES: frozenset[frozenset[int]] = frozenset(
    frozenset(pair)
    for pair in (
        (29, 30),
        (29, 31),
        (30, 31),
        (30, 32),
        (32, 33),
        (29, 43),
        (30, 43),
        (3, 5),
        (5, 10),
        (9, 42),
        (9, 28),
        (18, 25),
        (25, 26),
        (11, 21),
        (16, 41),
        (35, 42),
    )
)

# Digits read aloud, one by one as brand names are (361 → san liu yao): the usual reading
# first, then the other one in use (1 yao, 2 liang). DIGIT_TONES gives the usual reading
# with its tone number, in pypinyin's TONE3 form.
DIGIT_READINGS: dict[str, tuple[str, ...]] = {
    "0": ("ling",),
    "1": ("yi", "yao"),
    "2": ("er", "liang"),
    "3": ("san",),
    "4": ("si",),
    "5": ("wu",),
    "6": ("liu",),
    "7": ("qi",),
    "8": ("ba",),
    "9": ("jiu",),
}
DIGIT_TONES: dict[str, str] = {
    "0": "ling2",
    "1": "yi1",
    "2": "er4",
    "3": "san1",
    "4": "si4",
    "5": "wu3",
    "6": "liu4",
    "7": "qi1",
    "8": "ba1",
    "9": "jiu3",
}
