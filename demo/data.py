"""The demo world: a fresh-food and lifestyle retailer in Guangdong, Shanghai and Zhejiang.

Seasons follow real produce: hairy crab in autumn, bayberry moving north from
Guangdong (late April) to Zhejiang (June-July), lychee varieties one after
another, spring bamboo shoots from 惊蛰 to 立夏. Dates are "M/D" in the
calendar's year; a season ending before it starts runs into the next year;
"@立秋" anchors to a solar term or festival, "@清明-14" adds an offset in days.
"""

SCENES = [
    # slug, name, place, journey stage, description, windows [(days, start, end)]
    ("bubble-tea-selfie", "奶茶自拍时刻", "store", "advocacy", "刚拿到一杯现做奶茶、最想拍照分享的那一刻。", [("1234567", "14:00", "18:30")]),
    ("overtime-snacking", "加班零食", "office", "purchase", "写字楼里加班到深夜，同事一起分零食解压。", [("12345", "21:00", "02:00")]),
    ("friday-drink", "周五小酌", "home", "purchase", "周五晚上一杯酒，买的是那一刻的心情。", [("5", "19:00", "00:00")]),
    ("weekend-family-store", "周末亲子逛店", "store", "awareness", "周末带娃逛门店，海鲜池变成了小小水族馆。", [("67", "10:00", "17:30")]),
    ("commute-breakfast", "通勤早餐", "commute", "purchase", "地铁口到工位之间的十分钟早餐。", [("12345", "07:00", "09:30")]),
    ("office-lunch", "午休外卖", "office", "consideration", "午休时刷手机挑外卖、顺手下单水果。", [("12345", "11:30", "13:30")]),
    ("late-night-supper", "深夜宵夜", "home", "purchase", "追剧到深夜，想来一份小龙虾或烧烤。", [("1234567", "22:00", "01:00")]),
    ("weekend-home-cooking", "周末下厨", "home", "consideration", "周末有空，照着菜谱做一顿应季好菜。", [("67", "15:30", "19:30")]),
    ("post-workout", "健身后补给", "outdoors", "purchase", "运动完想吃点清爽、高蛋白的东西。", [("1234567", "18:00", "21:00")]),
    ("festival-gifting", "节日送礼", "online", "consideration", "节日前挑礼盒、给家人朋友寄一份心意。", [("1234567", "09:00", "23:00")]),
]

PERSONAS = [
    # slug, name, life stage, age min, age max, interests, segment codes, description
    ("genz-foodie", "Z世代吃货", "student", 18, 25, ["探店", "奶茶", "拍照"], ["CDP-GENZ-FOODIE", "CRM-SEG-0012"], "选品牌也选人设，喜欢平等对话、会玩梗的品牌。"),
    ("first-time-mum", "头胎妈妈", "new_parent", 25, 35, ["辅食", "育儿", "安全"], ["CDP-MUM-FIRST"], "要的不只是纸尿裤，更是靠谱的建议。"),
    ("urban-white-collar-woman", "都市白领女性", "young_professional", 20, 35, ["轻食", "生活方式", "颜值"], ["CDP-WCW-2035", "CRM-SEG-0031"], "重视生活方式与仪式感，愿为品质买单。"),
    ("whale-member", "高价值鲸鱼会员", "any", None, None, ["整套购买", "礼盒"], ["CRM-VALUE-WHALE"], "生命周期价值最高，喜欢一次买齐整套。"),
    ("executive-buyer", "高端尝鲜家", "established_professional", 30, 55, ["高端", "产地直供"], ["CRM-VALUE-EXEC"], "总买最贵的那条产品线，讲究产地与时令。"),
    ("fan-not-buyer", "粉丝未购", "any", None, None, ["关注", "点赞"], ["CRM-VALUE-FAN"], "点赞关注但还没下单，需要一个理由。"),
    ("silver-gourmet", "银发美食家", "senior", 55, 80, ["时令", "养生", "家常菜"], ["CDP-SILVER-GOURMET"], "讲究不时不食，爱做家常应季菜。"),
]

REGIONS = [
    # code, name, kind, parent code
    ("CN", "中国", "country", None),
    ("CN-GD", "广东", "province", "CN"),
    ("CN-GD-GZ", "广州", "city", "CN-GD"),
    ("CN-GD-SZ", "深圳", "city", "CN-GD"),
    ("CN-GD-MM", "茂名", "city", "CN-GD"),
    ("CN-SH", "上海", "province", "CN"),
    ("CN-SH-SH", "上海市", "city", "CN-SH"),
    ("CN-ZJ", "浙江", "province", "CN"),
    ("CN-ZJ-HZ", "杭州", "city", "CN-ZJ"),
    ("CN-ZJ-NB", "宁波", "city", "CN-ZJ"),
    ("CN-ZJ-TZ", "台州", "city", "CN-ZJ"),
    ("CN-JS", "江苏", "province", "CN"),
    ("CN-JS-SZ", "苏州", "city", "CN-JS"),
]

CHANNELS = [
    ("app-home", "App 首页信息流"),
    ("push", "推送 Push"),
    ("mini-program", "微信小程序"),
    ("in-store-screen", "门店屏"),
    ("social", "社交媒体（小红书/抖音）"),
]

