"""The cleaner reads page shapes, not one outlet's strings: bylines, date lines,
copyright lines, captions and widgets in the forms Korean news pages print them.

Article sentences here are the seeds' own; the furniture is what layouts print.
"""
from __future__ import annotations

import hashlib

import pytest

from generator.clean.datelines import publication, read_stamps
from generator.classify import classify_seed
from generator.clean.lines import read_dateline, split_glued_byline
from generator.metadata import extract_metadata
from generator.models import Destination, LineKind, SeedBytes, SeedText
from generator.regions import find_regions
from generator.structure import body_text, build_blocks

LEAD = "광주시가 4차 산업혁명의 핵심인 ‘인공지능(AI) 거점도시’ 브랜드 구축에 발 벗고 나섰다."
SECOND = (
    "최근 광주시는 ‘AI 대표도시 광주’의 비전과 청사진을 마련하고 전략을 수립하기 위한 광주 인공지능 대표도시 "
    "만들기 추진위원회를 구성했다."
)
THIRD = "광주 AI 집적단지 조성사업은 지역경제의 혁신성장을 가속화하고 국가 균형발전 달성에 기여할 것이라는 기대감이 높다."


def _article(text: str, rules):
    data = text.encode("utf-8")
    seed = SeedText(SeedBytes("page.txt", None, data, hashlib.sha256(data).hexdigest()), text, "utf-8")
    classification = classify_seed(seed, rules)
    blocks = build_blocks(classification, rules)
    body = body_text(blocks)
    meta = extract_metadata(classification, body, find_regions(body, rules.gazetteer), rules)
    return classification, body, meta


def _page(*lines: str) -> str:
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("line", "published", "updated"),
    [
        ("2025.08.29 14:15", "2025-08-29T14:15", None),
        ("수정 : 2025.08.29 14:15기사원문", None, "2025-08-29T14:15"),
        ("입력 : 2024. 12.04(수) 16:30 수정 : 2024. 12.04(수) 17:02", "2024-12-04T16:30", "2024-12-04T17:02"),
        ("2019-10-09 06:00 송고", "2019-10-09T06:00", None),
        ("기사입력 2025-11-19 14:38", "2025-11-19T14:38", None),
        ("등록 2025.03.02 09:00", "2025-03-02T09:00", None),
        ("발행일 2024-05-01", "2024-05-01", None),
        ("업데이트 2025.03.04 오후 2:21", None, "2025-03-04T14:21"),
        ("2024년 05월 02일 (목) 09:12", "2024-05-02T09:12", None),
    ],
)
def test_date_lines_in_any_form(rules, line, published, updated):
    stamps, rest = read_stamps(line, rules.datelines)
    assert rules.datelines.is_filler(rest)
    first = publication(stamps)
    got = None if first is None or first.role == "updated" else first.date + (f"T{first.time}" if first.time else "")
    assert got == published
    fields = read_dateline(line, rules)
    assert fields is not None and fields.get("updated") == updated


def test_a_ranking_timestamp_or_a_sentence_is_not_a_date_line(rules):
    assert read_dateline("울산 AI 데이터센터 착공 2024-12-26 22:45", rules) is None
    assert read_dateline("광주시는 2019.10.08 추진위원회를 구성했다.", rules) is None


