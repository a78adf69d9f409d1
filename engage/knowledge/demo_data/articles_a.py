"""Demo articles, part one: fire, electrical, hazardous chemicals, special equipment."""

from typing import Any

ARTICLES: list[dict[str, Any]] = [
    {
        "cat": "fire.ext",
        "featured": True,
        "tags": ["灭火器", "消防器材", "初起火灾"],
        "title": "干粉灭火器的使用方法",
        "summary": "“提、拔、握、压”四步用好干粉灭火器，扑灭初起火灾。",
        "body": """干粉灭火器是园区最常见的灭火器材，适用于扑救固体、可燃液体、可燃气体和带电设备的初起火灾。

## 适用范围

| 火灾类别 | 举例 | ABC 干粉 | BC 干粉 |
|---|---|---|---|
| A 类 固体 | 木材、纸张、纺织品 | 适用 | 不适用 |
| B 类 液体 | 汽油、油漆、酒精 | 适用 | 适用 |
| C 类 气体 | 天然气、液化气 | 适用 | 适用 |
| E 类 带电 | 配电柜、电机 | 适用 | 适用 |
| D 类 金属 | 镁、钠 | 不适用 | 不适用 |

## 使用步骤

1. **提**：提起灭火器，上下颠倒摇晃几次，使干粉松动。
2. **拔**：拔掉保险销。
3. **握**：一手握住喷管，对准火焰根部。
4. **压**：另一只手用力压下压把，左右扫射，由近及远推进。

## 注意事项

- 站在上风方向，与火源保持 2～3 米距离。
- 扑救液体火灾时不要直接冲击液面，防止液体飞溅扩大火势。
- 火扑灭后注意防止复燃；用过的灭火器要及时送检充装。
- 火势超出控制时，立即撤离并拨打 119。
""",
        "title_en": "How to use a dry powder fire extinguisher",
        "summary_en": "Lift, pull, aim, squeeze: four steps to put out a small fire.",
        "body_en": """Dry powder extinguishers are the most common fire-fighting equipment in the park. They put out small fires of solids, flammable liquids, gases and live electrical equipment.

## What it can put out

| Fire class | Examples | ABC powder | BC powder |
|---|---|---|---|
| A solids | wood, paper, textiles | yes | no |
| B liquids | petrol, paint, alcohol | yes | yes |
| C gases | natural gas, LPG | yes | yes |
| E electrical | switchboards, motors | yes | yes |
| D metals | magnesium, sodium | no | no |

## Steps

1. **Lift** the extinguisher and turn it upside down a few times to loosen the powder.
2. **Pull** the safety pin.
3. **Aim** the hose at the base of the flames.
4. **Squeeze** the lever and sweep from side to side, moving forward.

## Take care

- Stand upwind, 2 to 3 metres from the fire.
- Do not blast a burning liquid directly: it can splash and spread.
- Watch for re-ignition; send used extinguishers for refilling.
- If the fire grows beyond control, leave and call 119.
""",
    },
    {
        "cat": "fire.ext",
        "tags": ["灭火器", "日常检查"],
        "title": "灭火器的日常检查要点",
        "summary": "每月一查：压力、铅封、喷管、有效期，一张表看清楚。",
        "body": """灭火器“平时看不见，用时找不到、用不了”是常见隐患。建议每月检查一次并做好记录。

## 检查表

| 检查项目 | 合格标准 | 常见问题 |
|---|---|---|
| 压力表 | 指针在绿色区域 | 红区欠压、黄区超压 |
| 保险销与铅封 | 完好无损 | 铅封丢失、销子松动 |
| 喷管 | 无老化、裂纹、堵塞 | 喷管脱落、开裂 |
| 筒体 | 无锈蚀、变形 | 底部锈蚀严重 |
| 标签 | 清晰，有维修检验标识 | 超过维修期限 |
| 设置位置 | 明显、便于取用，不被遮挡 | 被货物、杂物挡住 |

## 报废年限

干粉灭火器（储压式）出厂满 **10 年**、二氧化碳灭火器出厂满 **12 年**必须报废。出厂满 5 年后每 2 年应送专业机构维修检查。

## 发现问题怎么办

发现不合格的灭火器，立即报告本单位安全管理员更换，并在园区平台上登记隐患，直至整改完成。
""",
    },
    {
        "cat": "fire.ext",
        "tags": ["消火栓", "消防器材"],
        "title": "室内消火栓的使用方法",
        "summary": "开箱、甩带、接口、开阀：两人配合更快出水。",
        "body": """室内消火栓适用于扑救较大面积的 A 类火灾，**不能用于带电设备和油类火灾**。

## 使用步骤

1. 打开消火栓箱门，按下箱内启泵按钮（如有）。
2. 取出水带，向着火方向展开，避免扭折。
3. 水带一端接消火栓接口，另一端接水枪。
4. 一人握紧水枪对准火源，另一人缓慢逆时针打开阀门。
5. 出水后对准火焰根部射水。

## 注意

- 使用前确认已切断着火区域电源。
- 水枪后坐力较大，握枪人员应站稳，最好两人操作。
- 消火栓箱前严禁堆放物品，箱门不得上锁。
""",
    },
    {
        "cat": "fire.ext",
        "tags": ["灭火器", "二氧化碳"],
        "title": "二氧化碳灭火器使用注意事项",
        "summary": "适合精密仪器和配电室，但要防冻伤、防窒息。",
        "body": """二氧化碳灭火器灭火后不留痕迹，适用于精密仪器、档案资料、配电室等场所的初起火灾。

## 要点

- 使用时手要握住喷筒的木柄或把手，**不要直接握金属喷管**，防止冻伤。
- 在狭小密闭空间使用后，人员应迅速撤离，防止二氧化碳窒息。
- 室外有风时效果差，应站在上风方向近距离使用。
- 不能扑救钾、钠、镁等活泼金属火灾。
""",
    },
    {
        "cat": "fire.evac",
        "featured": True,
        "tags": ["逃生", "火灾", "疏散"],
        "title": "火场逃生的十个要点",
        "summary": "熟悉通道、低姿前进、不乘电梯、不贪财物。",
        "body": """## 平时

1. **熟悉环境**：记住工作场所的两个以上安全出口和疏散楼梯位置。
2. **参加演练**：每年至少参加一次消防疏散演练。

## 火灾发生时

3. **保持冷静**：听从指挥，按疏散指示标志撤离。
4. **不贪财物**：不要为取物品耽误时间，更不要返回火场。
5. **低姿前进**：用湿毛巾捂住口鼻，弯腰沿墙快速撤离。
6. **不乘电梯**：火灾时电梯可能断电、进烟，必须走楼梯。
7. **试门温度**：开门前用手背触摸门把手，烫手说明门外有火，不要开门。
8. **关门阻烟**：无法撤离时回到房间，关紧门，用湿布堵住门缝。
9. **发出信号**：在窗口挥动颜色鲜艳的衣物或用手电筒呼救。
10. **不要跳楼**：除非楼层很低且无其他办法，否则切勿跳楼。
""",
        "title_en": "Ten rules for escaping a fire",
        "summary_en": "Know your exits, stay low, never take the lift, leave your belongings.",
        "body_en": """## Before

1. **Know your way out**: remember at least two exits and stairways from where you work.
2. **Take part in drills**: at least one evacuation drill a year.

## During a fire

3. **Stay calm**: follow the wardens and the exit signs.
4. **Leave belongings**: never go back in for anything.
5. **Stay low**: cover your nose and mouth with a wet cloth and move along the wall.
6. **No lifts**: they can lose power or fill with smoke; use the stairs.
7. **Test doors**: touch the handle with the back of your hand; if it is hot, keep the door shut.
8. **Shut smoke out**: if you cannot leave, close the door and seal the gaps with wet cloth.
9. **Signal**: wave something bright or a torch at the window.
10. **Do not jump**: unless the floor is very low and there is no other way.
""",
    },
    {
        "cat": "fire.evac",
        "tags": ["疏散通道", "安全出口"],
        "title": "疏散通道和安全出口管理要求",
        "summary": "不锁闭、不堵塞、不占用，常闭式防火门保持关闭。",
        "body": """## 四个“严禁”

- 严禁占用、堵塞疏散通道和安全出口。
- 严禁营业、生产期间将安全出口上锁。
- 严禁在门窗上设置影响逃生的铁栅栏、广告牌。
- 严禁将常闭式防火门长期开启或用物品卡住。

## 日常检查

| 项目 | 要求 |
|---|---|
| 疏散通道 | 净宽符合设计，无货物、杂物 |
| 安全出口 | 从内部可不用钥匙直接开启 |
| 防火门 | 闭门器、顺序器完好，能自行关闭 |
| 标志 | 疏散指示标志清晰、指向正确 |
""",
    },
    {
        "cat": "fire.evac",
        "tags": ["应急照明", "疏散指示"],
        "title": "消防应急照明和疏散指示标志检查",
        "summary": "断电后能亮、指向正确、不被遮挡。",
        "body": """应急照明和疏散指示标志在停电和烟雾中为人员指路。

## 每月检查

1. 按下测试按钮或切断主电源，灯具应立即点亮。
2. 持续照明时间不少于设计要求（一般不少于 30 分钟，高层建筑不少于 90 分钟）。
3. 指示箭头与实际疏散方向一致。
4. 标志不被货架、装饰物遮挡。

发现不亮、闪烁、指向错误等问题，应在 24 小时内报修。
""",
    },
    {
        "cat": "fire",
        "tags": ["动火作业", "作业许可"],
        "title": "动火作业安全管理",
        "summary": "先审批、再作业，清除可燃物，专人监护，结束后留守观察。",
        "body": """焊接、切割、打磨等产生明火或火花的作业都属于动火作业，必须办理动火作业许可证。

## 动火分级

| 级别 | 典型场所 | 审批人 |
|---|---|---|
| 特级 | 带压不置换动火 | 企业主要负责人 |
| 一级 | 易燃易爆场所、仓库 | 企业安全管理部门 |
| 二级 | 一般生产区域 | 车间（部门）负责人 |

## 作业前

- 清除动火点周围 10 米内的可燃物，无法清除的用防火毯覆盖。
- 配备灭火器，设专人监护。
- 涉及可燃气体的设备，先置换、检测合格后方可动火。

## 作业后

- 清理现场火种，监护人留守观察至少 **30 分钟**，确认无复燃隐患后方可离开。
""",
    },
    {
        "cat": "fire",
        "tags": ["电动自行车", "充电"],
        "title": "电动自行车火灾预防",
        "summary": "不进楼、不入户、不飞线，集中充电有人管。",
        "body": """电动自行车电池热失控后数秒内可产生大量有毒浓烟，是近年来火灾的重要原因。

## 园区要求

- 电动自行车**严禁**在楼道、疏散通道、安全出口和室内停放、充电。
- 在园区设置的集中充电区充电，充电时间不宜过长，充满即断。
- 严禁私拉电线“飞线”充电。
- 不使用非原厂充电器，不私自改装电池。

发现违规停放、充电，可通过平台“吹哨”上报。
""",
    },
    {
        "cat": "fire",
        "tags": ["食堂", "油烟管道"],
        "title": "厨房及食堂防火",
        "summary": "油烟管道定期清洗，燃气先点火后开气，人走火灭。",
        "body": """## 要点

1. 排油烟管道每季度至少清洗一次，并保存清洗记录。
2. 燃气灶具使用时“先点火、后开气”，离开时关闭总阀。
3. 安装可燃气体报警装置并与切断阀联动。
4. 油锅起火时用锅盖或湿毛巾覆盖灭火，**严禁用水浇**。
5. 厨房配备灭火毯和灭火器，员工会用。
""",
    },
    {
        "cat": "fire",
        "tags": ["消防控制室", "值班"],
        "title": "消防控制室值班要求",
        "summary": "24 小时双人值班、持证上岗、报警必核实。",
        "body": """## 基本要求

- 实行每日 24 小时专人值班，每班不少于 **2 人**。
- 值班人员应持有消防设施操作员证书。
- 消防联动控制器处于自动状态，不得擅自改为手动。

## 接到报警后

1. 立即以最快方式确认火情（现场核实或视频查看）。
2. 确认火灾后，立即将联动控制设备置于自动状态，拨打 119。
3. 报告单位负责人，启动灭火和应急疏散预案。
""",
    },
    {
        "cat": "electrical",
        "featured": True,
        "tags": ["临时用电", "配电"],
        "title": "临时用电安全管理规定",
        "summary": "临时用电要审批，“一机一闸一漏保”，用完即拆。",
        "body": """施工、检修、活动搭建中的临时用电，是触电和电气火灾的高发环节。

## 基本规定

| 要求 | 说明 |
|---|---|
| 审批 | 使用前办理临时用电许可，注明期限，一般不超过 15 天 |
| 三级配电 | 总配电箱、分配电箱、开关箱三级配电 |
| 两级保护 | 总箱和开关箱各设漏电保护 |
| 一机一闸一漏保 | 每台设备有专用开关和漏电保护器 |
| 线缆 | 使用橡套电缆，不得拖地、浸水，过道要穿管保护 |
| 作业人员 | 接线、拆线必须由持证电工操作 |

## 到期

临时用电到期后立即拆除，不得“临时变长期”。
""",
    },
    {
        "cat": "electrical",
        "tags": ["配电箱", "检查"],
        "title": "配电箱（柜）安全检查要点",
        "summary": "门能关、锁完好、有标识、前方无杂物、无异味异响。",
        "body": """## 检查清单

- 箱门完好并上锁，张贴“有电危险”警示标志。
- 箱内无积尘、杂物、小动物痕迹，进出线有护套。
- 开关、漏电保护器标明回路用途，按试验按钮能正常动作。
- 箱体可靠接地。
- 配电柜前方 **0.8 米**范围内不得堆放物品，地面铺设绝缘垫。
- 用手背靠近感受是否异常发热，闻是否有焦糊味。
""",
    },
    {
        "cat": "electrical",
        "tags": ["触电", "防护"],
        "title": "防止触电的基本措施",
        "summary": "不湿手碰电、不私拉乱接、设备接地、用漏电保护。",
        "body": """## 人人要做到

1. 不用湿手触摸开关、插座和电器。
2. 不私拉乱接电线，不超负荷使用插线板。
3. 发现电线破皮、插座松动，报告电工处理，不要自己动手。
4. 移动电器前先断电。

## 企业要做到

- 电气设备金属外壳可靠接地。
- 插座回路安装漏电保护器，每月试验一次。
- 潮湿场所使用 36V 及以下安全电压照明。
- 电工持证上岗，停电检修执行“挂牌上锁”。
""",
        "title_en": "Basic measures against electric shock",
        "summary_en": "Dry hands, no makeshift wiring, earthed equipment, residual-current devices.",
        "body_en": """## Everyone

1. Never touch switches, sockets or appliances with wet hands.
2. No makeshift wiring; do not overload power strips.
3. Report damaged cables or loose sockets to an electrician; do not fix them yourself.
4. Switch off before moving an appliance.

## The company

- Earth the metal casings of electrical equipment.
- Fit residual-current devices on socket circuits and test them monthly.
- Use safety extra-low voltage (36 V or less) lighting in damp places.
- Only certified electricians work on installations, with lock-out and tag-out.
""",
    },
    {
        "cat": "electrical",
        "focus": "old_equipment",
        "tags": ["线路老化", "老旧设备"],
        "title": "电气线路老化的隐患识别",
        "summary": "绝缘发硬开裂、接头发热变色、跳闸频繁，都是信号。",
        "body": """使用超过 15 年的建筑和设备，电气线路老化问题突出。

## 识别信号

| 现象 | 可能原因 |
|---|---|
| 绝缘层发硬、开裂、脱落 | 长期过热、老化 |
| 插座、接头发黑变色 | 接触不良、过载 |
| 开关频繁跳闸 | 漏电、过载或短路 |
| 灯光忽明忽暗 | 线路接触不良 |
| 焦糊味 | 绝缘过热，需立即断电检查 |

## 处理

发现上述情况，立即断电并请专业电工检测；老旧线路应整体更换，不要“修修补补”。
""",
    },
    {
        "cat": "electrical",
        "tags": ["静电", "防爆"],
        "title": "静电危害与防护",
        "summary": "易燃液体灌装、粉尘作业要防静电积聚。",
        "body": """静电放电的能量足以点燃可燃气体、蒸气和粉尘。

## 防护措施

- 储罐、管道、灌装设备可靠接地和跨接。
- 易燃液体灌装控制流速，避免喷溅。
- 作业人员穿防静电工作服、鞋，进入危险区域前触摸静电释放器。
- 保持适当湿度，必要时使用静电消除器。
""",
    },
    {
        "cat": "chemicals",
        "featured": True,
        "tags": ["SDS", "危险化学品"],
        "title": "危险化学品安全技术说明书（SDS）怎么看",
        "summary": "16 个部分中，先看危险性、急救、泄漏处置和储存四部分。",
        "body": """每一种危险化学品都应有供应商提供的中文安全技术说明书（SDS），共 16 个部分。

## 先看这四部分

| 部分 | 内容 | 什么时候用 |
|---|---|---|
| 第 2 部分 危险性概述 | 危险类别、象形图、警示词 | 使用前了解风险 |
| 第 4 部分 急救措施 | 吸入、皮肤、眼睛接触的处理 | 发生接触时 |
| 第 6 部分 泄漏应急处理 | 隔离、防护、收容方法 | 发生泄漏时 |
| 第 7 部分 操作处置与储存 | 储存条件、禁配物 | 入库、存放时 |

## 管理要求

- SDS 放在使用现场，员工随时可以查阅。
- 新化学品入厂前，先取得 SDS 并开展培训。
""",
        "title_en": "How to read a safety data sheet (SDS)",
        "summary_en": "Of its 16 sections, read hazards, first aid, spills and storage first.",
        "body_en": """Every hazardous chemical must come with a safety data sheet (SDS) from the supplier, in 16 sections.

## Read these four first

| Section | Content | When |
|---|---|---|
| 2 Hazards | hazard classes, pictograms, signal word | before use |
| 4 First aid | inhalation, skin and eye contact | after exposure |
| 6 Accidental release | isolation, protection, containment | during a spill |
| 7 Handling and storage | storage conditions, incompatibles | when storing |

## Rules

- Keep the SDS where the chemical is used, readable by everyone.
- Get the SDS and train people before a new chemical arrives.
""",
    },
    {
        "cat": "chemicals",
        "tags": ["储存", "禁忌物", "危险化学品"],
        "title": "危险化学品储存的禁忌与隔离",
        "summary": "氧化剂与还原剂、酸与碱分开存放，专库专用。",
        "body": """## 常见禁忌组合

| 物品 A | 不得与之混存 | 原因 |
|---|---|---|
| 氧化剂（过氧化氢、高锰酸钾） | 易燃物、还原剂 | 可能剧烈反应、起火 |
| 强酸（硫酸、盐酸） | 强碱、氰化物 | 放热、产生有毒气体 |
| 遇湿易燃物（钠、电石） | 水、酸 | 放出可燃气体 |
| 易燃液体 | 氧化剂、热源 | 火灾爆炸 |

## 储存要求

- 专用仓库、专用柜，双人双锁管理剧毒化学品。
- 分类、分区、分库存放，保持规定间距。
- 仓库通风、防晒、防潮，配备泄漏应急器材。
- 建立出入库台账，做到账物相符。
""",
    },
    {
        "cat": "chemicals",
        "focus": "biomedicine",
        "tags": ["泄漏", "实验室", "应急处置"],
        "title": "实验室化学品泄漏应急处置",
        "summary": "评估、隔离、防护、吸附、清理、报告六步走。",
        "body": """## 处置步骤

1. **评估**：确认泄漏物名称、数量，查阅 SDS。
2. **隔离**：疏散无关人员，关闭火源，加强通风。
3. **防护**：佩戴防护手套、护目镜，必要时佩戴呼吸防护。
4. **吸附**：用泄漏应急箱中的吸附棉从外向内围堵、吸附。
5. **清理**：收集的废物放入专用容器，按危险废物处置。
6. **报告**：报告实验室负责人和安全管理员，记录经过。

大量泄漏或有毒气体泄漏时，不要自行处置，立即撤离并拨打 119。
""",
    },
    {
        "cat": "chemicals",
        "tags": ["气瓶", "储存"],
        "title": "气瓶的安全使用与存放",
        "summary": "立放固定、分类存放、防晒防倒，空瓶实瓶分开。",
        "body": """## 存放间距

| 气瓶 | 要求 |
|---|---|
| 氧气瓶与乙炔瓶 | 使用时间距不小于 5 米 |
| 气瓶与明火 | 距离不小于 10 米 |
| 空瓶与实瓶 | 分开存放，并有明显标识 |

## 使用要求

- 气瓶直立放置，用链条或支架固定，防止倾倒。
- 乙炔瓶严禁卧放使用。
- 瓶内气体不得用尽，应留有不少于 0.05 MPa 的剩余压力。
- 搬运时戴好瓶帽，禁止滚动、撞击。
- 气瓶应在检验有效期内使用。
""",
    },
    {
        "cat": "chemicals",
        "tags": ["标签", "象形图"],
        "title": "危险化学品标签与象形图",
        "summary": "九种象形图，一眼看懂危险类型。",
        "body": """化学品安全标签上的菱形象形图告诉我们危险类型：

- 🔥 **火焰**：易燃气体、液体、固体。
- ⭕ **圆圈上方火焰**：氧化性物质。
- 💥 **爆炸的炸弹**：爆炸物、自反应物质。
- ☠ **骷髅和交叉骨**：急性毒性（剧毒）。
- **腐蚀**：对金属和皮肤有腐蚀性。
- **气瓶**：加压气体。
- **感叹号**：刺激性、致敏性。
- **健康危害**：致癌、致畸、呼吸致敏。
- **环境**：对水生生物有毒。

分装到小容器时，也必须贴上标签，禁止使用无标签容器。
""",
    },
    {
        "cat": "special",
        "tags": ["叉车", "场内车辆"],
        "title": "叉车安全操作要点",
        "summary": "持证驾驶、限速行驶、货叉不载人。",
        "body": """## 操作要点

- 叉车司机必须持有特种设备作业人员证（N1）。
- 每班作业前检查制动、转向、喇叭、灯光、货叉和链条。
- 厂区限速 **5 km/h**，转弯、路口减速鸣笛。
- 载物高度遮挡视线时，倒车行驶或安排专人引导。
- 货叉上严禁站人，严禁用货叉顶推或吊运人员。
- 停车时货叉落地，拉好手刹，拔下钥匙。
""",
    },
    {
        "cat": "special",
        "tags": ["电梯", "困人"],
        "title": "电梯困人怎么办",
        "summary": "按警铃、打电话、等救援，不扒门、不撬门。",
        "body": """## 被困时

1. 保持冷静，电梯有多重安全保护，不会坠落。
2. 按下轿厢内的警铃或对讲按钮，拨打电梯内张贴的救援电话。
3. 不要强行扒门、撬门，不要从轿顶逃生。
4. 背靠轿厢壁，耐心等待专业人员救援。

## 管理单位

- 电梯应在定期检验合格有效期内使用。
- 接到困人报警后，维保单位应在 **30 分钟**内到达现场。
""",
        "title_en": "Trapped in a lift",
        "summary_en": "Press the alarm, phone for help, wait; never force the doors.",
        "body_en": """## If you are trapped

1. Stay calm: lifts have several safety devices and will not fall.
2. Press the alarm or intercom button and call the rescue number shown in the car.
3. Never force or pry the doors open, and never climb out through the roof.
4. Stand with your back to the wall and wait for the technicians.

## The building manager

- Use lifts only within their valid inspection period.
- The maintenance company must reach a trapped-passenger call within **30 minutes**.
""",
    },
    {
        "cat": "special",
        "tags": ["压力容器", "日常检查"],
        "title": "压力容器日常检查",
        "summary": "看压力、看温度、听声音、查泄漏，安全附件定期校验。",
        "body": """## 日常巡检

| 检查项 | 要求 |
|---|---|
| 压力表 | 在校验有效期内，工作压力不超过红线 |
| 安全阀 | 每年至少校验一次，铅封完好 |
| 本体 | 无变形、鼓包、腐蚀、泄漏 |
| 连接管道 | 无振动、泄漏，支架牢固 |
| 使用登记 | 已办理使用登记，定期检验合格 |

发现超压、超温、异常声响或泄漏，立即按操作规程停止运行并报告。
""",
    },
    {
        "cat": "special",
        "tags": ["起重机械", "吊装"],
        "title": "起重机械作业“十不吊”",
        "summary": "指挥不明、超载、有人在下方……这些情况一律不吊。",
        "body": """1. 超载或被吊物重量不清不吊。
2. 指挥信号不明确不吊。
3. 捆绑、吊挂不牢或不平衡不吊。
4. 被吊物上有人或浮置物不吊。
5. 结构或零部件有影响安全工作的缺陷或损伤不吊。
6. 遇有拉力不清的埋置物件不吊。
7. 工作场地昏暗，无法看清场地、被吊物和指挥信号不吊。
8. 被吊物棱角处与捆绑钢绳间未加衬垫不吊。
9. 歪拉斜吊重物不吊。
10. 容器内装的物品过满不吊。
""",
    },
    {
        "cat": "special",
        "focus": "old_equipment",
        "featured": True,
        "tags": ["老旧设备", "评估"],
        "title": "老旧设备安全评估与改造",
        "summary": "建立台账、评估风险、限期改造或淘汰。",
        "body": """老旧设备是园区安全专项整治的重点对象之一。

## 做法

1. **建台账**：登记设备名称、出厂年份、使用年限、检验情况。
2. **评风险**：按设计寿命、故障记录、安全装置完好情况评估，分为高、中、低风险。
3. **定措施**：

| 风险等级 | 措施 |
|---|---|
| 高 | 立即停用，限期更换或报废 |
| 中 | 增加检查频次，制定改造计划 |
| 低 | 按常规维护保养 |

4. **销号**：改造完成后在平台上提交整改材料，经核查后销号。
""",
    },
]