# item, English, category, variety, origin, start, end, peak (start, end) or None, tasting notes
GUANGDONG_ENTRIES = [
    ("荔枝", "Lychee", "fruit", "妃子笑", "广东茂名", "5/10", "6/20", ("5/25", "6/10"), "果大核小，清甜带微酸，是荔枝季的头阵。"),
    ("荔枝", "Lychee", "fruit", "糯米糍", "广州增城", "6/10", "7/15", ("6/20", "7/5"), "肉厚核小，糯甜如蜜。"),
    ("荔枝", "Lychee", "fruit", "桂味", "广州从化", "6/15", "7/20", ("6/25", "7/10"), "带桂花香，果壳刺手。"),
    ("龙眼", "Longan", "fruit", "石硖", "广东高州", "7/15", "9/10", ("8/1", "8/25"), "清甜爽脆，一口一颗。"),
    ("芒果", "Mango", "fruit", "台农", "广东湛江", "4/20", "7/31", ("5/15", "6/30"), "纤维少，香气浓。"),
    ("杨梅", "Bayberry", "fruit", "乌酥", "广东潮州", "4/25", "5/31", ("5/5", "5/20"), "杨梅季从南往北走，广东最早开摘。"),
    ("黄皮", "Wampee", "fruit", "鸡心黄皮", "广东云浮", "6/15", "8/15", ("7/1", "7/31"), "酸甜开胃，老广消暑必备。"),
    ("菠萝", "Pineapple", "fruit", "巴厘", "广东徐闻", "2/1", "5/31", ("3/15", "4/30"), "徐闻菠萝的田洋，一眼望不到边。"),
    ("砂糖橘", "Shatang mandarin", "fruit", "", "广东肇庆四会", "11/15", "2/15", ("12/1", "1/15"), "皮薄汁多，过年桌上少不了。"),
    ("沙田柚", "Shatian pomelo", "fruit", "", "广东梅州", "9/15", "11/30", ("10/1", "10/31"), "中秋前后最当时，放几天更甜。"),
    ("西瓜", "Watermelon", "fruit", "麒麟瓜", "广东湛江", "5/1", "8/31", ("6/15", "7/31"), "皮薄沙瓤。"),
    ("马蹄", "Water chestnut", "vegetable", "", "广东肇庆", "11/1", "3/31", ("12/1", "2/15"), "清甜爽脆，做马蹄糕最好。"),
    ("春笋", "Spring bamboo shoot", "vegetable", "", "广东韶关", "@惊蛰", "@立夏", None, "一场春雨一茬笋，鲜在一个嫩字。"),
    ("迟菜心", "Late choy sum", "vegetable", "增城迟菜心", "广州增城", "11/15", "2/28", ("12/15", "1/31"), "越冷越甜，白灼就好。"),
    ("黄油蟹", "Butter crab", "seafood", "", "广东珠海", "6/15", "8/15", ("7/1", "7/31"), "膏油渗满全身，一年只等这一季。"),
    ("濑尿虾", "Mantis shrimp", "seafood", "", "南海", "8/16", "11/30", ("9/1", "10/31"), "你现在吃的濑尿虾，五小时前还在南海游泳。南海开海即上市。"),
    ("生蚝", "Oyster", "seafood", "台山生蚝", "广东台山", "11/1", "4/30", ("12/1", "2/28"), "冬天的蚝最肥，蒜蓉炭烤。"),
    ("禾虫", "Ragworm", "seafood", "", "广东佛山", "9/1", "10/31", ("9/15", "10/15"), "老广的秋季时令，炖蛋一绝。"),
    ("大闸蟹", "Hairy crab", "seafood", "阳澄湖", "江苏苏州阳澄湖", "9/20", "12/15", ("10/15", "11/20"), "阳澄湖大闸蟹当日捞当日达，广东也能吃到最鲜的蟹。"),
    ("腊味", "Cantonese cured meat", "meat", "广式腊肠", "广东广州", "@立冬", "@元宵节", None, "北风一起，晒腊味。"),
    ("凉茶", "Herbal tea", "drink", "", "广东广州", "@立夏", "@立秋", None, "湿热天气一碗凉茶。"),
    ("广式月饼", "Cantonese mooncake", "dish", "双黄白莲蓉", "广东广州", "8/1", "@中秋节", None, "中秋团圆，送礼自吃两相宜。"),
    ("裹蒸粽", "Zongzi", "dish", "肇庆裹蒸", "广东肇庆", "5/1", "@端午节", None, "端午前后，一只足有一斤重。"),
    ("水蜜桃", "Honey peach", "fruit", "阳山", "江苏无锡", "7/1", "8/15", ("7/15", "8/5"), "远道而来，冷链直发。"),
    ("清远鸡", "Qingyuan chicken", "meat", "", "广东清远", "@立冬", "@立春", None, "冬令打边炉，一只走地鸡。"),
    ("番石榴", "Guava", "fruit", "珍珠芭乐", "广东汕头", "9/1", "12/31", ("10/1", "11/30"), "脆甜低糖，健身党的心头好。"),
]