@pytest.mark.parametrize(
    ("line", "author", "outlet"),
    [
        (f"【파이낸셜뉴스 울산=홍길동 기자】{LEAD}", "홍길동", "파이낸셜뉴스"),
        (f"(부산=뉴스1) 홍길동 기자 = {LEAD}", "홍길동", "뉴스1"),
        (f"(울산=연합뉴스) 김민수·박지현 기자 = {LEAD}", "김민수", "연합뉴스"),
        (f"【광주=뉴시스】홍길동 기자 = {LEAD}", "홍길동", "뉴시스"),
        (f"[더팩트ㅣ광주=홍길동 기자] {LEAD}", "홍길동", "더팩트"),
        (f"[충청일보 홍길동기자] {LEAD}", "홍길동", "충청일보"),
        (f"(동양일보 홍길동 기자) {LEAD}", "홍길동", "동양일보"),
        (f"아시아투데이 홍길동 기자 = {LEAD}", "홍길동", "아시아투데이"),
    ],
)
def test_a_byline_glued_to_the_lead_is_split_off(rules, line, author, outlet):
    cut, _rule, _reason, fields = split_glued_byline(line, rules)
    assert line[cut:] == LEAD
    assert fields["author"] == author and fields["outlet"] == outlet


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("- 홍길동 기자", "홍길동"),
        ("/광주=홍길동 기자(hong@kwangju.co.kr)", "홍길동"),
        ("hong@fnnews.com 홍길동 기자", "홍길동"),
        ("홍길동 기자 hong@news1.kr", "홍길동"),
        ("홍길동(hong@yna.co.kr)", "홍길동"),
        ("홍길동기자", "홍길동"),
        ("홍길동 기자홍길동 기자", "홍길동"),
        ("[홍길동 기자 hong@example.com]", "홍길동"),
    ],
)
def test_bylines_in_the_usual_forms(rules, line, author):
    classification, _body, meta = _article(_page("AI 거점도시 광주", line, "", LEAD + " " + SECOND, THIRD), rules)
    kinds = {l.text: l.kind for l in classification.lines}
    assert kinds[line] is LineKind.BYLINE
    assert meta.author == author


@pytest.mark.parametrize("label", ["페이스북", "카카오톡", "트위터", "URL복사", "기사듣기 기사듣기중지", "가 가 가 가"])
def test_share_and_player_labels_are_never_names_or_titles(rules, label):
    classification, _body, meta = _article(
        _page(label, "AI 거점도시 광주, 추진위원회 꾸렸다", "홍길동 기자", label, "", LEAD + " " + SECOND, label), rules
    )
    assert meta.author == "홍길동"
    assert meta.title == "AI 거점도시 광주, 추진위원회 꾸렸다"
    assert all(l.destination is not Destination.BODY for l in classification.lines if l.text == label)


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("Copyright ⓒ 뉴스1. All rights reserved.", "뉴스1"),
        ("ⓒ연합뉴스TV, 무단 전재-재배포, AI 학습 및 활용 금지", None),
        ("※ 저작권자 ⓒ 파이낸셜뉴스, 무단전재-재배포 금지", "파이낸셜뉴스"),
        ("<저작권자 © 어느지역신문, 무단 전재 및 재배포 금지>", "어느지역신문"),
    ],
)
def test_copyright_lines_name_the_outlet_and_end_the_article(rules, line, outlet):
    outlet = outlet or rules.outlets.mentioned_in(line).name
    classification, body, meta = _article(
        _page("AI 거점도시 광주", "", LEAD + " " + SECOND, line, "추천 기사 제목 하나", "회사 소개"), rules
    )
    assert meta.outlet == outlet
    assert "추천 기사" not in body and "회사 소개" not in body


