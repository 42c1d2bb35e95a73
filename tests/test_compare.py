"""Cross-region pages: the matrix, region pages, dimension pages, timeline,
entities, glossary, tags, pictures and data export, from the five seeds."""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace

import pytest

from conftest import SEEDS, html_text, site_markdown
from generator.compare import RegionCache, compare_regions
from generator.pipeline import collect_articles, generate_site
from generator.render import tag_page_id
from generator.render_compare import FACTS_CSV_COLUMNS, NOT_MENTIONED
from generator.rules import load_rules

LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<target>[^ )]+)(?: \"(?P<title>[^\"]*)\")?\)")


@pytest.fixture(scope="module")
def site():
    generated = generate_site(SEEDS)
    return {p.path: p.text for p in generated.pages}, {a.slug: a for a in generated.articles}


def _row(page: str, name: str) -> list[str]:
    line = next(line for line in page.splitlines() if line.startswith(f"| [{name}]"))
    return [cell.strip() for cell in line.strip("|").split(" | ")]


def _columns(page: str) -> list[str]:
    header = next(line for line in page.splitlines() if line.startswith("| 항목 |"))
    return [LINK.search(cell).group("text") if LINK.search(cell) else cell.strip() for cell in header.strip("|").split("|")][1:]


def _cited_paragraphs(cell: str, articles) -> list[str]:
    """The text of every paragraph a cell's citation links point at."""
    out = []
    for link in LINK.finditer(cell):
        slug, anchor = re.match(r"(?:\.\./)+articles/([^.]+)\.md#(.+)", link.group("target")).groups()
        article = articles[slug]
        blocks = {p.anchor: p.text for p in article.paragraphs}
        for block in article.blocks:
            blocks.update({i.anchor: i.text for i in getattr(block, "items", ())})
        out.append(blocks[anchor])
    return out


def _cell(page: str, dimension: str, region: str) -> str:
    return _row(page, dimension)[1 + _columns(page).index(region)]


@pytest.mark.parametrize(
    ("dimension", "region", "shown", "in_sentence"),
    [
        ("투자 규모와 기간", "광주", "4,061억 원 · 2020–2024년", "4천61억원"),
        ("투자 규모와 기간", "광주", "2020–2024년", "2020년부터 2024년까지"),
        ("기업·일자리 목표", "광주", "인공지능 스타트업 창업 1,000개", "1천개"),
        ("인재 양성", "광주", "인공지능 전문인력 5,150명", "5천150명"),
        # Columns are 시·도; a city's findings sit in its 시·도's column, led by its name.
        ("참여 기업·기관과 협업 과제", "강원", "원주 · 국내 혁신 선도기업 17개사", "17개사"),
        ("주도 기관", "강원", "원주 · 연세대 원주세브란스기독병원", "주축으로"),
        ("인재 양성", "경북", "포항 · 연간 배출 2,800여 명", "2800여 명"),
        ("해외 협력", "경북", "포항 · 애플 제조업 R&amp;D 지원센터 (미국)", "애플"),
        ("참여 기업·기관과 협업 과제", "전국", "기업과 기관 470여 개", "470여 개 기업과 기관"),
        ("참여 기업·기관과 협업 과제", "전국", "협업 과제 360여 개", "360여 개의 협업 과제"),
    ],
)
def test_the_matrix_shows_each_figure_and_links_it_to_its_sentence(site, dimension, region, shown, in_sentence):
    pages, articles = site
    matrix = pages["atlas/compare/index.md"]
    cell = _cell(matrix, dimension, region)
    entry = next(part for part in cell.split("<br>") if shown in part)
    assert any(in_sentence in text for text in _cited_paragraphs(entry, articles)), entry
    # The matrix does not quote the sentence again (no tooltip, no 출처 list: they
    # were most of its weight); its row's dimension page quotes it, one click away.
    assert LINK.search(entry).group("title") is None and "## 출처" not in matrix
    dimension_page = pages["atlas/compare/" + LINK.search(_row(matrix, dimension)[0]).group("target")]
    assert in_sentence in dimension_page.replace("&amp;", "&")