SHANGHAI_ENTRIES = [
    ("大闸蟹", "Hairy crab", "seafood", "阳澄湖", "江苏苏州阳澄湖", "9/20", "12/15", ("10/15", "11/20"), "阳澄湖大闸蟹当日捞当日达：九雌十雄，秋风起蟹脚痒。"),
    ("六月黄", "Young hairy crab", "seafood", "", "江苏苏州", "6/20", "8/10", ("7/1", "7/31"), "壳软膏嫩，面拖蟹最对味。"),
    ("杨梅", "Bayberry", "fruit", "荸荠种", "浙江宁波慈溪", "6/5", "7/5", ("6/15", "6/30"), "杨梅季一路北上，六月到了浙江。"),
    ("杨梅", "Bayberry", "fruit", "东魁", "浙江台州仙居", "6/20", "7/20", ("6/25", "7/10"), "个大如乒乓球，酸甜汁多。"),
    ("水蜜桃", "Honey peach", "fruit", "南汇水蜜桃", "上海浦东南汇", "6/25", "8/20", ("7/10", "8/5"), "轻轻一撕就能剥皮。"),
    ("春笋", "Spring bamboo shoot", "vegetable", "雷笋", "浙江杭州", "@惊蛰", "@立夏", None, "腌笃鲜里少不了它。"),
    ("冬笋", "Winter bamboo shoot", "vegetable", "", "浙江临安", "12/1", "2/15", ("12/15", "1/31"), "冬笋炒肉片，鲜掉眉毛。"),
    ("马兰头", "Indian aster", "vegetable", "", "上海郊区", "3/1", "4/30", ("3/15", "4/10"), "凉拌香干，一口春天。"),
    ("荠菜", "Shepherd's purse", "vegetable", "", "上海郊区", "2/15", "4/15", ("3/1", "3/31"), "荠菜馄饨，上海人的春天。"),
    ("香椿", "Chinese toon", "vegetable", "", "浙江", "4/1", "4/30", ("4/5", "4/20"), "香椿炒蛋，只有一个月。"),
    ("青团", "Qingtuan", "dish", "艾草青团", "上海", "@春分", "@谷雨", None, "清明时节，一口软糯的青绿。"),
    ("蚕豆", "Broad bean", "vegetable", "", "上海崇明", "5/1", "6/10", ("5/10", "5/31"), "葱油蚕豆，嫩到能掐出水。"),
    ("刀鱼", "Yangtze knifefish", "seafood", "长江刀鱼", "江苏靖江", "3/1", "@清明", None, "清明前刀鱼骨软如绵。"),
    ("小龙虾", "Crayfish", "seafood", "", "江苏盱眙", "5/1", "8/31", ("6/1", "7/31"), "十三香还是蒜蓉？夜宵的灵魂。"),
    ("西瓜", "Watermelon", "fruit", "8424", "上海南汇", "6/1", "8/31", ("7/1", "8/15"), "上海人的夏天从一只8424开始。"),
    ("葡萄", "Grape", "fruit", "马陆葡萄", "上海嘉定马陆", "7/15", "9/30", ("8/1", "8/31"), "巨峰甜，夏黑脆。"),
    ("菱角", "Water caltrop", "vegetable", "南湖菱", "浙江嘉兴", "8/15", "10/15", ("9/1", "9/30"), "生吃脆甜，熟吃粉糯。"),
    ("鸡头米", "Gorgon fruit", "vegetable", "苏芡", "江苏苏州", "8/15", "9/30", ("9/1", "9/20"), "桂花糖水煮鸡头米，软糯弹牙。"),
    ("糖芋艿", "Sweet taro", "dish", "桂花糖芋艿", "上海", "9/1", "10/31", ("9/15", "10/15"), "中秋一碗桂花糖芋艿。"),
    ("苏式月饼", "Suzhou mooncake", "dish", "鲜肉月饼", "上海", "8/15", "@中秋节", None, "现烤鲜肉月饼，排队也要买。"),
    ("羊肉", "Lamb", "meat", "崇明白山羊", "上海崇明", "@立冬", "@立春", None, "冬至前后吃羊肉，暖身进补。"),
    ("草头", "Bur clover", "vegetable", "金花菜", "上海郊区", "2/1", "4/30", ("3/1", "3/31"), "酒香草头，本帮名菜。"),
    ("塌棵菜", "Tatsoi", "vegetable", "", "上海郊区", "12/1", "2/28", ("12/15", "1/31"), "霜打过的塌棵菜最甜。"),
    ("腌笃鲜", "Yan du xian", "dish", "", "上海", "3/1", "4/30", ("3/15", "4/15"), "春笋、咸肉、鲜肉一锅笃。"),
    ("荔枝", "Lychee", "fruit", "妃子笑", "广东茂名", "5/20", "6/30", ("6/1", "6/15"), "从茂名冷链直达上海，24小时内上架。"),
    ("橘子", "Mandarin", "fruit", "黄岩蜜橘", "浙江台州黄岩", "10/15", "12/31", ("11/1", "12/15"), "剥开满屋橘香。"),
    ("草莓", "Strawberry", "fruit", "红颜", "上海奉贤", "12/1", "4/30", ("1/1", "3/15"), "冬天的第一颗草莓。"),
]

CALENDARS = [
    # slug prefix, region code, title prefix, intro, entries
    ("guangdong", "CN-GD", "广东版尝鲜日历", "签约一百个广东农场基地之后的广东版尝鲜日历：不时不食。", GUANGDONG_ENTRIES),
    ("shanghai", "CN-SH", "上海版尝鲜日历", "江南时令，一月一鲜。", SHANGHAI_ENTRIES),
]