@pytest.mark.parametrize(
    "caption",
    [
        "광주 첨단단지 전경. /광주시 제공",
        "광주 첨단단지 전경 [광주시 제공. 재판매 및 DB 금지]",
        "광주 첨단단지 전경(사진=광주시 제공)",
        "사진=광주시",
        "ⓒ광주시",
        "![광주 첨단단지](https://img.example.com/a.jpg)",
        "20250829_ai_cluster.jpg",
        "#AI #광주 #인공지능",
        "기사문의 및 제보 : 카카오톡 okjebo",
        "--comment--",
        "첫 번째 댓글을 작성해 보세요.",
        "댓글 바로가기",
        "서울 12.3℃ 맑음",
        "홍길동 기자 기사 더보기",
        "◀ INT ▶ 홍길동 / 전남도지사",
        "[인터뷰] 홍길동 / 광주시 인공지능산업국장",
        "목록 맨위로",
        "03:12",
        "광주 첨단단지 전경. / 사진 제공=광주시",
        "자료: 국회예산정책처",
        "<지역 AI 거점 예산 집행 현황>",
        "지면 2026.02.05 (No.8,712) 3면",
        "전화번호 : 062-613-2114",
        "▷ 전화 02-784-4000",
        "영상취재: 홍길동(광주) / 영상편집: 김철수",
        "MBC 뉴스는 24시간 여러분의 제보를 기다립니다.",
        "※ AI 요약은 기사 내용을 바탕으로 자동 생성됐습니다. 정확한 내용은 본문을 확인해 주세요.",
        "[관련 기사] 수도권 데이터센터 '전력 보릿고개'…지방 이전 논의 본격화",
        "발행일 2023-11-08 제13면",
        "호수 1826",
        "담당 : AI반도체과장 홍길동 ☎ 033-249-3520",
        "※ 사진 있음",
        "기사듣기실행 기사듣기중지",
        "이 기사를 추천합니다",
        "▲ 12일 착공식에서 참석자들이 시삽을 하고 있다. ‹충북도 제공>",
        "홍길동 단장이 울산시청에서 인터뷰하고 있다. ⓒ시사저널 김철수",
        "27일 개소식에서 참석자들이 테이프를 자르고 있다. 김철수기자",
        "【사진설명】 3일 전남도청에서 열린 투자협약식에서 참석자들이 기념촬영을 하고 있다.",
        "(앵커)",
        "(리포트)",
        "JIBS 제주방송 | 제주특별자치도 제주시 연삼로 95 | 대표전화 064-740-7800",
        "홍길동 기잡니다.",
        "홍길동 기자의 보돕니다.",
        "페이스북(으)로 기사보내기",
        "Video Player",
        "ㅣ수정 : 2025-09-03 16:10:05",
        "광주 북구 첨단3지구 AI데이터센터 전경. 전남일보 자료사진",
        "자료담당 : 미래산업국 AI산업과 주무관 홍길동 (041-635-4521)",
        "(32255) 충청남도 홍성군 홍북읍 충남대로 21 충청남도청",
    ],
)
def test_page_furniture_stays_out_of_the_body(rules, caption):
    classification, body, _meta = _article(
        _page("AI 거점도시 광주", "홍길동 기자", "", LEAD + " " + SECOND, caption, THIRD), rules
    )
    assert caption not in body
    assert LEAD + " " + SECOND in body and THIRD in body


def test_a_caption_printed_twice_is_not_article_text(rules):
    caption = "광주 첨단단지에 들어설 AI 집적단지 조감도"
    _c, body, _m = _article(_page("AI 거점도시 광주", "", LEAD + " " + SECOND, caption, caption, THIRD), rules)
    assert caption not in body
    _c, body, _m = _article(_page("AI 거점도시 광주", "", LEAD + " " + SECOND, caption + caption, THIRD), rules)
    assert caption not in body


def test_ranking_timestamps_after_the_article_are_not_its_date(rules):
    _c, _b, meta = _article(
        _page("AI 거점도시 광주", "입력 2024.12.20 10:00", "", LEAD + " " + SECOND, "랭킹뉴스", "다른 기사 제목", "2024-12-26 22:45"),
        rules,
    )
    assert meta.published == "2024-12-20T10:00"


def test_an_update_time_is_not_the_publication_time(rules):
    _c, _b, meta = _article(_page("AI 거점도시 광주", "수정 2025.08.29 14:15", "", LEAD + " " + SECOND), rules)
    assert meta.published is None


def test_the_title_is_the_headline_not_the_menu_caption_or_date(rules):
    _c, _b, meta = _article(
        _page(
            "전체기사 정치 경제 사회 전국",
            "사진=광주시",
            "입력 : 2024. 12.04(수) 16:30 수정 : 2024. 12.04(수) 17:02",
            "광주, AI 거점도시 브랜드 구축 나선다",
            "- 홍길동 기자",
            "",
            LEAD + " " + SECOND,
        ),
        rules,
    )
    assert meta.title == "광주, AI 거점도시 브랜드 구축 나선다"
    assert meta.published == "2024-12-04T16:30"
    assert meta.author == "홍길동"


def test_a_title_missing_from_the_page_is_derived_and_says_so(rules):
    _c, _b, meta = _article(_page(LEAD + " " + SECOND, THIRD), rules)
    assert dict(meta.inferred).get("title")


