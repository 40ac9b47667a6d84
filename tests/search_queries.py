"""Queries people type, and what in the demo world each must find.

Keys name items the way :func:`key` does: ``A:`` an article's slug, ``C:`` a
campaign's slug, ``S:`` a seasonal item's name (every edition's entry counts),
``U:`` the start of a member's post. Campaigns are named only when the demo
keeps them live on any date (windows relative to the day it is seeded).
"""

QUERIES = {
    # simplified
    "大闸蟹": ["A:hairy-crab-same-day", "A:mid-autumn-gift-guide", "S:大闸蟹", "U:阳澄湖大闸蟹蒸好了"],
    "杨梅": ["A:bayberry-moves-north", "A:bayberry-wine", "S:杨梅", "U:周五晚上的杨梅酒"],
    "荔枝": ["A:lychee-three-varieties", "A:n-ways-to-eat-lychee", "S:荔枝", "U:荔枝冰沙做好了"],
    "腌笃鲜": ["A:yan-du-xian-recipe", "S:腌笃鲜", "U:腌笃鲜笃了两个小时"],
    "小龙虾": ["A:crayfish-late-night", "S:小龙虾", "U:深夜小龙虾配啤酒"],
    "月饼": ["A:mid-autumn-gift-guide", "A:fresh-meat-mooncake", "S:广式月饼", "S:苏式月饼"],
    "清远鸡": ["A:qingyuan-chicken-hotpot", "S:清远鸡", "U:打边炉的清远鸡很嫩"],
    # traditional, as typed in Guangdong, Hong Kong and Taiwan
    "大閘蟹": ["A:hairy-crab-same-day", "A:mid-autumn-gift-guide", "S:大闸蟹", "U:阳澄湖大闸蟹蒸好了"],
    "楊梅": ["A:bayberry-moves-north", "A:bayberry-wine", "S:杨梅"],
    "月餅": ["A:mid-autumn-gift-guide", "A:fresh-meat-mooncake", "S:广式月饼", "S:苏式月饼"],
    "臘味": ["A:cured-meat-season", "S:腊味"],
    "鮮肉月餅": ["A:fresh-meat-mooncake", "S:苏式月饼"],
    "春筍": ["A:spring-bamboo-shoots", "S:春笋"],
    # pinyin, in full and as initials
    "dazhaxie": ["A:hairy-crab-same-day", "S:大闸蟹"],
    "lizhi": ["A:lychee-three-varieties", "A:n-ways-to-eat-lychee", "S:荔枝"],
    "yangmei": ["A:bayberry-moves-north", "S:杨梅"],
    "xiaolongxia": ["A:crayfish-late-night", "S:小龙虾"],
    "dzx": ["A:hairy-crab-same-day", "S:大闸蟹"],
    # one character
    "蟹": ["A:hairy-crab-same-day", "A:crab-by-high-speed-rail", "C:crab-by-high-speed-rail", "S:大闸蟹", "S:黄油蟹"],
    "笋": ["A:spring-bamboo-shoots", "S:春笋", "S:冬笋"],
    "桃": ["A:peach-season", "S:水蜜桃"],
    # Chinese and English, digits, full-width
    "520 水果": ["A:520-fruit-love-notes", "U:520 买的水果"],
    "５２０": ["A:520-fruit-love-notes", "U:520 买的水果"],
    "Hairy crab": ["S:大闸蟹"],
    "8424 西瓜": ["S:西瓜"],
    "lychee 妃子笑": ["S:荔枝", "A:lychee-three-varieties"],
    # regions, scenes and personas by name
    "大闸蟹 上海": ["A:hairy-crab-same-day", "S:大闸蟹"],
    "荔枝 广东": ["A:lychee-three-varieties", "S:荔枝"],
    "茂名": ["S:荔枝"],
    "深夜宵夜": ["A:crayfish-late-night", "A:mantis-shrimp-season-opens", "A:oyster-season", "U:深夜小龙虾配啤酒"],
    "头胎妈妈": ["A:first-mum-complementary-food", "A:mum-fruit-safety", "A:family-store-aquarium"],
    "情人节 花束": ["A:valentine-bouquet", "U:草莓花束送给闺蜜", "U:腊肠花束", "U:用西兰花和小番茄扎了一束蔬菜花束"],
    "冬至": ["A:winter-solstice-hotpot", "S:羊肉"],
    "鸡头米": ["A:gorgon-fruit-dessert", "S:鸡头米"],
}