AUTHORS = {
    "brand": [("鲜食研究所", ""), ("品牌内容部", "")],
    "creator": [("吃货阿May", "@阿May爱吃"), ("深夜食堂老K", "@老K宵夜"), ("小鹿妈妈", "@小鹿妈妈育儿")],
}

# slug, title, summary, paragraph, source, scenes, personas, regions, product (name, sku, price, unit), tips
ARTICLES = [
    ("hairy-crab-same-day", "阳澄湖大闸蟹当日捞当日达", "九雌十雄，今年的蟹黄有多满？", "阳澄湖大闸蟹当日捞当日达：清晨出水，傍晚就到你家餐桌。蒸十五分钟，姜醋一蘸。", "brand", ["weekend-home-cooking", "festival-gifting"], ["executive-buyer", "whale-member"], ["CN-SH", "CN-ZJ"], ("阳澄湖大闸蟹礼盒", "CRAB-YC-8", "398.00", "8只装"), ["冷水上锅，肚子朝上", "蒸15分钟", "姜醋汁趁热蘸"]),
    ("crab-by-high-speed-rail", "坐高铁去吃一只蟹", "新线开通的第一天，我们坐上高铁去吃蟹。", "新的高铁线开通那天，很多人坐上第一班车，只为去另一座城市吃一只当季的蟹。", "creator", ["weekend-family-store"], ["genz-foodie", "urban-white-collar-woman"], [], ("大闸蟹尝鲜装", "CRAB-TRY-2", "98.00", "2只装"), ["提前买好早班车票", "到店先看蟹池", "现蒸现吃"]),
    ("mantis-shrimp-season-opens", "南海开海：五小时前它还在游泳", "开海第一网濑尿虾，今天就到店。", "你现在吃的濑尿虾，五小时前还在南海游泳。开海之后的第一批最肥。", "brand", ["late-night-supper", "weekend-home-cooking"], ["genz-foodie", "silver-gourmet"], ["CN-GD"], ("鲜活濑尿虾", "SHRIMP-MANTIS-500", "69.90", "500g"), ["椒盐或清蒸", "蒸8分钟即可"]),
    ("lychee-three-varieties", "妃子笑、糯米糍、桂味：荔枝季怎么吃", "一个荔枝季，三种滋味轮番登场。", "荔枝季从五月的妃子笑开始，六月糯米糍和桂味接力。", "brand", ["office-lunch", "bubble-tea-selfie"], ["urban-white-collar-woman", "genz-foodie"], ["CN-GD", "CN-SH"], ("茂名妃子笑荔枝", "LYCHEE-FZX-1", "39.90", "1kg"), ["冷藏不超过三天", "剥壳后冰镇更好吃"]),
    ("n-ways-to-eat-lychee", "荔枝的N种吃法", "会员们晒出的荔枝吃法，一个比一个野。", "荔枝冰沙、荔枝虾球、荔枝玫瑰气泡水……吃货们的创意永远超出想象。", "creator", ["weekend-home-cooking", "bubble-tea-selfie"], ["genz-foodie"], [], ("荔枝尝鲜装", "LYCHEE-TRY", "19.90", "500g"), ["荔枝去核冻成冰块", "加入气泡水和薄荷"]),
    ("bayberry-moves-north", "杨梅季一路北上", "从潮州到仙居，三个月吃遍三省杨梅。", "杨梅季大约持续三个月：四月底广东先开摘，六月到浙江慈溪，七月仙居东魁压轴。", "brand", ["office-lunch", "weekend-home-cooking"], ["silver-gourmet", "urban-white-collar-woman"], [], ("仙居东魁杨梅", "BAYBERRY-DK", "88.00", "1.5kg"), ["淡盐水浸泡十分钟", "当天吃完最好"]),
    ("bayberry-wine", "自酿杨梅酒，周五晚上开一瓶", "一瓶杨梅酒，留住六月的味道。", "杨梅、冰糖、白酒，三样东西，等一个月。", "creator", ["friday-drink"], ["urban-white-collar-woman"], ["CN-ZJ", "CN-SH"], ("荸荠种杨梅", "BAYBERRY-BQ", "59.00", "1kg"), ["杨梅洗净晾干", "一层杨梅一层冰糖", "倒入白酒密封"]),
    ("spring-bamboo-shoots", "一场春雨一茬笋", "惊蛰到立夏，春笋最嫩的那几周。", "春笋从惊蛰开始冒头，到立夏就老了。腌笃鲜、油焖笋，都要趁早。", "brand", ["weekend-home-cooking"], ["silver-gourmet"], ["CN-SH", "CN-ZJ"], ("雷笋", "SHOOT-LEI", "18.80", "500g"), ["焯水去涩", "小火慢笃"]),
    ("yan-du-xian-recipe", "腌笃鲜：一锅春天", "春笋、咸肉、鲜肉，上海人的春天。", "笃，是小火慢炖的声音。一锅腌笃鲜，要笃足两个小时。", "creator", ["weekend-home-cooking"], ["silver-gourmet", "first-time-mum"], ["CN-SH"], ("腌笃鲜套餐", "SET-YDX", "79.00", "2-3人份"), ["咸肉先泡水", "春笋切滚刀块", "小火笃两小时"]),
    ("overtime-snack-box", "加班零食补给箱", "晚上九点以后的办公室，需要一点甜。", "加班到深夜，同事们分一箱零食，压力就散了一半。", "brand", ["overtime-snacking"], ["urban-white-collar-woman", "genz-foodie"], [], ("加班补给箱", "BOX-OT-1", "59.00", "12件"), ["低糖坚果打底", "来点辣条提神"]),
    ("overtime-fruit-cup", "加班也要吃水果", "一杯切好的水果，比咖啡更提神。", "办公室里的鲜切水果杯，十分钟送到工位。", "brand", ["overtime-snacking", "office-lunch"], ["urban-white-collar-woman"], ["CN-SH", "CN-GD"], ("鲜切水果杯", "CUP-FRUIT", "19.90", "350g"), []),
    ("bubble-tea-selfie-guide", "奶茶自拍指南", "拿到奶茶的那三秒，怎么拍最好看？", "刚拿到一杯现做奶茶时，是最想拍照分享的时刻。", "creator", ["bubble-tea-selfie"], ["genz-foodie"], [], None, ["找窗边自然光", "杯子举到下巴高度", "带上当季水果元素"]),
    ("friday-drink-pairing", "周五小酌配什么", "一杯酒，买的是那一刻的心情。", "周五晚上，一杯精酿配一盘卤味，就是一周最好的结尾。", "creator", ["friday-drink"], ["urban-white-collar-woman", "executive-buyer"], [], ("精酿啤酒组合", "BEER-CRAFT-4", "88.00", "4罐"), ["淡色艾尔配海鲜", "世涛配卤味"]),
    ("family-store-aquarium", "周末带娃逛海鲜池", "门店的海鲜池，就是孩子的小小水族馆。", "周末带孩子来门店，认一认梭子蟹、皮皮虾和东星斑。", "brand", ["weekend-family-store"], ["first-time-mum", "silver-gourmet"], [], None, ["上午十点鱼最活跃", "可以请店员讲解"]),
    ("first-mum-complementary-food", "辅食添加：应季食材怎么选", "宝宝六个月后，应季蔬果是最好的辅食。", "头胎妈妈最关心的是安全：应季、新鲜、来源清楚。", "creator", ["weekend-home-cooking"], ["first-time-mum"], [], ("有机胡萝卜", "CARROT-ORG", "12.90", "500g"), ["一次只加一种新食材", "观察三天", "蒸熟打泥"]),
    ("mum-fruit-safety", "给宝宝吃水果的五个提醒", "荔枝、芒果能不能给宝宝吃？", "荔枝糖分高、芒果易过敏，给宝宝吃水果要讲究。", "brand", ["weekend-home-cooking"], ["first-time-mum"], [], None, ["芒果先少量尝试", "荔枝不要空腹吃"]),
    ("mid-autumn-gift-guide", "中秋礼盒怎么挑", "月饼、大闸蟹、水果礼盒，一篇看懂。", "中秋送礼，送的是团圆的心意：月饼配大闸蟹，是经典组合。", "brand", ["festival-gifting"], ["whale-member", "executive-buyer"], [], ("中秋团圆礼盒", "GIFT-MID-AUT", "588.00", "礼盒"), ["提前一周下单", "礼盒可写贺卡"]),
    ("fresh-meat-mooncake", "排队也要买的鲜肉月饼", "现烤出炉，酥皮掉一身。", "苏式鲜肉月饼，要吃刚出炉的那一只。", "creator", ["festival-gifting", "commute-breakfast"], ["silver-gourmet", "genz-foodie"], ["CN-SH"], ("鲜肉月饼", "MOON-PORK-6", "36.00", "6只"), []),
    ("valentine-bouquet", "万物皆可花束", "蔬菜花束、水果花束、腊肠花束，情人节你送哪一束？", "情人节不一定送玫瑰：西兰花、草莓、腊肠都能扎成一束。", "brand", ["festival-gifting"], ["genz-foodie", "urban-white-collar-woman"], [], ("草莓花束", "BOUQUET-STRAW", "128.00", "1束"), ["选择硬挺的蔬菜做骨架", "用牛皮纸包裹"]),
    ("520-fruit-love-notes", "520 水果情话", "每一颗水果都带着一句甜蜜情话。", "520 当天，门店里每一份水果都贴上一句情话，顾客拍照分享。", "brand", ["bubble-tea-selfie", "festival-gifting"], ["genz-foodie", "urban-white-collar-woman"], [], ("520 水果礼盒", "GIFT-520", "99.00", "礼盒"), []),
    ("double-11-stock-up", "双十一囤货清单", "冻品、粮油、零食，这些值得囤。", "双十一囤货，囤的是接下来一个月的安心。", "brand", ["festival-gifting", "overtime-snacking"], ["whale-member", "fan-not-buyer"], [], ("年货囤货箱", "BOX-D11", "199.00", "箱"), ["冻品看冷链", "零食看保质期"]),
    ("winter-solstice-hotpot", "冬至暖锅", "冬至大如年，一锅暖到心里。", "冬至前后，羊肉、冬笋、塌棵菜，一锅都有了。", "creator", ["weekend-home-cooking", "late-night-supper"], ["silver-gourmet", "whale-member"], ["CN-SH", "CN-ZJ"], ("冬至暖锅套餐", "SET-HOTPOT", "168.00", "3-4人份"), []),
    ("qingyuan-chicken-hotpot", "打边炉，一只清远鸡", "北风起，广东人的冬天从打边炉开始。", "清远走地鸡切块下锅，配迟菜心和马蹄，是老广的冬令。", "brand", ["weekend-home-cooking", "late-night-supper"], ["silver-gourmet", "executive-buyer"], ["CN-GD"], ("清远走地鸡", "CHICKEN-QY", "128.00", "1只"), ["鸡块先焯水", "先喝汤再吃鸡"]),
    ("cured-meat-season", "北风起，晒腊味", "立冬之后，广式腊肠开晒。", "腊味要等北风，湿度低、太阳好，晒出来才香。", "brand", ["festival-gifting", "weekend-home-cooking"], ["silver-gourmet", "whale-member"], ["CN-GD"], ("广式腊肠", "SAUSAGE-GD", "58.00", "500g"), []),
    ("crayfish-late-night", "深夜一盆小龙虾", "十三香还是蒜蓉？宵夜的灵魂问题。", "追剧到深夜，一盆小龙虾是最好的陪伴。", "creator", ["late-night-supper", "friday-drink"], ["genz-foodie"], ["CN-SH", "CN-ZJ"], ("盱眙小龙虾", "CRAYFISH-XY", "89.00", "1.5kg"), ["刷洗干净", "大火爆炒"]),
    ("commute-breakfast-guide", "通勤十分钟早餐", "地铁口到工位，吃一份像样的早餐。", "早上赶地铁也能吃好：一杯豆浆、一只饭团、一份水果。", "brand", ["commute-breakfast"], ["urban-white-collar-woman", "genz-foodie"], [], ("早餐组合", "SET-BREAKFAST", "15.90", "份"), []),
    ("post-workout-fuel", "健身后吃什么", "练完一小时，补一份清爽的蛋白质。", "鸡胸肉、番石榴、酸奶，健身后的三件套。", "creator", ["post-workout"], ["urban-white-collar-woman", "genz-foodie"], [], ("即食鸡胸肉", "CHICKEN-BREAST", "9.90", "100g"), ["运动后30分钟内补充", "低糖水果更好"]),
    ("peach-season", "南汇水蜜桃：一撕就开", "夏天最值得等的一口甜。", "南汇水蜜桃熟透时，轻轻一撕皮就下来了。", "brand", ["office-lunch", "weekend-family-store"], ["silver-gourmet", "urban-white-collar-woman"], ["CN-SH"], ("南汇水蜜桃", "PEACH-NH", "68.00", "6只"), ["常温放软再吃", "冷藏不超过两天"]),
    ("gorgon-fruit-dessert", "桂花鸡头米", "苏州人的秋天，一碗糖水。", "鸡头米剥起来费工夫，所以才珍贵。", "creator", ["weekend-home-cooking"], ["executive-buyer", "silver-gourmet"], ["CN-SH", "CN-JS"], ("苏芡鸡头米", "GORGON-SZ", "128.00", "500g"), ["水开后下锅", "煮一分钟即可"]),
    ("oyster-season", "冬天的生蚝最肥", "台山生蚝，蒜蓉炭烤。", "生蚝季从立冬开始，冬至前后最肥。", "brand", ["late-night-supper", "friday-drink"], ["executive-buyer", "genz-foodie"], ["CN-GD"], ("台山生蚝", "OYSTER-TS", "99.00", "12只"), []),
    ("strawberry-first", "冬天的第一颗草莓", "奉贤红颜草莓开摘。", "十二月，奉贤的大棚里红颜草莓开始上市。", "brand", ["bubble-tea-selfie", "weekend-family-store"], ["first-time-mum", "genz-foodie"], ["CN-SH"], ("红颜草莓", "STRAW-HY", "49.90", "500g"), []),
    ("whale-member-tasting", "会员专享：产地直采品鉴会", "高价值会员专属的时令品鉴。", "每季一次，带会员到产地吃最当季的那一口。", "brand", ["festival-gifting"], ["whale-member", "executive-buyer"], [], None, []),
    ("fans-first-order", "第一次下单，送你一份应季水果", "关注了那么久，这次真的可以试试。", "给一直在点赞的你：首单送应季水果一份。", "brand", ["office-lunch"], ["fan-not-buyer"], [], ("应季水果尝鲜装", "TRY-SEASONAL", "9.90", "份"), []),
]