def test_an_outlet_comes_from_the_reporters_mail_domain_when_nothing_else_names_it(rules):
    _c, _b, meta = _article(_page("AI 거점도시 광주", "홍길동 기자 hong@yna.co.kr", "", LEAD + " " + SECOND), rules)
    assert meta.outlet == "연합뉴스"
    _c, _b, meta = _article(_page("AI 거점도시 광주", "홍길동 기자 hong@gmail.com", "", LEAD + " " + SECOND), rules)
    assert meta.outlet is None


def test_long_lines_of_button_words_are_read_without_backtracking(rules):
    """Vocabulary shapes are possessive: a 20,000-character line of button words
    that is not furniture after all is given up on at once, not split every way."""
    import signal

    def too_slow(_signum, _frame):
        raise TimeoutError("a vocabulary rule backtracks")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(60)
    try:
        for line in ("기사듣기" * 5000 + "!", "공유 " * 5000 + "했다.", "가" * 20000 + "다."):
            classify_seed(SeedText(SeedBytes("p.txt", None, b"", "0" * 64), f"제목\n\n{line}\n", "utf-8"), rules)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_reporter_profile_tagline_under_the_closing_byline_is_not_article_text(rules):
    page = _page(
        "광주, AI 집적단지 조성 박차",
        "홍길동 기자",
        "2025.08.29 14:15",
        "",
        LEAD,
        "",
        SECOND,
        "",
        "홍길동 기자(hong@example.com)",
        "기자 프로필",
        "광주 지역 소식을 전합니다.",
        "이 기자의 다른 기사",
    )
    classification, body, _ = _article(page, rules)
    assert LEAD in body and SECOND in body
    assert "소식을 전합니다" not in body
    tagline = next(line for line in classification.lines if line.text == "광주 지역 소식을 전합니다.")
    assert tagline.rule == "reporter-profile"


def test_a_short_closing_paragraph_before_the_byline_stays(rules):
    page = _page(
        "광주, AI 집적단지 조성 박차",
        "2025.08.29 14:15",
        "",
        LEAD,
        "",
        SECOND,
        "",
        "행사는 5일까지 열린다.",
        "홍길동 기자",
        "기자 프로필",
        "",
        THIRD,
    )
    _, body, _ = _article(page, rules)
    # A long paragraph follows the byline: it did not close the article.
    assert "행사는 5일까지 열린다." in body and THIRD in body


@pytest.mark.parametrize("credit", ["연합뉴스", "경주시", "/뉴시스", "세종=뉴시스"])
def test_a_caption_ending_in_its_credit_is_not_article_text(rules, credit):
    caption = f"김도윤 제2차관이 4일 정부세종청사에서 지역 AI 컴퓨팅 인프라 확충 방안을 발표하고 있다. {credit}"
    _c, body, _m = _article(_page("AI 거점도시 광주", "홍길동 기자", "", caption, "", LEAD + " " + SECOND, "", THIRD), rules)
    assert "발표하고 있다" not in body and LEAD in body and THIRD in body


def test_a_paragraph_ending_in_an_ordinary_word_stays(rules):
    line = "광주시는 내년 예산을 늘린다. 계획대로"
    _c, body, _m = _article(_page("AI 거점도시 광주", "홍길동 기자", "", LEAD + " " + SECOND, "", line, "", THIRD), rules)
    assert line in body


def test_the_headlines_second_copy_past_a_blank_does_not_hide_it(rules):
    title = "부산항에 'AI 물류 두뇌' 심는다…2026년까지 1200억 투입"
    _c, _b, meta = _article(
        _page("부산일보", "", title, "", title, "", "사진=부산시 제공", "신항 컨테이너 흐름 예측 플랫폼 구축", "",
              "입력 : 2024. 12.04(수) 16:30", "- 강동현 기자", "", LEAD + " " + SECOND),
        rules,
    )
    assert meta.title == title


def test_summary_points_under_the_headline_are_not_the_title(rules):
    title = "AI 컴퓨팅 '지역 거점' 4곳 선정…GPU 1만2천 장 배치"
    _c, _b, meta = _article(
        _page("보도자료", "", title, "", "인쇄", "공유", "",
              "- 동남권·호남권·대경권·충청권에 거점별 GPU 3천 장 규모 연산 인프라 구축",
              "- 총사업비 1조 2,600억 원…2026년 상반기 착공", "", LEAD + " " + SECOND),
        rules,
    )
    assert meta.title == title


