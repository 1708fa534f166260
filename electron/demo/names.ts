/**
 * Word lists for the demo company: Chinese person names (with pinyin for e-mail addresses),
 * regions, provinces and cities, shop names (字号), customer name patterns by industry, and the
 * product catalogue (product lines × brands × items × packing specs). Plain data, no logic
 * beyond small helpers; the generator modules decide how often each piece is used.
 */
import type { Rng } from './random';
import { WeightedPicker } from './random';

// ---------------------------------------------------------------------------------------------
// People

/** [surname, pinyin], most common first (frequency falls off with rank). */
export const SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao'],
  ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'],
  ['何', 'he'], ['林', 'lin'], ['高', 'gao'], ['罗', 'luo'], ['郑', 'zheng'], ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'],
  ['唐', 'tang'], ['许', 'xu'], ['邓', 'deng'], ['韩', 'han'], ['冯', 'feng'], ['曹', 'cao'], ['彭', 'peng'], ['曾', 'zeng'],
  ['肖', 'xiao'], ['田', 'tian'], ['董', 'dong'], ['潘', 'pan'], ['袁', 'yuan'], ['蔡', 'cai'], ['蒋', 'jiang'], ['余', 'yu'],
  ['于', 'yu'], ['杜', 'du'], ['叶', 'ye'], ['程', 'cheng'], ['魏', 'wei'], ['苏', 'su'], ['吕', 'lv'], ['丁', 'ding'],
  ['任', 'ren'], ['卢', 'lu'], ['姚', 'yao'], ['沈', 'shen'], ['钟', 'zhong'], ['姜', 'jiang'], ['崔', 'cui'], ['谭', 'tan'],
  ['陆', 'lu'], ['范', 'fan'], ['汪', 'wang'], ['廖', 'liao'], ['石', 'shi'], ['金', 'jin'], ['韦', 'wei'], ['贾', 'jia'],
  ['夏', 'xia'], ['付', 'fu'], ['方', 'fang'], ['邹', 'zou'], ['熊', 'xiong'], ['白', 'bai'], ['孟', 'meng'], ['秦', 'qin'],
  ['邱', 'qiu'], ['侯', 'hou'], ['江', 'jiang'], ['尹', 'yin'], ['薛', 'xue'], ['闫', 'yan'], ['段', 'duan'], ['雷', 'lei'],
  ['龙', 'long'], ['黎', 'li'], ['史', 'shi'], ['陶', 'tao'], ['贺', 'he'], ['毛', 'mao'], ['郝', 'hao'], ['顾', 'gu'],
  ['龚', 'gong'], ['邵', 'shao'], ['万', 'wan'], ['覃', 'qin'], ['武', 'wu'], ['钱', 'qian'], ['戴', 'dai'], ['严', 'yan'],
  ['莫', 'mo'], ['孔', 'kong'], ['向', 'xiang'], ['常', 'chang'], ['汤', 'tang'], ['康', 'kang'], ['易', 'yi'], ['乔', 'qiao'],
];