# slug, title, hook, window ("festival" anchored, "fixed" M/D or "relative" days from today;
# DemoWorld._window picks the occurrence), scenes, personas, regions, channels, priority, hot topic, articles, entry items, stage
CAMPAIGNS = [
    ("valentine-bouquet", "情人节 · 万物皆可花束", "蔬菜花束、水果花束、腊肠花束，晒出你的那一束", ("festival", "情人节", -7, 1), ["festival-gifting"], ["genz-foodie", "urban-white-collar-woman"], [], ["app-home", "social"], 3, None, ["valentine-bouquet"], ["草莓"], "published"),
    ("520-fruit-love-notes", "520 水果情话", "每一颗水果都有一句情话", ("festival", "520", -7, 1), ["bubble-tea-selfie", "festival-gifting"], ["genz-foodie"], [], ["app-home", "in-store-screen", "social"], 3, None, ["520-fruit-love-notes"], ["荔枝", "杨梅"], "published"),
    ("lychee-season", "荔枝季 · 妃子笑开摘", "茂名妃子笑，24小时到店", ("fixed", "5/20", "6/20"), ["office-lunch"], ["urban-white-collar-woman"], ["CN-GD", "CN-SH"], ["app-home", "push"], 2, None, ["lychee-three-varieties", "n-ways-to-eat-lychee"], ["荔枝"], "published"),
    ("mid-autumn-reunion", "中秋团圆 · 蟹与月饼", "月圆蟹肥，一盒团圆", ("festival", "中秋节", -10, 1), ["festival-gifting"], ["whale-member", "executive-buyer"], [], ["app-home", "push", "mini-program"], 3, None, ["mid-autumn-gift-guide", "fresh-meat-mooncake"], ["大闸蟹", "广式月饼", "苏式月饼"], "published"),
    ("double-11-stock-up", "双十一囤货节", "囤一个月的安心", ("festival", "双十一", -10, 1), ["festival-gifting", "overtime-snacking"], ["whale-member", "fan-not-buyer"], [], ["app-home", "push", "mini-program"], 3, None, ["double-11-stock-up"], [], "published"),
    ("hairy-crab-season", "阳澄湖大闸蟹 当日捞当日达", "秋风起，蟹脚痒", ("fixed", "9/20", "11/30"), ["weekend-home-cooking", "festival-gifting"], ["executive-buyer", "whale-member"], ["CN-SH", "CN-ZJ", "CN-GD"], ["app-home", "push", "in-store-screen"], 3, None, ["hairy-crab-same-day"], ["大闸蟹"], "published"),
    ("crab-by-high-speed-rail", "坐上高铁去吃蟹", "新线开通第一天，一车人去吃一只当季的蟹", ("relative", -1, 6), ["weekend-family-store", "weekend-home-cooking"], ["genz-foodie", "urban-white-collar-woman"], ["CN-SH", "CN-ZJ"], ["app-home", "social", "push"], 3, ("新高铁线路今日开通，沿线城市一小时可达", "https://news.example.com/high-speed-rail-opens", -2), ["crab-by-high-speed-rail", "hairy-crab-same-day"], ["大闸蟹"], "published"),
    ("first-order-taste", "首单尝鲜礼", "关注了那么久，第一单送你一份应季水果", ("relative", -10, 20), ["weekend-family-store", "office-lunch"], ["fan-not-buyer", "genz-foodie"], [], ["app-home", "push", "mini-program"], 2, None, ["fans-first-order"], [], "published"),
    ("overtime-supply-station", "加班补给站", "九点以后的办公室，需要一点甜", ("relative", 3, 60), ["overtime-snacking"], ["urban-white-collar-woman", "genz-foodie"], [], ["push", "mini-program"], 2, None, ["overtime-snack-box", "overtime-fruit-cup"], [], "in_review"),
    ("winter-solstice-hotpot", "冬至暖锅节", "冬至大如年，一锅暖到心里", ("festival", "冬至", -7, 1), ["weekend-home-cooking"], ["silver-gourmet", "whale-member"], ["CN-SH", "CN-GD"], ["app-home", "push"], 2, None, ["winter-solstice-hotpot", "qingyuan-chicken-hotpot"], ["羊肉", "清远鸡"], "published"),
    ("strawberry-christmas", "圣诞草莓季", "冬天的第一颗草莓，送给你", ("festival", "圣诞节", -10, 2), ["bubble-tea-selfie", "weekend-family-store"], ["first-time-mum", "genz-foodie"], ["CN-SH"], ["app-home", "social"], 1, None, ["strawberry-first"], ["草莓"], "planned"),
    ("new-year-goods", "年货节 · 广式腊味", "北风起，腊味香", ("festival", "春节", -21, 0), ["festival-gifting"], ["whale-member", "silver-gourmet"], ["CN-GD"], ["app-home", "push", "mini-program"], 2, None, ["cured-meat-season"], ["腊味"], "idea"),
]