def test_with_no_byline_or_date_the_headline_is_the_block_above_the_body(rules):
    title = "광주, AI 거점도시 브랜드 구축 나선다"
    _c, _b, meta = _article(
        _page("바른 언론 강한 신문, 지역의 목소리", "정치 | 경제 | 사회", "", title, "부제: 추진위원회 구성", "공유하기", "", LEAD + " " + SECOND),
        rules,
    )
    assert meta.title == title


def test_a_caption_with_its_credit_in_the_header_is_not_the_title(rules):
    title = "정부 전용 'AI 데이터센터' 세종에…2029년 가동 목표"
    caption = "세종시 집현동 행정중심복합도시 공동캠퍼스 일대 전경. 세종=뉴시스"
    _c, body, meta = _article(_page("한국일보", "", title, "", "홍길동 기자", "", caption, caption, "", LEAD + " " + SECOND), rules)
    assert meta.title == title and caption not in body


def test_with_no_byline_or_date_a_standalone_lead_starts_the_body(rules):
    title = "대구 달성에 'AI 로봇 실증단지'…1천억 투입"
    lead = "대구시가 달성군 일대에 AI 로봇 실증단지를 조성한다."
    _c, body, meta = _article(_page("반듯한 지역언론, 빛이 되는 신문", "전체메뉴", "", title, "공유하기", "", lead, "", LEAD + " " + SECOND), rules)
    assert meta.title == title and body.startswith(lead)


def test_a_sentence_about_the_phone_or_a_time_of_day_stays(rules):
    for line in ("전화 상담은 평일 오전 9시부터 오후 6시까지 받는다.", "행사는 14:30에 시작된다."):
        _c, body, _m = _article(_page("AI 거점도시 광주", "홍길동 기자", "", LEAD + " " + SECOND, line, THIRD), rules)
        assert line in body


def test_a_menu_printed_one_item_per_line_is_furniture_not_the_section(rules):
    page = _page("바른 언론 강한 신문", "정치", "경제", "사회", "오피니언", "지역", "", "광주, AI 거점도시 브랜드 구축 나선다",
                 "홍길동 기자", "", LEAD + " " + SECOND)
    classification, _body, meta = _article(page, rules)
    assert meta.section is None and meta.kind != "칼럼"
    assert {line.rule for line in classification.lines if line.text in ("정치", "오피니언")} == {"section-menu"}


def test_the_kicker_right_above_the_headline_is_the_section(rules):
    page = _page("바른 언론 강한 신문", "전체메뉴", "", "AI 중심도시 광주", "광주, AI 거점도시 브랜드 구축 나선다", "홍길동 기자", "", LEAD + " " + SECOND)
    _c, _b, meta = _article(page, rules)
    assert meta.section == "AI 중심도시 광주"


def test_a_bare_credit_mark_under_the_article_names_the_outlet_when_nothing_else_does(rules):
    _c, _b, meta = _article(_page("AI 거점도시 광주", "홍길동 광주연구원 연구위원", "", LEAD + " " + SECOND, THIRD, "ⓒ 새전북신문", "공유하기"), rules)
    assert meta.outlet == "새전북신문"
    _c, _b, meta = _article(_page("AI 거점도시 광주", "홍길동 기자", "", LEAD + " " + SECOND, THIRD, "ⓒ 광주광역시", "공유하기"), rules)
    assert meta.outlet is None  # a public body's credit is a photo's source, not the publisher


def test_a_series_name_above_the_headline_is_not_the_title(rules):
    title = "대전 'AI 로봇 실증단지' 첫 입주…GPU 256장 공동 연산실 가동"
    for kicker in ("[지역 AI 현장을 가다] ④ 대전 유성", "[기획] 새만금, AI로 다시 쓴다 ②"):
        _c, _b, meta = _article(_page("전체기사", "", kicker, title, "홍길동 기자", "입력 2024.04.03 16:45", "", LEAD + " " + SECOND), rules)
        assert meta.title == title


