// Generated holders of the benchmark data set. Names are composed of a city,
// two brand words and a trade, so that name fragments of one to four
// characters (城市, 品牌, 行业) each match many holders, as in a real registry.
// Codes: "91", the city's area code, "MA" and six characters from k, with the
// check characters computed (demo::UsccOf). Invented throughout.
#include <array>

#include "app/bench_data_internal.h"

namespace certreg::app::bench {
namespace {

struct City {
  const char* name;
  const char* prefix;  // province and city, for the address
  const char* area_code;
};

constexpr std::array<City, 30> kCities = {{
    {"杭州", "浙江省杭州市", "330100"},   {"深圳", "广东省深圳市", "440300"},
    {"广州", "广东省广州市", "440100"},   {"上海", "上海市", "310100"},
    {"北京", "北京市", "110100"},         {"成都", "四川省成都市", "510100"},
    {"武汉", "湖北省武汉市", "420100"},   {"南京", "江苏省南京市", "320100"},
    {"苏州", "江苏省苏州市", "320500"},   {"重庆", "重庆市", "500100"},
    {"西安", "陕西省西安市", "610100"},   {"长沙", "湖南省长沙市", "430100"},
    {"郑州", "河南省郑州市", "410100"},   {"青岛", "山东省青岛市", "370200"},
    {"厦门", "福建省厦门市", "350200"},   {"福州", "福建省福州市", "350100"},
    {"宁波", "浙江省宁波市", "330200"},   {"合肥", "安徽省合肥市", "340100"},
    {"济南", "山东省济南市", "370100"},   {"昆明", "云南省昆明市", "530100"},
    {"南宁", "广西壮族自治区南宁市", "450100"}, {"天津", "天津市", "120100"},
    {"沈阳", "辽宁省沈阳市", "210100"},   {"哈尔滨", "黑龙江省哈尔滨市", "230100"},
    {"石家庄", "河北省石家庄市", "130100"}, {"南昌", "江西省南昌市", "360100"},
    {"贵阳", "贵州省贵阳市", "520100"},   {"兰州", "甘肃省兰州市", "620100"},
    {"海口", "海南省海口市", "460100"},   {"义乌", "浙江省义乌市", "330782"},
}};

constexpr std::array<const char*, 30> kBrands = {
    "星河", "优选", "好物", "云裳", "锦绣", "鲜生", "尚品", "映画", "山海", "晨光", "万象", "青禾", "丰源", "嘉禾", "汇通",
    "恒信", "盛世", "新潮", "悦享", "乐购", "百味", "金穗", "和美", "瑞丰", "蓝海", "启航", "东方", "天成", "聚宝", "华彩"};

constexpr std::array<const char*, 7> kTrades = {"直播", "电子商务", "供应链", "文化传媒", "网络科技", "直播电商", "商贸"};

constexpr std::array<const char*, 20> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                                   "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"};
constexpr std::array<const char*, 30> kGivenNames = {
    "晓雨", "志强", "丽华", "建国", "雅琴", "海涛", "思琪", "浩然", "嘉怡", "文杰", "秀英", "俊杰", "佳慧", "子涵", "宇航",
    "欣怡", "明辉", "婷婷", "振宇", "丽萍", "国强", "晓东", "雪梅", "志刚", "春梅", "美玲", "建华", "海燕", "晨曦", "诗涵"};

constexpr std::array<const char*, 10> kStreets = {"文一西路", "中山路", "人民路", "解放路", "建设路",
                                                  "科技路",   "长江路", "新华路", "黄河路", "和平路"};

struct Line {
  const char* scope;
  const char* platforms[3];
  const char* modes[2];
};
constexpr std::array<Line, 8> kLines = {{
    {"服饰箱包、美妆个护", {"抖音", "淘宝直播", "快手"}, {"达人带货", "品牌代播"}},
    {"生鲜水果、地方特产", {"抖音", "快手", "视频号"}, {"产地直播", "店铺自播"}},
    {"数码家电、家居日用", {"抖音", "淘宝直播", "京东直播"}, {"品牌自播", "达人带货"}},
    {"休闲食品、酒水饮料", {"快手", "抖音", "视频号"}, {"店铺自播", "达人带货"}},
    {"母婴用品、儿童服饰", {"淘宝直播", "抖音", "小红书"}, {"店铺自播", "品牌代播"}},
    {"茶叶、滋补品", {"抖音", "淘宝直播", "视频号"}, {"产地直播", "达人带货"}},
    {"图书文创、办公用品", {"视频号", "抖音", "快手"}, {"店铺自播", "品牌自播"}},
    {"家纺布艺、家具建材", {"抖音", "快手", "淘宝直播"}, {"工厂直播", "店铺自播"}},
}};

// GB 32100's character set without I, O, S, V, Z: every code built here is valid.
constexpr char kCodeChars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

constexpr std::size_t kNameSpace = kCities.size() * kBrands.size() * (kBrands.size() - 1) * kTrades.size();

std::string Person(std::size_t k) {
  return std::string(kSurnames[k % kSurnames.size()]) + kGivenNames[(k / kSurnames.size()) % kGivenNames.size()];
}

std::string Digits(std::uint64_t value, int width) {
  std::string s(static_cast<std::size_t>(width), '0');
  for (int i = width - 1; i >= 0 && value > 0; --i, value /= 10) s[static_cast<std::size_t>(i)] = char('0' + value % 10);
  return s;
}

// The name parts of file k: a permutation of the name space, so that
// neighbouring files get unrelated names.
struct NameParts {
  std::size_t city, brand1, brand2, trade;
};
NameParts PartsOf(std::size_t k) {
  std::size_t x = static_cast<std::size_t>((static_cast<unsigned __int128>(k % kNameSpace) * 104'729u) % kNameSpace);
  NameParts p;
  p.trade = x % kTrades.size();
  x /= kTrades.size();
  p.city = x % kCities.size();
  x /= kCities.size();
  p.brand1 = x % kBrands.size();
  x /= kBrands.size();
  p.brand2 = (p.brand1 + 1 + x) % kBrands.size();  // never the first brand again
  return p;
}

std::string CompanyName(const NameParts& p, std::size_t k) {
  std::string name = std::string(kCities[p.city].name) + kBrands[p.brand1] + kBrands[p.brand2] + kTrades[p.trade];
  if (k >= kNameSpace) name += kStreets[(k / kNameSpace) % kStreets.size()];  // past the name space: a branch
  return name + "有限公司";
}

}  // namespace

demo::Holder BenchHolder(std::size_t k) {
  const NameParts parts = PartsOf(k);
  const City& city = kCities[parts.city];
  const Line& line = kLines[k % kLines.size()];
  demo::Holder h;
  const bool person = k % 20 == 7;
  if (person) {
    h.org_type = domain::OrgType::kLiveSalesperson;
    h.name = Person(k * 7 + 3);
    h.legal_representative = h.name;
    h.scale = "个人（签约直播营销人员）";
    h.salespersons = 1;
  } else {
    static constexpr domain::OrgType kTypes[] = {domain::OrgType::kLiveServiceAgency,
                                                 domain::OrgType::kInPlatformMerchant,
                                                 domain::OrgType::kInPlatformMerchant, domain::OrgType::kOther};
    h.org_type = k % 97 == 11 ? domain::OrgType::kPlatformOperator : kTypes[k % 4];
    h.name = CompanyName(parts, k);
    h.area_code = city.area_code;
    std::size_t code = k;
    h.org_code = "MA";
    for (int i = 0; i < 6; ++i, code /= sizeof(kCodeChars) - 1) h.org_code += kCodeChars[code % (sizeof(kCodeChars) - 1)];
    h.legal_representative = Person(k * 13 + 5);
    const int staff = 20 + static_cast<int>(k * 37 % 400);
    h.scale = std::string(staff >= 300 ? "大型" : staff >= 80 ? "中型" : "小型") + "（员工" + std::to_string(staff) + "人）";
    h.salespersons = 3 + static_cast<std::int64_t>(k % 60);
  }
  h.address = std::string(city.prefix) + kStreets[k % kStreets.size()] + std::to_string(1 + k % 998) + "号" +
              std::to_string(2 + k % 20) + "楼";
  h.contact_name = Person(k * 11 + 1);
  static constexpr const char* kMobile[] = {"13", "15", "18", "17"};
  h.phone = std::string(kMobile[k % 4]) + Digits(k * 7'919 + 12'345'678, 9);
  h.email = "contact" + std::to_string(k) + "@holder" + std::to_string(k % 1000) + ".cn";
  h.founded_years = person ? 0 : 3 + static_cast<int>(k % 13);
  h.live_years = 1 + static_cast<int>(k % 3);
  h.service_scope = line.scope;
  h.platforms = {line.platforms[0], line.platforms[1], line.platforms[2]};
  h.live_modes = {line.modes[0], line.modes[1]};
  h.live_hours = k % 2 == 0 ? "每日 10:00–24:00" : "每日 19:00–次日01:00";
  h.annual_turnover_cny = 5'000'000 + static_cast<std::int64_t>(k * 1'234'567 % 400'000'000);
  h.annual_live_sessions = 100 + static_cast<std::int64_t>(k * 31 % 5000);
  return h;
}

std::string RenamedHolder(std::size_t k, int life) {
  NameParts parts = PartsOf(k);
  parts.brand2 = (parts.brand2 + 7 * static_cast<std::size_t>(life % 4 + 1)) % kBrands.size();
  if (parts.brand2 == parts.brand1) parts.brand2 = (parts.brand2 + 1) % kBrands.size();
  return CompanyName(parts, k);
}

}  // namespace certreg::app::bench