/** [given name, pinyin]. */
export const GIVEN_NAMES: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'], ['磊', 'lei'],
  ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'], ['明', 'ming'],
  ['超', 'chao'], ['秀英', 'xiuying'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'], ['桂英', 'guiying'], ['建华', 'jianhua'],
  ['建国', 'jianguo'], ['建军', 'jianjun'], ['志强', 'zhiqiang'], ['志明', 'zhiming'], ['海燕', 'haiyan'], ['海涛', 'haitao'],
  ['丽娟', 'lijuan'], ['晓明', 'xiaoming'], ['晓燕', 'xiaoyan'], ['晓东', 'xiaodong'], ['小红', 'xiaohong'], ['红梅', 'hongmei'],
  ['玉兰', 'yulan'], ['春梅', 'chunmei'], ['文斌', 'wenbin'], ['文静', 'wenjing'], ['俊杰', 'junjie'], ['子涵', 'zihan'],
  ['雨轩', 'yuxuan'], ['浩然', 'haoran'], ['思远', 'siyuan'], ['佳怡', 'jiayi'], ['欣怡', 'xinyi'], ['梓萱', 'zixuan'],
  ['宇航', 'yuhang'], ['一鸣', 'yiming'], ['嘉豪', 'jiahao'], ['婷婷', 'tingting'], ['莉莉', 'lili'], ['鹏', 'peng'], ['辉', 'hui'],
  ['斌', 'bin'], ['波', 'bo'], ['宁', 'ning'], ['琳', 'lin'], ['颖', 'ying'], ['倩', 'qian'], ['雪', 'xue'], ['慧', 'hui'],
  ['鑫', 'xin'], ['凯', 'kai'], ['帆', 'fan'], ['亮', 'liang'], ['健', 'jian'], ['峰', 'feng'], ['欢', 'huan'], ['玲', 'ling'],
  ['蕾', 'lei'], ['佳', 'jia'], ['瑶', 'yao'], ['晨', 'chen'], ['阳', 'yang'], ['立新', 'lixin'], ['国强', 'guoqiang'],
  ['国平', 'guoping'], ['春华', 'chunhua'], ['秋菊', 'qiuju'], ['振华', 'zhenhua'], ['德明', 'deming'], ['永刚', 'yonggang'],
  ['红霞', 'hongxia'], ['丽华', 'lihua'], ['美玲', 'meiling'], ['雅琴', 'yaqin'], ['天宇', 'tianyu'], ['博文', 'bowen'],
  ['梦琪', 'mengqi'], ['诗涵', 'shihan'], ['晓丽', 'xiaoli'], ['建平', 'jianping'], ['红英', 'hongying'], ['新华', 'xinhua'],
  ['凤英', 'fengying'], ['金凤', 'jinfeng'], ['海波', 'haibo'], ['立伟', 'liwei'], ['少华', 'shaohua'], ['卫东', 'weidong'],
  ['伟民', 'weimin'], ['丹', 'dan'], ['亚楠', 'yanan'], ['思雨', 'siyu'], ['文杰', 'wenjie'], ['志伟', 'zhiwei'], ['俊', 'jun'],
  ['晶', 'jing'], ['璐', 'lu'], ['永红', 'yonghong'], ['建新', 'jianxin'], ['国华', 'guohua'], ['玉梅', 'yumei'], ['雪梅', 'xuemei'],
];

// Surname frequency falls off with rank (roughly Zipf), as in real name statistics.
const surnamePicker = new WeightedPicker(SURNAMES, SURNAMES.map((_, i) => 1 / (i + 3) ** 0.8));

export interface PersonName {
  name: string;
  surnamePinyin: string;
  givenPinyin: string;
}

export function personName(rng: Rng): PersonName {
  const [s, sp] = surnamePicker.pick(rng);
  const [g, gp] = rng.pick(GIVEN_NAMES);
  return { name: s + g, surnamePinyin: sp, givenPinyin: gp };
}

const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '166', '173', '176', '177', '180', '181', '182', '185', '186', '187', '188', '189', '191', '198', '199',
] as const;