def test_empty_cells_say_so_and_never_guess(site):
    page = site[0]["atlas/compare/index.md"]
    assert NOT_MENTIONED in _cell(page, "투자 규모와 기간", "강원")
    assert NOT_MENTIONED in _cell(page, "해외 협력", "강원")
    for line in page.splitlines():
        if line.startswith("| [") and NOT_MENTIONED not in line:
            assert "<sup>[" in line  # every filled row cites


def test_region_pages_summarise_and_cite(site):
    pages, articles = site
    gwangju = pages["atlas/regions/gwangju/index.md"]
    for shown in ("4,061억 원 · 2020–2024년", "인공지능 스타트업 창업 1,000개", "인공지능 전문인력 5,150명"):
        assert shown in gwangju
    assert "## 아직 부족한 점" in gwangju and "취약점" in gwangju
    assert "## 연표" in gwangju and "2019-09-23" in gwangju
    wonju = pages["atlas/regions/wonju/index.md"]
    assert "연세대 원주세브란스기독병원" in wonju and "국내 혁신 선도기업 17개사" in wonju
    pohang = pages["atlas/regions/pohang/index.md"]
    assert "연간 배출 2,800여 명" in pohang and "애플 제조업 R&amp;D 지원센터" in pohang
    national = pages["atlas/regions/national/index.md"]
    assert "기업과 기관 470여 개" in national and "협업 과제 360여 개" in national


def test_every_dimension_has_a_page_with_every_region(site):
    pages, _ = site
    matrix = pages["atlas/compare/index.md"]
    for target in re.findall(r"^\| \[[^\]]+\]\(([a-z-]+)\.md\)", matrix, re.M):
        page = pages[f"atlas/compare/{target}.md"]
        for region in ("전국", "광주", "원주", "포항"):
            assert f"## {region}" in page


def test_timeline_orders_dates_and_marks_partial_ones(site):
    page = site[0]["atlas/timeline.md"]
    rows = [line for line in page.split("## 날짜를 정할 수 없는 일")[0].splitlines() if line.startswith("| ") and "---" not in line][1:]
    whens = [row.split(" | ")[0].strip("| ") for row in rows]

    def key(when: str) -> tuple[int, int, int]:
        m = re.match(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?|–\d{4}년|년(?: (\d+)월)?)", when)
        return int(m.group(1)), int(m.group(2) or m.group(4) or 0), int(m.group(3) or 0)

    assert whens == sorted(whens, key=key)
    assert any("(연도만)" in w for w in whens) and any("(월까지만)" in w for w in whens)
    assert any("기사 연도 추정" in w for w in whens)  # 지난해 5월 in an article whose year is inferred
    assert "지난해 7월" in page.split("## 날짜를 정할 수 없는 일")[1]


def test_entity_index_lists_organisations_and_people_with_their_paragraphs(site):
    page = site[0]["atlas/entities.md"]
    for name in ("광주과학기술원(GIST)", "팔로알토연구소(PARC)", "연세대 원주세브란스기독병원", "한국산업지능화협회", "이용섭", "이강덕"):
        assert f"### {name}" in page
    assert "(../articles/" not in page and "](articles/" in page


def test_glossary_terms_become_tooltips_on_article_pages(site):
    pages, _ = site
    glossary = pages["atlas/glossary.md"]
    for term in ("클러스터", "얼라이언스", "MOU", "예비타당성조사 면제", "DX", "AI+X"):
        assert term in glossary
    html = site_markdown().convert(pages["atlas/articles/wonju-2023-12-17-bd417f74.md"].split("---", 2)[2])
    titles = re.findall(r'<abbr title="([^"]+)">([^<]+)</abbr>', html)
    assert ("얼라이언스" in {t for _, t in titles}) and len({t for _, t in titles}) == len(titles)  # first use only


def test_articles_carry_tags_and_each_tag_has_its_page(site):
    pages, _ = site
    wonju = pages["atlas/articles/wonju-2023-12-17-bd417f74.md"]
    tags = re.search(r"^tags:\n((?:- .*\n)+)", wonju, re.M).group(1)
    assert "- 원주" in tags and "- 기고" in tags and "- 얼라이언스" in tags
    # Each tag links (partials/tags.html) to its own page, listed on the tag index with its count.
    ids = re.search(r"^tag_pages:\n((?:- .*\n)+)", wonju, re.M).group(1).split()[1::2]
    assert len(ids) == 3 and ids[0] == tag_page_id("원주")
    for tag, page_id in zip(("원주", "기고", "얼라이언스"), ids):
        listing = pages[f"atlas/tags/{page_id}.md"]
        assert "(../articles/wonju-2023-12-17-bd417f74.md)" in listing
        assert f"| [{tag}](tags/{page_id}.md){{ .md-tag }} |" in pages["atlas/tags.md"]
    assert "<!-- material/tags" not in pages["atlas/tags.md"]