UGC_TEXTS = [
    # text, scenes, campaign slug or None
    ("用西兰花和小番茄扎了一束蔬菜花束，男朋友说舍不得吃🥦", ["festival-gifting"], "valentine-bouquet"),
    ("草莓花束送给闺蜜，拍照超好看！", ["festival-gifting"], "valentine-bouquet"),
    ("腊肠花束是认真的吗哈哈哈，老爸超喜欢", ["festival-gifting"], "valentine-bouquet"),
    ("520 买的水果上面真的有情话，「你是我的荔枝，一颗就甜」", ["bubble-tea-selfie"], "520-fruit-love-notes"),
    ("收到的杨梅贴着「酸酸甜甜就是你」，太会了", ["bubble-tea-selfie"], "520-fruit-love-notes"),
    ("荔枝冰沙做好了，夏天就该这样", ["weekend-home-cooking"], "lychee-season"),
    ("妃子笑到店第一天就买了，真的是早上才摘的那种新鲜", ["office-lunch"], "lychee-season"),
    ("荔枝虾球，家里小朋友一口一个", ["weekend-home-cooking"], None),
    ("中秋礼盒送到爸妈家，大闸蟹每只都很肥", ["festival-gifting"], "mid-autumn-reunion"),
    ("鲜肉月饼排了二十分钟，值！", ["commute-breakfast"], "mid-autumn-reunion"),
    ("双十一囤的冻品终于到了，冰箱塞满的快乐", ["festival-gifting"], "double-11-stock-up"),
    ("阳澄湖大闸蟹蒸好了，蟹黄满满", ["weekend-home-cooking"], "hairy-crab-season"),
    ("第一次自己蒸蟹，跟着文章步骤做一点都不难", ["weekend-home-cooking"], "hairy-crab-season"),
    ("坐早班高铁过来吃蟹，一个小时就到了！", ["weekend-family-store"], "crab-by-high-speed-rail"),
    ("新线开通第一天，车厢里一半人都是去吃蟹的哈哈", ["weekend-family-store"], "crab-by-high-speed-rail"),
    ("加班到十一点，同事分的零食箱救了命", ["overtime-snacking"], None),
    ("办公室水果杯，比咖啡提神", ["overtime-snacking", "office-lunch"], None),
    ("刚拿到的杨梅奶茶，颜色太美了必须拍", ["bubble-tea-selfie"], None),
    ("周五晚上的杨梅酒，开瓶！", ["friday-drink"], None),
    ("带娃看海鲜池，儿子盯着皮皮虾看了十分钟", ["weekend-family-store"], None),
    ("腌笃鲜笃了两个小时，一家人喝光了", ["weekend-home-cooking"], None),
    ("深夜小龙虾配啤酒，追剧完美", ["late-night-supper"], None),
    ("健身完来一个番石榴，脆甜", ["post-workout"], None),
    ("宝宝第一次吃胡萝卜泥，表情太好笑了", ["weekend-home-cooking"], None),
    ("打边炉的清远鸡很嫩，汤也好喝", ["weekend-home-cooking"], None),
]

