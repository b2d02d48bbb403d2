"""Cities and districts of the demo province (Jiangsu), with division codes and coordinates.

Division codes feed the resident identity numbers and USCCs of the demo, and the
coordinates (district centres, approximate) put customers on a map.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class District:
    name: str
    code: str
    lat: float
    lng: float


@dataclass(frozen=True)
class City:
    name: str
    short: str
    area_code: str
    weight: int
    team: int  # 0: 南京一组 serves Nanjing and the north; 1: 苏州一组 serves the south-east.
    districts: tuple[District, ...]
    roads: tuple[str, ...]

    @property
    def code(self) -> str:
        """The city's four-digit division code (3201 for Nanjing)."""
        return self.districts[0].code[:4]


def _d(name: str, code: str, lat: float, lng: float) -> District:
    return District(name, code, lat, lng)


CITIES: tuple[City, ...] = (
    City(
        "南京市",
        "南京",
        "025",
        34,
        0,
        (
            _d("玄武区", "320102", 32.048, 118.797),
            _d("秦淮区", "320104", 32.034, 118.794),
            _d("建邺区", "320105", 32.004, 118.732),
            _d("鼓楼区", "320106", 32.066, 118.770),
            _d("浦口区", "320111", 32.059, 118.628),
            _d("栖霞区", "320113", 32.096, 118.909),
            _d("雨花台区", "320114", 31.991, 118.779),
            _d("江宁区", "320115", 31.953, 118.840),
            _d("六合区", "320116", 32.322, 118.822),
            _d("溧水区", "320117", 31.651, 119.028),
        ),
        ("中山路", "汉中路", "江东中路", "珠江路", "龙蟠中路", "应天大街", "双龙大道", "江北大道"),
    ),
    City(
        "苏州市",
        "苏州",
        "0512",
        20,
        1,
        (
            _d("姑苏区", "320508", 31.311, 120.617),
            _d("虎丘区", "320505", 31.295, 120.566),
            _d("吴中区", "320506", 31.263, 120.632),
            _d("相城区", "320507", 31.369, 120.642),
            _d("吴江区", "320509", 31.139, 120.645),
            _d("昆山市", "320583", 31.385, 120.981),
            _d("常熟市", "320581", 31.654, 120.752),
            _d("张家港市", "320582", 31.876, 120.556),
        ),
        ("干将路", "人民路", "星湖街", "苏州大道东", "长江路", "金鸡湖大道", "东环路"),
    ),
    City(
        "无锡市",
        "无锡",
        "0510",
        10,
        1,
        (
            _d("梁溪区", "320213", 31.566, 120.303),
            _d("滨湖区", "320211", 31.527, 120.283),
            _d("新吴区", "320214", 31.550, 120.364),
            _d("锡山区", "320205", 31.589, 120.357),
            _d("惠山区", "320206", 31.681, 120.298),
            _d("江阴市", "320281", 31.920, 120.285),
            _d("宜兴市", "320282", 31.340, 119.823),
        ),
        ("中山路", "太湖大道", "梁溪路", "长江北路", "金城路", "锡沪路"),
    ),
    City(
        "常州市",
        "常州",
        "0519",
        7,
        1,
        (
            _d("天宁区", "320402", 31.780, 119.974),
            _d("钟楼区", "320404", 31.802, 119.902),
            _d("新北区", "320411", 31.830, 119.972),
            _d("武进区", "320412", 31.701, 119.943),
            _d("溧阳市", "320481", 31.416, 119.484),
        ),
        ("延陵西路", "通江大道", "龙城大道", "晋陵中路", "常武路"),
    ),
    City(
        "南通市",
        "南通",
        "0513",
        6,
        1,
        (
            _d("崇川区", "320613", 32.010, 120.857),
            _d("通州区", "320612", 32.066, 121.073),
            _d("海门区", "320614", 31.869, 121.182),
            _d("如皋市", "320682", 32.371, 120.574),
            _d("启东市", "320681", 31.808, 121.657),
        ),
        ("工农路", "青年路", "世纪大道", "崇川路", "人民中路"),
    ),
    City(
        "徐州市",
        "徐州",
        "0516",
        6,
        0,
        (
            _d("鼓楼区", "320302", 34.289, 117.186),
            _d("云龙区", "320303", 34.254, 117.251),
            _d("泉山区", "320311", 34.244, 117.194),
            _d("铜山区", "320312", 34.180, 117.169),
            _d("邳州市", "320382", 34.333, 117.959),
        ),
        ("淮海东路", "解放南路", "中山北路", "和平大道", "三环东路"),
    ),
    City(
        "扬州市",
        "扬州",
        "0514",
        4,
        0,
        (
            _d("广陵区", "321002", 32.395, 119.432),
            _d("邗江区", "321003", 32.377, 119.398),
            _d("江都区", "321012", 32.434, 119.570),
            _d("仪征市", "321081", 32.272, 119.184),
        ),
        ("文昌中路", "扬子江北路", "江阳中路", "运河南路"),
    ),
    City(
        "镇江市",
        "镇江",
        "0511",
        3,
        0,
        (
            _d("京口区", "321102", 32.198, 119.470),
            _d("润州区", "321111", 32.195, 119.412),
            _d("丹阳市", "321181", 31.991, 119.606),
        ),
        ("解放路", "中山东路", "南徐大道"),
    ),
    City(
        "泰州市",
        "泰州",
        "0523",
        3,
        0,
        (
            _d("海陵区", "321202", 32.491, 119.919),
            _d("姜堰区", "321204", 32.509, 120.127),
            _d("泰兴市", "321283", 32.172, 120.052),
        ),
        ("海陵南路", "青年南路", "济川东路"),
    ),
    City(
        "盐城市",
        "盐城",
        "0515",
        3,
        0,
        (
            _d("亭湖区", "320902", 33.390, 120.166),
            _d("盐都区", "320903", 33.338, 120.153),
            _d("东台市", "320981", 32.868, 120.320),
        ),
        ("建军中路", "解放南路", "世纪大道"),
    ),
    City(
        "淮安市",
        "淮安",
        "0517",
        2,
        0,
        (
            _d("清江浦区", "320812", 33.552, 119.026),
            _d("淮安区", "320803", 33.503, 119.141),
        ),
        ("淮海东路", "健康西路", "翔宇大道"),
    ),
    City(
        "连云港市",
        "连云港",
        "0518",
        1,
        0,
        (
            _d("海州区", "320706", 34.572, 119.163),
            _d("连云区", "320703", 34.760, 119.339),
        ),
        ("朝阳中路", "海连中路", "中华西路"),
    ),
    City(
        "宿迁市",
        "宿迁",
        "0527",
        1,
        0,
        (
            _d("宿城区", "321302", 33.963, 118.242),
            _d("宿豫区", "321311", 33.947, 118.330),
        ),
        ("洪泽湖路", "发展大道", "人民大道"),
    ),
)