def test_map_and_charts_are_static_svg_coloured_by_the_theme(site):
    pages, _ = site
    home = pages["index.md"]
    svg = re.search(r"<svg class=\"atlas-map\".*?</svg>", home).group()
    assert svg.count("<circle") == 3 and ">2</text>" in svg  # 광주 has two articles
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # no tiles, no fonts
    assert not re.search(r'(fill|stroke)="#', svg)  # colours come from CSS variables (light and dark)
    assert "전국 1편" in home  # the national article, which has no point, is said in the caption
    assert "<svg class=\"atlas-chart\"" in pages["atlas/compare/index.md"]


def test_data_export_is_documented_and_complete(site):
    pages, articles = site
    data = json.loads(pages["data/articles.json"])
    assert {a["slug"] for a in data["articles"]} == set(articles)
    record = next(a for a in data["articles"] if a["source_file"] == "002_7efd02fe1706e276.txt")
    assert record["source_sha256"] and record["paragraphs"][0]["anchor"].startswith("p-")
    rows = list(csv.DictReader(io.StringIO(pages["data/facts.csv"])))
    assert tuple(rows[0].keys()) == tuple(name for name, _ in FACTS_CSV_COLUMNS)
    assert len(rows) == sum(len(a.facts) for a in articles.values())
    money = next(r for r in rows if r["kind"] == "money")
    assert (money["value"], money["number"], money["unit"]) == ("4,061억 원", "406100000000", "원")
    doc = pages["atlas/data.md"]
    assert "../data/articles.json" in doc and "../data/facts.csv" in doc
    for name, _ in FACTS_CSV_COLUMNS:
        assert f"`{name}`" in doc


def test_comparison_pages_show_seed_text_literally():
    """Seed text reaches the comparison pages only escaped (hostile seeds are in test_bad_input)."""
    from generator.markdown_text import escape_link_title

    hostile = 'x" onmouseover="alert(1)" (a)|[b]'
    html = site_markdown().convert(f'[1](a.md#p-1 "{escape_link_title(hostile)}")')
    assert "onmouseover=" not in html.replace("onmouseover=&quot;", "")
    assert html_text(re.search(r'title="([^"]*)"', html).group(1)) == hostile


# -- what the screenshots showed (bench/screenshots.py) ------------------------

def test_the_matrix_takes_the_whole_page_and_says_when_it_scrolls(site):
    page = site[0]["atlas/compare/index.md"]
    assert "hide:\n- navigation\n- toc\n" in page
    table = page.index("| 항목 |")
    assert page.rfind('<div class="atlas-matrix" markdown>', 0, table) > 0
    assert "표를 옆으로 밀면" not in page  # four regions fit


def _assert_apart(placed, style, height):
    """Circles never overlap each other; a label, when placed, stays in the frame and overlaps no circle or label."""
    from generator.charts import _overlap

    circles = [(p.x - p.r, p.y - p.r, p.x + p.r, p.y + p.r) for p in placed]
    for i, a in enumerate(placed):
        assert a.r <= a.x <= style.width - a.r and a.r <= a.y <= height - a.r, a.marker.name
        box = a.label_box
        for j, b in enumerate(placed):
            if i < j:
                assert ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5 >= a.r + b.r, (a.marker.name, b.marker.name)
            if box is None:
                continue
            assert 0 <= box[0] and box[2] <= style.width and 0 <= box[1] and box[3] <= height, a.marker.name
            if i < j and b.label_box is not None:
                assert _overlap(box, b.label_box) == 0, (a.marker.name, b.marker.name)
            if i != j:
                assert _overlap(box, circles[j]) == 0, (a.marker.name, b.marker.name)