export function mobileNumber(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

const MAIL_PROVIDERS = ['163.com', '126.com', 'qq.com', 'sina.com', 'aliyun.com', 'foxmail.com'] as const;

/** A personal or company e-mail address for a person; `companyDomain` is used when given. */
export function emailFor(rng: Rng, p: PersonName, companyDomain: string | null): string {
  if (companyDomain && rng.chance(0.5)) {
    return rng.chance(0.5) ? `${p.givenPinyin}.${p.surnamePinyin}@${companyDomain}` : `${p.surnamePinyin}${p.givenPinyin}@${companyDomain}`;
  }
  const provider = rng.pick(MAIL_PROVIDERS);
  if (provider === 'qq.com') return `${rng.int(10_000_000, 2_999_999_999)}@qq.com`;
  const suffix = rng.chance(0.6) ? String(rng.int(1, 99)) : '';
  return `${p.surnamePinyin}${p.givenPinyin}${suffix}@${provider}`;
}

// ---------------------------------------------------------------------------------------------
// Geography: the seven sales regions (codes in pinyin), their provinces (ISO 3166-2:CN codes,
// stored as CN-XX), main cities and a
// rough weight for how much business a province brings.

export interface Province {
  code: string;
  name: string;
  weight: number;
  cities: readonly string[];
}
export interface SalesRegion {
  code: string;
  name: string;
  provinces: readonly Province[];
}

export const SALES_REGIONS: readonly SalesRegion[] = [
  {
    code: 'HUADONG',
    name: '华东',
    provinces: [
      { code: 'SH', name: '上海', weight: 9, cities: ['上海'] },
      { code: 'JS', name: '江苏', weight: 12, cities: ['南京', '苏州', '无锡', '常州', '南通', '徐州', '扬州'] },
      { code: 'ZJ', name: '浙江', weight: 11, cities: ['杭州', '宁波', '温州', '绍兴', '嘉兴', '金华', '台州'] },
      { code: 'AH', name: '安徽', weight: 5, cities: ['合肥', '芜湖', '蚌埠', '安庆'] },
      { code: 'FJ', name: '福建', weight: 6, cities: ['福州', '厦门', '泉州', '漳州'] },
      { code: 'JX', name: '江西', weight: 3, cities: ['南昌', '赣州', '九江'] },
      { code: 'SD', name: '山东', weight: 9, cities: ['济南', '青岛', '烟台', '潍坊', '临沂', '淄博'] },
    ],
  },
  {
    code: 'HUANAN',
    name: '华南',
    provinces: [
      { code: 'GD', name: '广东', weight: 13, cities: ['广州', '深圳', '东莞', '佛山', '珠海', '中山', '惠州', '汕头'] },
      { code: 'GX', name: '广西', weight: 3, cities: ['南宁', '柳州', '桂林'] },
      { code: 'HI', name: '海南', weight: 1, cities: ['海口', '三亚'] },
    ],
  },
  {
    code: 'HUABEI',
    name: '华北',
    provinces: [
      { code: 'BJ', name: '北京', weight: 7, cities: ['北京'] },
      { code: 'TJ', name: '天津', weight: 3, cities: ['天津'] },
      { code: 'HE', name: '河北', weight: 4, cities: ['石家庄', '唐山', '保定', '廊坊'] },
      { code: 'SX', name: '山西', weight: 2, cities: ['太原', '大同'] },
      { code: 'NM', name: '内蒙古', weight: 2, cities: ['呼和浩特', '包头'] },
    ],
  },
  {
    code: 'HUAZHONG',
    name: '华中',
    provinces: [
      { code: 'HA', name: '河南', weight: 6, cities: ['郑州', '洛阳', '新乡', '南阳'] },
      { code: 'HB', name: '湖北', weight: 5, cities: ['武汉', '宜昌', '襄阳'] },
      { code: 'HN', name: '湖南', weight: 5, cities: ['长沙', '株洲', '衡阳', '岳阳'] },
    ],
  },
  {
    code: 'XINAN',
    name: '西南',
    provinces: [
      { code: 'CQ', name: '重庆', weight: 3, cities: ['重庆'] },
      { code: 'SC', name: '四川', weight: 6, cities: ['成都', '绵阳', '宜宾'] },
      { code: 'GZ', name: '贵州', weight: 2, cities: ['贵阳', '遵义'] },
      { code: 'YN', name: '云南', weight: 3, cities: ['昆明', '大理'] },
      { code: 'XZ', name: '西藏', weight: 1, cities: ['拉萨'] },
    ],
  },
  {
    code: 'XIBEI',
    name: '西北',
    provinces: [
      { code: 'SN', name: '陕西', weight: 3, cities: ['西安', '宝鸡'] },
      { code: 'GS', name: '甘肃', weight: 1, cities: ['兰州', '天水'] },
      { code: 'QH', name: '青海', weight: 1, cities: ['西宁'] },
      { code: 'NX', name: '宁夏', weight: 1, cities: ['银川'] },
      { code: 'XJ', name: '新疆', weight: 2, cities: ['乌鲁木齐'] },
    ],
  },
  {
    code: 'DONGBEI',
    name: '东北',
    provinces: [
      { code: 'LN', name: '辽宁', weight: 3, cities: ['沈阳', '大连', '鞍山'] },
      { code: 'JL', name: '吉林', weight: 1, cities: ['长春', '吉林'] },
      { code: 'HL', name: '黑龙江', weight: 2, cities: ['哈尔滨', '大庆'] },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Companies

/** Shop names (字号) with pinyin, used whole. */
export const TRADE_NAMES: readonly (readonly [string, string])[] = [
  ['联华', 'lianhua'], ['永辉', 'yonghui'], ['新佳', 'xinjia'], ['百家', 'baijia'], ['福满', 'fuman'], ['惠民', 'huimin'],
  ['金鼎', 'jinding'], ['鑫源', 'xinyuan'], ['汇通', 'huitong'], ['恒丰', 'hengfeng'], ['万家', 'wanjia'], ['好邻居', 'haolinju'],
  ['乐购', 'legou'], ['喜多多', 'xiduoduo'], ['佳美', 'jiamei'], ['顺发', 'shunfa'], ['盛达', 'shengda'], ['宏远', 'hongyuan'],
  ['嘉禾', 'jiahe'], ['如意', 'ruyi'], ['天天', 'tiantian'], ['美宜', 'meiyi'], ['同心', 'tongxin'], ['聚源', 'juyuan'],
  ['隆盛', 'longsheng'], ['兴旺', 'xingwang'], ['益民', 'yimin'], ['大润', 'darun'], ['锦程', 'jincheng'], ['福源', 'fuyuan'],
  ['鼎盛', 'dingsheng'], ['泰和', 'taihe'], ['瑞丰', 'ruifeng'], ['安康', 'ankang'], ['德润', 'derun'], ['弘信', 'hongxin'],
  ['恒信', 'hengxin'], ['家家乐', 'jiajiale'], ['润发', 'runfa'], ['百佳', 'baijia'], ['利民', 'limin'], ['金源', 'jinyuan'],
  ['华泰', 'huatai'], ['中百', 'zhongbai'], ['全家福', 'quanjiafu'], ['邻里', 'linli'], ['优品', 'youpin'], ['万客隆', 'wankelong'],
  ['红星', 'hongxing'], ['东方', 'dongfang'], ['新世纪', 'xinshiji'], ['金太阳', 'jintaiyang'], ['四季', 'siji'], ['丰收', 'fengshou'],
  ['好又多', 'haoyouduo'], ['老街坊', 'laojiefang'], ['一品', 'yipin'], ['鸿运', 'hongyun'], ['吉祥', 'jixiang'], ['小城', 'xiaocheng'],
];

/** Characters for composed two-character shop names, with pinyin. */
const TRADE_CHARS: readonly (readonly [string, string])[] = [
  ['鑫', 'xin'], ['恒', 'heng'], ['隆', 'long'], ['盛', 'sheng'], ['泰', 'tai'], ['福', 'fu'], ['瑞', 'rui'], ['祥', 'xiang'],
  ['丰', 'feng'], ['源', 'yuan'], ['达', 'da'], ['通', 'tong'], ['兴', 'xing'], ['旺', 'wang'], ['嘉', 'jia'], ['华', 'hua'],
  ['德', 'de'], ['顺', 'shun'], ['康', 'kang'], ['宏', 'hong'], ['金', 'jin'], ['鼎', 'ding'], ['和', 'he'], ['信', 'xin'],
  ['润', 'run'], ['佳', 'jia'], ['永', 'yong'], ['万', 'wan'], ['汇', 'hui'], ['诚', 'cheng'], ['昌', 'chang'], ['茂', 'mao'],
  ['益', 'yi'], ['荣', 'rong'], ['安', 'an'], ['新', 'xin'], ['天', 'tian'], ['宝', 'bao'], ['利', 'li'], ['富', 'fu'],
];

export function tradeName(rng: Rng): { name: string; pinyin: string } {
  if (rng.chance(0.6)) {
    const [name, pinyin] = rng.pick(TRADE_NAMES);
    return { name, pinyin };
  }
  const a = rng.pick(TRADE_CHARS);
  let b = rng.pick(TRADE_CHARS);
  while (b[0] === a[0]) b = rng.pick(TRADE_CHARS);
  return { name: a[0] + b[0], pinyin: a[1] + b[1] };
}

export const INDUSTRIES = ['商超', '便利店', '餐饮', '批发', '电商', '企业团购'] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** Name endings (行业 + 组织形式) by industry for direct customers; distributors use DISTRIBUTOR_SUFFIXES. */
export const NAME_SUFFIXES: Record<Industry, readonly string[]> = {
  商超: ['超市有限公司', '超市连锁有限公司', '购物广场有限公司', '生活超市', '商贸有限公司', '量贩超市有限公司'],
  便利店: ['便利店有限公司', '便利连锁有限公司', '便利店', '便民超市', '便利店（连锁）'],
  餐饮: ['餐饮管理有限公司', '餐饮有限公司', '酒楼', '饭店有限公司', '食府', '火锅店'],
  批发: ['副食品批发部', '商行', '食品商行', '日用品批发部', '粮油批发部'],
  电商: ['电子商务有限公司', '网络科技有限公司', '电商有限公司'],
  企业团购: ['实业有限公司', '科技有限公司', '物业服务有限公司', '酒店管理有限公司', '机械制造有限公司', '医药有限公司'],
};
export const DISTRIBUTOR_SUFFIXES: readonly string[] = [
  '商贸有限公司', '贸易有限公司', '食品有限公司', '供应链管理有限公司', '日化有限公司', '食品贸易有限公司', '经贸有限公司', '副食品有限公司',
];

export const CONTACT_TITLES = {
  /** First contact of a small business (shop, restaurant, wholesaler). */
  owner: ['老板', '老板', '店长', '总经理'],
  /** First contact of a chain, e-commerce or corporate customer. */
  buyer: ['采购经理', '采购主管', '采购专员', '品类经理'],
  /** Further contacts. */
  other: ['财务', '财务', '会计', '店长', '仓库主管', '收货员', '运营经理', '总经理'],
} as const;

export const CUSTOMER_NOTES: readonly string[] = [
  '月结客户，每月25日前对账。',
  '需开具增值税专用发票。',
  '节假日前备货量大，提前一周确认订单。',
  '收货时间：工作日上午9点至11点。',
  '老板负责拍板，采购只下单。',
  '对价格敏感，竞品促销时易流失。',
  '要求整箱发货，不接受拆零。',
  '门店位于商业街，卸货需提前报备。',
  '回款较慢，注意跟进账期。',
  '新开门店，有扩店计划。',
  '团购需求集中在中秋、春节。',
  '仓库在郊区，走物流专线。',
];

export const COMPANY_NAMES: readonly string[] = [
  '华东恒信商贸有限公司',
  '江南瑞丰商贸有限公司',
  '苏杭汇通贸易有限公司',
  '金鼎隆盛供应链有限公司',
  '东方佳美商贸有限公司',
  '申浙永辉食品贸易有限公司',
];

// ---------------------------------------------------------------------------------------------
// Catalogue. Prices are wholesale list prices in 元 per unit for a mid-priced brand; the
// generator scales them per brand and item and rounds to 角.

/** [spec, unit, list price in 元]. */
export type Spec = readonly [string, string, number];

export interface ProductGroup {
  brands: readonly string[];
  items: readonly string[];
  specs: readonly Spec[];
}

export interface ProductLineDef {
  code: string;
  name: string;
  /** Share of the catalogue. */
  weight: number;
  groups: readonly ProductGroup[];
}

/** Packing variants used once the plain brand × item × spec combinations run out (large catalogues). */
export const EDITIONS: readonly string[] = ['量贩装', '家庭装', '促销装', '新包装', '餐饮专供', '电商专供', '礼盒装', '整箱特惠', '区域定制装'];

export const PRODUCT_LINES: readonly ProductLineDef[] = [
  {
    code: 'YL',
    name: '饮料',
    weight: 18,
    groups: [
      {
        brands: ['农夫山泉', '怡宝', '百岁山', '娃哈哈', '康师傅', '元气森林'],
        items: ['饮用天然水', '纯净水', '苏打水', '气泡水', '电解质水'],
        specs: [['550ml×24瓶', '箱', 38], ['380ml×24瓶', '箱', 30], ['1.5L×12瓶', '箱', 48], ['4L×4桶', '箱', 42], ['5L×4桶', '箱', 45]],
      },
      {
        brands: ['康师傅', '统一', '娃哈哈', '今麦郎', '维他', '达利', '农夫山泉', '元气森林'],
        items: ['冰红茶', '绿茶', '茉莉蜜茶', '乌龙茶', '柠檬茶', '无糖茶', '橙汁', '苹果汁', '酸梅汤'],
        specs: [['500ml×15瓶', '箱', 40], ['500ml×24瓶', '箱', 58], ['1L×12瓶', '箱', 55], ['250ml×24盒', '箱', 36], ['330ml×24罐', '箱', 55]],
      },
      {
        brands: ['王老吉', '加多宝', '东鹏', '红牛', '椰树', '养元', '露露', '银鹭'],
        items: ['凉茶', '能量饮料', '维生素功能饮料', '椰汁', '核桃乳', '杏仁露', '花生牛奶', '咖啡饮料'],
        specs: [['310ml×24罐', '箱', 72], ['250ml×24罐', '箱', 68], ['240ml×20罐', '箱', 75], ['500ml×15瓶', '箱', 65], ['1.25L×6瓶', '箱', 58], ['310ml×12罐礼盒', '件', 45]],
      },
    ],
  },
  {
    code: 'XX',
    name: '休闲食品',
    weight: 16,
    groups: [
      {
        brands: ['三只松鼠', '良品铺子', '百草味', '洽洽', '来伊份', '沃隆'],
        items: ['每日坚果', '香瓜子', '开心果', '夏威夷果', '碧根果', '巴旦木', '牛肉干', '猪肉脯', '芒果干'],
        specs: [['25g×30袋', '箱', 85], ['160g×20袋', '箱', 150], ['500g×10袋', '箱', 220], ['1kg×6袋', '箱', 260], ['礼盒1.5kg×4盒', '箱', 320]],
      },
      {
        brands: ['旺旺', '达利园', '盼盼', '好丽友', '徐福记', '卫龙', '口水娃', '上好佳'],
        items: ['辣条', '薯片', '雪饼', '仙贝', '蛋黄派', '法式软面包', '沙琪玛', '苏打饼干', '威化饼干', '果冻', '牛轧糖'],
        specs: [['75g×50包', '箱', 130], ['160g×20袋', '箱', 120], ['500g×10袋', '箱', 180], ['1kg×6袋', '箱', 190]],
      },
    ],
  },
  {
    code: 'LY',
    name: '粮油调味',
    weight: 14,
    groups: [
      {
        brands: ['金龙鱼', '福临门', '鲁花', '胡姬花', '多力', '长寿花', '西王'],
        items: ['花生油', '大豆油', '玉米油', '葵花籽油', '食用调和油', '菜籽油', '稻米油'],
        specs: [['5L×4桶', '箱', 300], ['4L×4桶', '箱', 240], ['1.8L×6瓶', '箱', 150], ['900ml×12瓶', '箱', 165], ['20L', '桶', 330]],
      },
      {
        brands: ['十月稻田', '福临门', '金龙鱼', '五得利', '香雪', '中粮', '北大荒'],
        items: ['东北大米', '五常大米', '长粒香米', '泰国香米', '小麦粉', '饺子粉', '高筋面粉', '龙须挂面', '鸡蛋挂面'],
        specs: [['5kg×4袋', '箱', 180], ['10kg', '袋', 85], ['25kg', '袋', 175], ['2.5kg×8袋', '箱', 175], ['1kg×10袋', '箱', 85]],
      },
      {
        brands: ['海天', '李锦记', '厨邦', '千禾', '恒顺', '加加', '东古', '欣和'],
        items: ['生抽', '老抽', '味极鲜酱油', '蚝油', '香醋', '陈醋', '料酒', '米醋'],
        specs: [['500ml×12瓶', '箱', 96], ['1.9L×6瓶', '箱', 120], ['750ml×12瓶', '箱', 130], ['1.28L×12瓶', '箱', 150], ['8L', '桶', 95]],
      },
      {
        brands: ['太太乐', '老干妈', '莲花', '李锦记', '海天', '郫县鹃城', '葱伴侣'],
        items: ['鸡精', '味精', '辣椒酱', '豆瓣酱', '黄豆酱', '火锅底料'],
        specs: [['200g×40袋', '箱', 160], ['280g×24瓶', '箱', 190], ['1kg×10袋', '箱', 210], ['454g×12瓶', '箱', 150]],
      },
    ],
  },
  {
    code: 'RH',
    name: '日化清洁',
    weight: 12,
    groups: [
      {
        brands: ['立白', '蓝月亮', '汰渍', '奥妙', '超能', '雕牌', '白猫'],
        items: ['洗衣液', '衣物柔顺剂', '洗洁精', '内衣洗衣液'],
        specs: [['2kg×6瓶', '箱', 150], ['3kg×4瓶', '箱', 160], ['1.5kg×8瓶', '箱', 120], ['500g×20瓶', '箱', 110]],
      },
      {
        brands: ['立白', '汰渍', '奥妙', '雕牌', '白猫'],
        items: ['洗衣粉', '无磷洗衣粉', '洗衣凝珠'],
        specs: [['1kg×12袋', '箱', 110], ['2.5kg×6袋', '箱', 150], ['30颗×8盒', '箱', 260]],
      },
      {
        brands: ['威猛先生', '滴露', '洁霸', '蓝月亮', '榄菊', '枪手'],
        items: ['消毒液', '厨房重油污净', '洁厕灵', '玻璃清洁剂', '地板清洁剂', '杀虫气雾剂'],
        specs: [['500g×20瓶', '箱', 95], ['1kg×12瓶', '箱', 130], ['600ml×24瓶', '箱', 210], ['2kg×6瓶', '箱', 140]],
      },
    ],
  },
  {
    code: 'GH',
    name: '个人护理',
    weight: 12,
    groups: [
      {
        brands: ['海飞丝', '潘婷', '飘柔', '清扬', '霸王', '沙宣'],
        items: ['去屑洗发水', '柔顺洗发水', '控油洗发水', '护发素', '洗护套装'],
        specs: [['400ml×12瓶', '箱', 360], ['750ml×8瓶', '箱', 380], ['200ml×24瓶', '箱', 300], ['80ml×48瓶', '箱', 260]],
      },
      {
        brands: ['舒肤佳', '六神', '力士', '多芬', '隆力奇', '卫新'],
        items: ['沐浴露', '香皂', '花露水', '洗手液', '爽身粉'],
        specs: [['750ml×8瓶', '箱', 280], ['115g×72块', '箱', 260], ['195ml×30瓶', '箱', 270], ['500g×12瓶', '箱', 220]],
      },
      {
        brands: ['云南白药', '佳洁士', '高露洁', '黑人', '舒适达', '冷酸灵'],
        items: ['美白牙膏', '防蛀牙膏', '抗敏感牙膏', '草本牙膏'],
        specs: [['120g×48支', '箱', 420], ['180g×36支', '箱', 400], ['90g×72支', '箱', 430]],
      },
      {
        brands: ['佳洁士', '高露洁', '黑人', '舒适达', '李施德林'],
        items: ['软毛牙刷', '儿童牙刷', '漱口水'],
        specs: [['4支装×24组', '箱', 280], ['2支装×48组', '箱', 300], ['500ml×12瓶', '箱', 300]],
      },
      {
        brands: ['大宝', '百雀羚', '郁美净', '曼秀雷敦', '相宜本草', '隆力奇'],
        items: ['护手霜', '润肤乳', '面霜', '润唇膏', '防晒霜'],
        specs: [['100g×48瓶', '箱', 380], ['50g×72支', '箱', 420], ['200ml×24瓶', '箱', 360]],
      },
    ],
  },
  {
    code: 'JJ',
    name: '家居用品',
    weight: 10,
    groups: [
      {
        brands: ['清风', '维达', '心相印', '洁柔', '舒洁', '植护', '斑布'],
        items: ['抽纸', '卷纸', '手帕纸', '厨房用纸', '湿巾', '无芯卷纸'],
        specs: [['3层130抽×6包', '提', 22], ['3层100抽×24包', '箱', 78], ['4层140g×10卷', '提', 28], ['4层140g×27卷', '箱', 68], ['10包×18条', '箱', 85], ['80片×3包', '包', 20]],
      },
      {
        brands: ['妙洁', '茶花', '美丽雅', '天堂', '双枪', '佳帮手'],
        items: ['保鲜袋', '保鲜膜', '垃圾袋', '一次性纸杯', '百洁布', '拖把', '收纳箱', '晾衣架', '竹筷', '一次性手套'],
        specs: [['中号100只×20卷', '箱', 120], ['大号50只×30卷', '箱', 135], ['30cm×20m×24卷', '箱', 150], ['单个装', '件', 25], ['3只装×20组', '箱', 160], ['10件套', '件', 38]],
      },
    ],
  },
  {
    code: 'RZ',
    name: '乳制品',
    weight: 8,
    groups: [
      {
        brands: ['伊利', '蒙牛', '光明', '君乐宝', '三元', '新希望', '卫岗', '认养一头牛'],
        items: ['纯牛奶', '高钙牛奶', '低脂牛奶', '原味酸奶', '草莓味酸奶', '早餐奶', '核桃奶', '乳酸菌饮品', '有机纯牛奶', '儿童成长奶'],
        specs: [['250ml×24盒', '箱', 68], ['200ml×24盒', '箱', 58], ['250ml×12盒', '提', 36], ['1L×6盒', '箱', 72], ['200g×16袋', '箱', 45], ['100g×8杯', '提', 18]],
      },
    ],
  },
  {
    code: 'JL',
    name: '酒类',
    weight: 8,
    groups: [
      {
        brands: ['青岛啤酒', '雪花', '燕京', '百威', '哈尔滨', '珠江', '乌苏', '崂山'],
        items: ['经典啤酒', '纯生啤酒', '清爽啤酒', '黑啤', '白啤', '小麦啤酒', '原浆啤酒'],
        specs: [['330ml×24罐', '箱', 85], ['500ml×12罐', '箱', 62], ['500ml×12瓶', '箱', 55], ['600ml×12瓶', '箱', 48], ['1L×6桶', '箱', 95]],
      },
      {
        brands: ['牛栏山', '红星', '洋河', '泸州老窖', '汾酒', '古井贡', '郎酒', '西凤'],
        items: ['二锅头', '浓香型白酒', '清香型白酒', '酱香型白酒', '光瓶酒', '陈酿'],
        specs: [['500ml×6瓶', '箱', 360], ['500ml×12瓶', '箱', 230], ['100ml×24瓶', '箱', 180], ['2L×4桶', '箱', 210], ['500ml×2瓶礼盒', '件', 398]],
      },
    ],
  },
  {
    code: 'FB',
    name: '方便速食',
    weight: 7,
    groups: [
      {
        brands: ['康师傅', '统一', '今麦郎', '白象', '日清'],
        items: ['红烧牛肉面', '老坛酸菜牛肉面', '香辣牛肉面', '鲜虾鱼板面', '番茄鸡蛋面', '酸辣粉'],
        specs: [['五连包×6提', '箱', 75], ['桶装×12桶', '箱', 52], ['108g×24袋', '箱', 48], ['大食桶×12桶', '箱', 68]],
      },
      {
        brands: ['好欢螺', '李子柒', '自嗨锅', '海底捞'],
        items: ['螺蛳粉', '自热火锅', '自热米饭', '酸辣粉'],
        specs: [['400g×12袋', '箱', 150], ['单盒×12盒', '箱', 190], ['三袋装×8提', '箱', 220]],
      },
      {
        brands: ['双汇', '金锣', '雨润', '梅林'],
        items: ['火腿肠', '午餐肉罐头', '玉米热狗肠', '香辣肉酱'],
        specs: [['30g×50支', '箱', 60], ['340g×24罐', '箱', 280], ['240g×20袋', '箱', 190]],
      },
    ],
  },
  {
    code: 'CT',
    name: '冲调饮品',
    weight: 5,
    groups: [
      {
        brands: ['雀巢', '麦斯威尔', '立顿', '香飘飘', '南方黑芝麻', '桂格', '西麦', '永和', '维维'],
        items: ['速溶咖啡', '1+2原味咖啡', '奶茶', '燕麦片', '黑芝麻糊', '豆浆粉', '红茶包', '绿茶包', '藕粉'],
        specs: [['15g×30条', '盒', 42], ['400g', '袋', 22], ['1000g', '袋', 36], ['80g×30杯', '箱', 95], ['2g×100包', '盒', 38], ['700g×12罐', '箱', 260]],
      },
    ],
  },
  {
    code: 'MY',
    name: '母婴用品',
    weight: 5,
    groups: [
      {
        brands: ['帮宝适', '好奇', '花王', '大王', 'babycare', '巴布豆'],
        items: ['纸尿裤', '拉拉裤', '成长裤', '夜用纸尿裤'],
        specs: [['M码50片×4包', '箱', 380], ['L码42片×4包', '箱', 380], ['XL码36片×4包', '箱', 380], ['S码62片×4包', '箱', 360]],
      },
      {
        brands: ['贝亲', '十月结晶', '全棉时代', '子初', '好孩子', '润本'],
        items: ['婴儿湿巾', '婴儿棉柔巾', '婴儿洗衣液', '奶瓶清洗剂', '防溢乳垫', '婴儿润肤露'],
        specs: [['80抽×12包', '箱', 150], ['100抽×6包', '提', 60], ['1L×6瓶', '箱', 180], ['100片×20盒', '箱', 280], ['200ml×24瓶', '箱', 320]],
      },
    ],
  },
  {
    code: 'LD',
    name: '冷冻食品',
    weight: 5,
    groups: [
      {
        brands: ['三全', '思念', '湾仔码头', '安井', '正大', '海霸王', '必品阁'],
        items: ['猪肉白菜水饺', '三鲜水饺', '玉米猪肉水饺', '黑芝麻汤圆', '鱼丸', '虾滑', '手抓饼', '速冻馄饨', '小笼包', '鸡块'],
        specs: [['1kg×10袋', '箱', 165], ['500g×20袋', '箱', 160], ['2.5kg×4袋', '箱', 220], ['400g×24袋', '箱', 185], ['1kg', '袋', 18]],
      },
    ],
  },
];