PROVINCE = "江苏省"
CAPITAL = CITIES[0]

# Resident identity numbers of people born elsewhere (the province draws people in).
OTHER_PROVINCE_DIVISIONS = ("340104", "370102", "330106", "310115", "410105", "420106")


def city_pick(rng: random.Random) -> City:
    return rng.choices(CITIES, weights=[c.weight for c in CITIES])[0]


def city_named(name: str) -> City:
    return next(c for c in CITIES if c.name == name)


def place_pick(
    rng: random.Random, city: City, district_name: str = ""
) -> tuple[District, Decimal, Decimal]:
    """A district of ``city`` (the named one, or any) and a point near its centre (±3 km)."""
    district = rng.choice(city.districts)
    if district_name:
        district = next(d for d in city.districts if d.name == district_name)
    lat = Decimal(f"{district.lat + rng.uniform(-0.03, 0.03):.6f}")
    lng = Decimal(f"{district.lng + rng.uniform(-0.03, 0.03):.6f}")
    return district, lat, lng


def address_make(rng: random.Random, city: City, district: District) -> str:
    number = rng.randint(1, 399)
    suffix = rng.choice(("", "", f"{rng.randint(1, 28)}楼", f"{rng.randint(1, 12)}栋"))
    return f"{PROVINCE}{city.name}{district.name}{rng.choice(city.roads)}{number}号{suffix}"