def test_crowded_map_markers_and_labels_never_overlap():
    from generator.charts import MapMarker, layout_markers, load_map_style
    from generator.rules import load_rules

    style = load_map_style()
    # The home map: every 시·도, counts as in the 1,000-article corpus; 서울, 인천, 경기 and
    # 대전, 세종 crowd together.
    regions = [r for r in load_rules().gazetteer.regions if r.at and r.province is None]
    markers = [MapMarker(r.name, r.at[0], r.at[1], 300 - 15 * i) for i, r in enumerate(regions)]
    placed, height = layout_markers(markers, style)
    assert len(placed) == len(regions) == 17
    _assert_apart(placed, style, height)
    assert all(p.label_box is not None for p in placed)  # every 시·도 is named
    moved = [p for p in placed if (p.x, p.y) != p.at]
    assert moved and all(abs(p.x - p.at[0]) + abs(p.y - p.at[1]) < 40 for p in moved)  # nudged, not flung


def test_a_province_map_with_every_place_keeps_circles_apart_and_names_where_there_is_room():
    from generator.charts import MapMarker, korea_map_svg, layout_markers, load_map_style
    from generator.rules import load_rules

    style, gazetteer = load_map_style(), load_rules().gazetteer
    places = [gazetteer.by_id(rid) for rid in gazetteer.children["gyeonggi"] if gazetteer.by_id(rid).at]
    markers = [MapMarker(r.name, r.at[0], r.at[1], 1 + i % 5, f"{r.name} {1 + i % 5}편") for i, r in enumerate(places)]
    placed, height = layout_markers(markers, style, focus="gyeonggi")
    assert len(placed) == len(places) > 25
    _assert_apart(placed, style, height)
    named = [p for p in placed if p.label_box is not None]
    assert len(named) >= 0.75 * len(placed)
    # A place left unnamed for want of room is still named by its circle's tooltip.
    svg = korea_map_svg(markers, style, "경기", focus="gyeonggi")
    for p in placed:
        assert f"<title>{p.marker.title}</title>" in svg
    assert svg.count('class="atlas-place"') == len(named)


def test_the_entity_index_names_each_article_once_with_its_paragraphs(site):
    page = site[0]["atlas/entities.md"]
    entry = page.split("### 광주시 ")[1].split("###")[0]
    assert "기사 2편, 문단 6곳에 나옴:" in entry
    assert entry.count("[광주 미래 먹거리 인공지능(AI) 산업]") == 1
    assert re.search(r"\(문단 \[1\]\([^)]+\) \[2\]\([^)]+\) \[3\]", entry)


def test_a_dimension_page_quotes_a_sentence_once_for_all_its_labels(site):
    page = site[0]["atlas/compare/industries.md"]
    national = page.split("## 전국")[1].split("## ")[0]
    assert "- **자동차·미래차, 헬스케어·의료, 가전·전자**" in national
    assert national.count("그동안 산업의 디지털 전환 추진을 위해") == 1


def test_timeline_rows_say_what_happened(site):
    page = site[0]["atlas/timeline.md"]
    rows = {row.split(" | ")[0].strip("| "): row.split(" | ")[2] for row in page.splitlines() if row.startswith("| 20")}
    # A period's row is its sentence, not "기간 2020–2024년" again.
    assert rows["2020–2024년 (기간)"].startswith("광주시는 GIST와 함께 첨단 3지구에 2020년부터 2024년까지")
    # "열린" describes the conference; what happened is the visit, kept after the cut.
    assert rows["2019년 8월 (월까지만)"].startswith("지난 8월 미국 시카고에서 열린")
    assert rows["2019년 8월 (월까지만)"].endswith("패널 발표자로 참석") and " … " in rows["2019년 8월 (월까지만)"]


def test_counts_are_printed_with_thousands_separators():
    from generator.render import _environment

    assert _environment().from_string("기사 {{ 1000 | n }}편 · {{ 25 | n }}곳").render() == "기사 1,000편 · 25곳"


# -- the matrix split by 권역 (dimensions.yml matrix_groups) --------------------

def _columns_of(*regions: str):
    from generator.render_compare import Column

    return tuple(Column(r, r, ()) for r in regions)