def test_an_interview_kicker_above_the_headline_is_not_a_broadcast_cue(rules):
    title = '"광주 공장 데이터가 곧 AI 경쟁력"'
    _c, body, meta = _article(
        _page("정기구독", "정치", "경제", "인터뷰", "", "[인터뷰]", title, "광주=홍길동 선임기자", "승인 2024.10.05 07:30", "", LEAD + " " + SECOND),
        rules,
    )
    assert meta.title == title and title not in body


def test_a_caption_under_its_bare_credit_is_not_the_lead(rules):
    lead = "경남 진주시 정촌면에 AI로 항공기 부품 결함을 찾는 실증센터가 문을 연다."
    _c, body, _m = _article(
        _page("진주에 'AI 항공정비 실증센터' 문 연다", "2024년 3월 5일 오후 3시 41분", "", "사진: 진주시", "실증센터 외관.", lead, LEAD + " " + SECOND),
        rules,
    )
    assert "실증센터 외관." not in body and body.startswith(lead)


def test_a_press_release_time_for_morning_papers_is_a_date_line(rules):
    _c, body, meta = _article(_page("AI 거점도시 광주", "보도시점 : 2025. 4. 8.(화) 조간", "", LEAD + " " + SECOND), rules)
    assert meta.published == "2025-04-08" and "조간" not in body


def test_a_time_in_brackets_belongs_to_its_date(rules):
    _c, _b, meta = _article(_page("AI 거점도시 광주", "기사입력 2023/05/09 [14:22]", "", LEAD + " " + SECOND), rules)
    assert meta.published == "2023-05-09T14:22"


def test_a_name_alone_next_to_the_date_is_the_byline_a_menu_word_is_not(rules):
    title = "수성알파시티에 'AI 컴퓨팅 허브'…1천2백억 원 투입"
    _c, body, meta = _article(_page("라디오", "도정소식", "", title, "공유하기", "권나래", "2025년 06월 12일", "", LEAD + " " + SECOND), rules)
    assert meta.author == "권나래" and "권나래" not in body
    _c, _b, meta = _article(_page("라디오", "상단영역", "", title, "2025년 06월 12일", "", LEAD + " " + SECOND), rules)
    assert meta.author is None


def test_a_byline_carrying_the_date_gives_both(rules):
    _c, _b, meta = _article(_page("AI 거점도시 광주", "2025-06-24     홍길동 기자", "", LEAD + " " + SECOND), rules)
    assert meta.author == "홍길동" and meta.published == "2025-06-24"


def test_a_headline_printed_below_the_date_under_a_menu(rules):
    title = "남는 풍력 전기로 AI 돌린다…구좌에 '그린 데이터센터'"
    menu = ["뉴스 다시 보기", "보도 프로그램", "TV", "정규프로그램", "특집프로그램", "라디오", "편성표", "시청자센터", "뉴스 다시 보기", "JIBS 저녁뉴스"]
    _c, body, meta = _article(_page(*menu, "2025년 09월 18일 (목)", title, title, "(앵커)", LEAD + " " + SECOND), rules)
    assert meta.title == title and meta.published == "2025-09-18"
    assert "(앵커)" not in body


def test_the_reporters_address_may_come_before_the_role(rules):
    _c, body, meta = _article(_page("AI 거점도시 광주", "", LEAD + " " + SECOND, "제주방송 홍길동(hong@jibs.co.kr) 기자"), rules)
    assert meta.author == "홍길동" and "hong@" not in body


@pytest.mark.parametrize("line", ["출처표시-상업적이용금지-변경금지", "COPYRIGHT © CHUNGCHEONGNAM-DO. ALL RIGHTS RESERVED"])
def test_licence_and_capitalised_copyright_lines_end_the_article(rules, line):
    classification, body, _m = _article(_page("AI 거점도시 광주", "홍길동 기자", "", LEAD + " " + SECOND, line, "다른 기사 제목 하나"), rules)
    assert line not in body and "다른 기사" not in body
    assert next(l for l in classification.lines if l.text == line).rule == "copyright"
