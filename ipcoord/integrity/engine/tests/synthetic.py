"""A synthetic register: random word marks plus planted variants of some of them.

Used by the index test; a benchmark can call `register(n)` for larger sizes. Deterministic
for a given seed.
"""

import random

import opencc

# Common characters, many of them in look-alike or homophone pairs, so that random marks
# also collide by themselves, not only through the planted variants.
POOL = (
    "康师帅傅付娃哈大白兔免雪雷碧壁六个核桃挑华为润小米鹏中国银行移动金龙凤天美佳好福"
    "宝新老东方红绿山水泉农夫王老吉海尔格力茅台五粮液同仁堂全聚德云南药青岛啤酒长城乐"
    "安泰恒通达源丰家人心一上明星光辉月日曰未末己已土士人入太犬玉主木本术鸟乌干千于今"
    "令贝见拔拨汩汨思味香甜鲜果园林森花草春秋夏冬晨阳阴雨风云雾霞彩虹蓝紫黄黑喜悦欢笑"
    "飞翔腾跃奔驰骏马虎狮熊猫鹿鹤松竹梅兰菊荷莲桂枫柳杨桑"
)
GENERIC = ("食品", "科技", "饮料", "集团", "牌", "有限公司")
_t2s_inverse = opencc.OpenCC("s2t")


def _random_mark(rng: random.Random) -> str:
    n = rng.choices((2, 3, 4, 5), weights=(35, 40, 20, 5))[0]
    return "".join(rng.choice(POOL) for _ in range(n))


def variant(mark: str, rng: random.Random) -> str:
    """A planted variant of `mark`, one of the kinds examiners find similar."""
    kind = rng.choice(("sub", "generic", "reorder", "traditional", "insert", "contain"))
    if kind == "sub" and len(mark) >= 3:
        i = rng.randrange(1, len(mark))
        return mark[:i] + rng.choice(POOL) + mark[i + 1 :]
    if kind == "generic":
        return mark + rng.choice(GENERIC)
    if kind == "reorder":
        return mark[::-1]
    if kind == "traditional":
        return _t2s_inverse.convert(mark)
    if kind == "insert":
        i = rng.randrange(len(mark) + 1)
        return mark[:i] + rng.choice(POOL) + mark[i:]
    return rng.choice("大小新老") + mark + rng.choice("园堂坊")


def register(n: int, planted: int, seed: int = 6) -> tuple[list[tuple[int, str, tuple]], list[str]]:
    """`n` random marks plus `planted` variants; returns (rows, planted variant texts)."""
    rng = random.Random(seed)
    texts = [_random_mark(rng) for _ in range(n)]
    variants = [variant(rng.choice(texts), rng) for _ in range(planted)]
    rows = [(i, t, (rng.randint(1, 45),)) for i, t in enumerate(texts + variants)]
    return rows, variants