MEMBER_HANDLES = [
    "小橙子", "吃货阿杰", "上海阿姨", "广州靓仔", "鹿鹿妈", "夜猫子", "周末厨房", "西湖边的猫",
    "加班狗", "奶茶续命", "荔枝控", "蟹老板", "健身小王", "宝妈日记", "老饕",
]

# Reasons moderators pick from when rejecting a post (moderation settings), in the words the member reads.
REJECTION_REASONS = ["与主题无关", "含广告或联系方式", "图片不清晰", "涉及他人隐私", "未经授权使用他人图片"]

# The moderation settings' sensitive-word list: words that usually mean spam
# (resellers, traffic to other platforms) or counterfeit goods.
SENSITIVE_WORDS = ["代购", "加微信", "私聊", "刷单", "返现", "高仿", "假货", "WeChat", "Telegram", "giveaway"]

# Posts members send from the app, through the same path as the real API
# (member id, handle, text, scenes, region code, campaign slug or None).
APP_SUBMISSIONS = [
    ("M300001", "蟹粉小王子", "今晚清蒸了两只公蟹，膏满到溢出来！", ["weekend-home-cooking"], "CN-SH", "hairy-crab-season"),
    ("M300002", "海鲜搬运工", "阳澄湖大闸蟹低价代购，量大从优，加微信私聊", ["weekend-home-cooking"], "CN-JS-SZ", "hairy-crab-season"),
    ("M300003", "夜宵小分队", "<b>深夜</b>来一份<i>小龙虾</i>，完美！", ["late-night-supper"], "CN-GD-GZ", None),
]