def test_a_matrix_that_fits_a_page_stays_one_table():
    from generator.compare import load_matrix_groups
    from generator.render_compare import matrix_tables
    from generator.rules import load_rules

    columns = _columns_of("national", "seoul", "busan", "jeju")
    assert [(t.name, [c.region for c in t.columns]) for t in matrix_tables(columns, load_matrix_groups(), load_rules().gazetteer)] == [
        (None, ["national", "seoul", "busan", "jeju"])
    ]


def test_a_wide_matrix_is_one_table_per_group_in_the_groups_order_and_loses_no_column(tmp_path):
    from generator.compare import MatrixGroup
    from generator.render_compare import matrix_tables
    from generator.rules import load_rules

    groups = (MatrixGroup("south", "남쪽", ("busan", "ulsan", "jeju")), MatrixGroup("north", "북쪽", ("gangwon", "seoul")),
              MatrixGroup("empty", "빈 권역", ("sejong",)))
    columns = _columns_of("national", "seoul", "busan", "daegu", "ulsan", "gangwon", "jeju")
    tables = matrix_tables(columns, groups, load_rules().gazetteer)
    # Groups with no column are left out; columns in no group come last, in their own order.
    assert [(t.id, t.name, [c.region for c in t.columns]) for t in tables] == [
        ("south", "남쪽", ["busan", "ulsan", "jeju"]), ("north", "북쪽", ["gangwon", "seoul"]),
        ("others", "그 밖의 지역", ["national", "daegu"]),
    ]


def test_matrix_groups_naming_an_unknown_region_or_a_region_twice_are_rule_errors(tmp_path):
    import shutil

    from generator.compare import MatrixGroup, load_matrix_groups
    from generator.errors import RuleError
    from generator.render_compare import matrix_tables
    from generator.rules import RULES_DIR, load_rules

    with pytest.raises(RuleError, match="matrix_groups: typo: unknown region seul"):
        matrix_tables(_columns_of(*"abcdefg"), (MatrixGroup("typo", "오타", ("seoul", "seul")),), load_rules().gazetteer)
    shutil.copytree(RULES_DIR, tmp_path / "rules")
    path = tmp_path / "rules" / "dimensions.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("regions: [gwangju,", "regions: [seoul, gwangju,"), encoding="utf-8")
    with pytest.raises(RuleError, match=r"dimensions\.yml: matrix_groups: .*each region in one group only"):
        load_matrix_groups(tmp_path / "rules")


def test_every_province_of_the_gazetteer_has_its_table_in_the_matrix():
    from generator.compare import load_matrix_groups
    from generator.rules import load_rules

    grouped = {r for g in load_matrix_groups() for r in g.regions}
    provinces = {r.id for r in load_rules().gazetteer.regions if r.is_province or r.scope == "national"}
    assert provinces == grouped


def test_a_region_cache_compares_again_only_the_regions_whose_articles_changed():
    rules = load_rules()
    articles, _ = collect_articles(SEEDS, rules)
    articles = [a for a in articles if a.duplicate_of is None]
    order = [r.id for r in rules.gazetteer.regions]
    names = {r.id: r.name for r in rules.gazetteer.regions}
    provenance = {a.slug: f"key-{a.slug}" for a in articles}
    cache = RegionCache()
    first = compare_regions(articles, order, names, provenance=provenance, cache=cache)
    assert first == compare_regions(articles, order, names)  # the cache changes nothing of the result

    again = compare_regions(articles, order, names, provenance=provenance, cache=cache)
    assert all(a is b for a, b in zip(again.regions, first.regions, strict=True))  # nothing changed: all kept

    edited = articles[0]
    touched = {m.region_id for m in edited.meta.regions} | {f.region for f in edited.facts if f.region}
    assert touched and len(touched) < len(first.regions)
    changed = [replace(edited, facts=edited.facts[1:]), *articles[1:]]
    third = compare_regions(changed, order, names, provenance={**provenance, edited.slug: "key-edited"}, cache=cache)
    assert third == compare_regions(changed, order, names)
    for before, after in zip(first.regions, third.regions, strict=True):
        assert (before is after) == (before.region not in touched), before.region
    # An article without a provenance is never taken on trust: its regions are compared again.
    fourth = compare_regions(changed, order, names, provenance={k: v for k, v in provenance.items() if k != edited.slug},
                             cache=cache)
    assert all((a is b) == (a.region not in touched) for a, b in zip(fourth.regions, third.regions, strict=True))
