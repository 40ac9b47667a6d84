"""The ranking module on plain data: targeting rules, scores and reasons."""

import datetime

from delivery.matching import Candidate, InSeason, Moment, Weights, fits, rank, score

NOW = datetime.datetime(2026, 6, 10, 22, 30, tzinfo=datetime.UTC)
OVERTIME, BUBBLE_TEA = 1, 2
GENZ, MUM = 10, 11
GUANGZHOU, GUANGDONG, CHINA, SHANGHAI = 100, 101, 102, 200
APP_HOME, PUSH = 50, 51
BAYBERRY, LYCHEE = 300, 301
CAMPAIGN_520 = 400


def moment(**changes) -> Moment:
    values = {
        "at": NOW,
        "scenes": {OVERTIME: "加班零食"},
        "personas": {GENZ: "Z世代吃货"},
        "region_chain": [(GUANGZHOU, "广州"), (GUANGDONG, "广东"), (CHINA, "中国")],
        "channel": APP_HOME,
        "in_season": {BAYBERRY: InSeason("杨梅", is_peak=True), LYCHEE: InSeason("荔枝", is_peak=False)},
        "campaigns": {CAMPAIGN_520: "520 水果情话"},
    }
    return Moment(**{**values, **changes})


def article(id=1, age_days=0, **targeting) -> Candidate:
    return Candidate(kind="article", id=id, published_at=NOW - datetime.timedelta(days=age_days), **targeting)


WEIGHTS = Weights(freshness=0.0)


def test_untargeted_dimensions_do_not_restrict():
    assert fits(article(), moment())
    assert fits(article(scenes=frozenset({BUBBLE_TEA})), moment(scenes={}))
    assert fits(article(personas=frozenset({MUM})), moment(personas={}))


def test_targeted_dimensions_must_overlap():
    assert not fits(article(scenes=frozenset({BUBBLE_TEA})), moment())
    assert not fits(article(personas=frozenset({MUM})), moment())
    assert not fits(article(regions=frozenset({SHANGHAI})), moment())
    assert not fits(article(channels=frozenset({PUSH})), moment())
    assert fits(article(regions=frozenset({GUANGDONG})), moment())


def test_a_moment_without_region_sees_only_nationwide_content():
    assert not fits(article(regions=frozenset({GUANGDONG})), moment(region_chain=[]))
    assert fits(article(), moment(region_chain=[]))


def test_ugc_region_makes_it_local_but_never_hides_it():
    post = Candidate(kind="ugc", id=1, published_at=NOW, regions=frozenset({SHANGHAI}), regions_restrict=False,
                     scenes=frozenset({OVERTIME}))
    assert fits(post, moment())
    assert score(post, moment(), WEIGHTS).reasons == ("场景: 加班零食",)


def test_reasons_name_every_match_in_the_products_words():
    candidate = article(
        scenes=frozenset({OVERTIME}), personas=frozenset({GENZ}), seasonal_entries=frozenset({BAYBERRY, LYCHEE}),
        campaigns=frozenset({CAMPAIGN_520}), regions=frozenset({GUANGZHOU}),
    )
    match = score(candidate, moment(), WEIGHTS)
    assert match.reasons == (
        "场景: 加班零食", "人群: Z世代吃货", "应季: 杨梅 (盛产期)", "应季: 荔枝", "活动: 520 水果情话", "地区: 广州",
    )
    weights = WEIGHTS
    expected = weights.scene + weights.persona + 2 * weights.in_season + weights.peak + weights.campaign + weights.local
    assert match.score == round(expected, 4)


def test_content_with_nothing_in_common_is_not_returned():
    assert score(article(), moment(), WEIGHTS) is None


def test_city_content_outranks_province_content():
    city = score(article(1, regions=frozenset({GUANGZHOU})), moment(), WEIGHTS)
    province = score(article(2, regions=frozenset({GUANGDONG})), moment(), WEIGHTS)
    assert city.score > province.score
    assert province.reasons == ("地区: 广东",)


def test_weights_decide_what_ranks_first():
    by_scene = article(1, scenes=frozenset({OVERTIME}))
    by_persona = article(2, personas=frozenset({GENZ}))
    scene_first = rank([by_scene, by_persona], moment(), Weights(scene=5, persona=1, freshness=0), first=2)
    persona_first = rank([by_scene, by_persona], moment(), Weights(scene=1, persona=5, freshness=0), first=2)
    assert [match.candidate.id for match in scene_first] == [1, 2]
    assert [match.candidate.id for match in persona_first] == [2, 1]


def test_fresher_content_ranks_higher_and_ties_go_to_the_newest():
    old = article(1, age_days=28, scenes=frozenset({OVERTIME}))
    new = article(2, age_days=0, scenes=frozenset({OVERTIME}))
    ranked = rank([old, new], moment(), Weights(freshness=1.0, freshness_half_life_days=14), first=5)
    assert [match.candidate.id for match in ranked] == [2, 1]
    assert ranked[0].score - ranked[1].score == round(1.0 - 0.25, 4)
    tied = rank([old, new], moment(), WEIGHTS, first=5)
    assert [match.candidate.id for match in tied] == [2, 1]


def test_campaign_priority_lifts_a_campaign():
    def campaign(id, priority):
        return Candidate(kind="campaign", id=id, published_at=NOW, campaigns=frozenset({id}), priority=priority)

    ranked = rank([campaign(7, 1), campaign(8, 3)], moment(campaigns={7: "低", 8: "高"}), WEIGHTS, first=2)
    assert [match.candidate.id for match in ranked] == [8, 7]
    assert ranked[0].score - ranked[1].score == 2 * WEIGHTS.campaign_priority


def test_rank_returns_at_most_first():
    candidates = [article(id, scenes=frozenset({OVERTIME})) for id in range(10)]
    assert len(rank(candidates, moment(), WEIGHTS, first=3)) == 3


def test_rank_scores_and_explains_its_choice_as_score_does_each_candidate():
    """rank scores hundreds of candidates and writes reasons for the first only: the same scores, the same reasons."""
    traits = [frozenset(), frozenset({OVERTIME}), frozenset({GENZ}), frozenset({BAYBERRY, LYCHEE}), frozenset({CAMPAIGN_520})]
    candidates = [
        article(
            id, age_days=id % 9, scenes=traits[id % 2], personas=traits[2] if id % 3 else frozenset(),
            seasonal_entries=traits[3] if id % 4 == 1 else frozenset({LYCHEE}) if id % 4 == 2 else frozenset(),
            campaigns=traits[4] if id % 5 == 0 else frozenset(), regions=[frozenset(), frozenset({GUANGZHOU}), frozenset({CHINA})][id % 3],
        )
        for id in range(60)
    ]
    weights = Weights(freshness=0.7)
    scored = [match for candidate in candidates if (match := score(candidate, moment(), weights))]
    expected = sorted(scored, key=lambda match: (-match.score, -match.candidate.published_at.timestamp(), match.candidate.id))
    assert len(scored) > 40 and {len(match.reasons) for match in scored} >= {1, 2, 3, 4, 5}
    assert rank(candidates, moment(), weights, first=12) == expected[:12]