# key, campaign slug, name, hypothesis, goal, holdout weight (its subjects see the campaign as authored),
# variants [(key, name, weight, {field: value})]
EXPERIMENTS = [
    ("520-bouquet-hook", "520-fruit-love-notes", "520 钩子：水果花束 vs 直接报价",
     "情人节的花束被顾客玩出了花样；把 520 的水果扎成一束，比直接报价更让人停下来点开。", "click", 0,
     [("fruit-bouquet", "水果花束", 1, {"hook": "把情话扎成一束水果花，520 送给 TA"}),
      ("plain-price", "直接报价", 1, {"hook": "520 水果礼盒 99 元，当天送达"})]),
    ("first-order-targeted-coupon", "first-order-taste", "首单券：精准会员 vs 人人可领",
     "挑给“粉丝未购”会员的专属券，比同一张人人可领的券领取率高得多。", "claim", 1,
     [("member-targeted", "会员专属券", 1, {"hook": "给一直在点赞的你：首单专属券已到账", "call_to_action": "领取专属券"})]),
]
# What the demo's generated events are drawn from: each subject's chance, per impression, of each later step
# (out of impressions). The report must find these again from the events alone.
EXPERIMENT_TRUE_RATES = {
    "520-bouquet-hook": {
        "fruit-bouquet": {"click": 0.062, "conversion": 0.014},
        "plain-price": {"click": 0.050, "conversion": 0.012},
    },
    "first-order-targeted-coupon": {
        "control": {"click": 0.060, "claim": 0.015, "conversion": 0.005},
        "member-targeted": {"click": 0.110, "claim": 0.065, "conversion": 0.024},
    },
}
EXPERIMENT_REGIONS = ["CN-GD-GZ", "CN-GD-SZ", "CN-SH-SH", "CN-ZJ-HZ", "CN-ZJ-NB"]
