"""Experiments served: each subject sees one variant of a running experiment, always the same, and is told which."""

import collections
import io

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.assignment import assign
from campaigns.models import CONTROL, CampaignIndexPage, CampaignPage, CampaignSlot, Experiment, ExperimentState, Variant
from cms.models import ArticlePage, MomentsImage
from tests.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

CAMPAIGN = """
query ($slug: String!, $subject: String) {
  campaign(slug: $slug, subject: $subject) {
    experiment variant hook title callToAction heroImage { width } slots { content { ... on Article { slug } } }
  }
}
"""
MOMENT = """
query ($subject: String) {
  moment(region: "CN", first: 5, subject: $subject) { campaigns { slug experiment variant hook } }
}
"""
SUBJECTS = [f"device-{number}" for number in range(60)]


@pytest.fixture
def campaign(db) -> CampaignPage:
    page = CampaignPage(title="520 花束", slug="520-experiment", hook="520 限定价", call_to_action="去看看")
    CampaignIndexPage.objects.get().add_child(instance=page)
    page.slots.add(CampaignSlot(article=ArticlePage.objects.live().first()))
    page.save_revision().publish()
    return page


@pytest.fixture
def experiment(campaign) -> Experiment:
    """The only running experiment: the demo's are stopped, so a subject's answer depends on this one alone."""
    Experiment.objects.filter(state=ExperimentState.RUNNING).update(state=ExperimentState.STOPPED)
    image = MomentsImage.objects.create(title="水果花束", file=ImageFile(io.BytesIO(jpeg_bytes((640, 360))), name="bouquet.jpg"))
    experiment = Experiment(campaign=campaign, name="花束钩子", key="520-hook", holdout_weight=1, state=ExperimentState.RUNNING)
    experiment.variants.add(Variant(
        key="fruit-bouquet", name="水果花束", weight=2, hook="把水果扎成花束送给 TA", hero_image=image,
        call_to_action="立即预订", lead_article=ArticlePage.objects.live().last(),
    ))
    experiment.variants.add(Variant(key="plain-price", name="直降价", weight=1, hook="520 直降 52 元"))
    experiment.save()
    return experiment


def served(graphql, subject: str | None, slug: str = "520-experiment") -> dict:
    return graphql.data(CAMPAIGN, {"slug": slug, "subject": subject})["campaign"]


def test_each_subject_sees_the_variant_its_hash_gives_it_every_time(graphql, experiment):
    seen = collections.Counter()
    for subject in SUBJECTS:
        answer = served(graphql, subject)
        expected = assign("520-hook", subject, experiment.weights())
        assert (answer["experiment"], answer["variant"]) == ("520-hook", expected)
        assert served(graphql, subject) == answer  # again: the same variant
        seen[expected] += 1
    assert set(seen) == {CONTROL, "fruit-bouquet", "plain-price"}


def test_a_variant_replaces_what_it_fills_in_and_the_control_sees_the_campaign_as_authored(graphql, experiment):
    by_variant = {}
    for subject in SUBJECTS:
        answer = served(graphql, subject)
        by_variant.setdefault(answer["variant"], answer)
    bouquet, price, control = by_variant["fruit-bouquet"], by_variant["plain-price"], by_variant[CONTROL]
    lead = ArticlePage.objects.live().last().slug
    assert (bouquet["hook"], bouquet["callToAction"], bouquet["heroImage"]["width"]) == ("把水果扎成花束送给 TA", "立即预订", 640)
    assert [slot["content"]["slug"] for slot in bouquet["slots"]] == [lead, ArticlePage.objects.live().first().slug]
    assert (price["hook"], price["callToAction"], price["heroImage"], price["title"]) == ("520 直降 52 元", "去看看", None, "520 花束")
    assert (control["hook"], control["callToAction"], len(control["slots"])) == ("520 限定价", "去看看", 1)


def test_without_a_subject_or_a_running_experiment_nothing_is_varied_or_reported(graphql, experiment):
    assert served(graphql, None) | {"slots": None} == {
        "experiment": None, "variant": None, "hook": "520 限定价", "title": "520 花束", "callToAction": "去看看", "heroImage": None,
        "slots": None,
    }
    experiment.state = ExperimentState.STOPPED
    experiment.save()
    assert (served(graphql, SUBJECTS[0])["experiment"], served(graphql, SUBJECTS[0])["hook"]) == (None, "520 限定价")


def test_a_moment_shows_the_subjects_variant_and_caches_one_answer_per_variant(graphql, experiment, settings, next_local_noon):
    settings.MOMENTS_MOMENT_CACHE_SECONDS = 300
    subjects_of = collections.defaultdict(list)
    for subject in SUBJECTS:
        subjects_of[assign("520-hook", subject, experiment.weights())].append(subject)
    answers = {}
    for variant, (first, second, *_) in subjects_of.items():
        answers[variant] = graphql.data(MOMENT, {"subject": first})["moment"]
        with CaptureQueriesContext(connection) as queries:
            again = graphql.data(MOMENT, {"subject": second})["moment"]
        assert again == answers[variant] and len(queries) == 0  # another member, the same variant: the same entry
    shown = {variant: next(c for c in answer["campaigns"] if c["slug"] == "520-experiment") for variant, answer in answers.items()}
    assert {variant: (each["variant"], each["hook"]) for variant, each in shown.items()} == {
        CONTROL: (CONTROL, "520 限定价"), "fruit-bouquet": ("fruit-bouquet", "把水果扎成花束送给 TA"), "plain-price": ("plain-price", "520 直降 52 元"),
    }


def test_stopping_an_experiment_reaches_cached_moments_at_once(graphql, experiment, settings, next_local_noon):
    settings.MOMENTS_MOMENT_CACHE_SECONDS = 300
    subject = next(s for s in SUBJECTS if assign("520-hook", s, experiment.weights()) == "plain-price")
    before = graphql.data(MOMENT, {"subject": subject})["moment"]["campaigns"]
    experiment.state = ExperimentState.STOPPED
    experiment.save()
    after = graphql.data(MOMENT, {"subject": subject})["moment"]["campaigns"]
    assert [(c["variant"], c["hook"]) for c in before if c["slug"] == "520-experiment"] == [("plain-price", "520 直降 52 元")]
    assert [(c["variant"], c["hook"]) for c in after if c["slug"] == "520-experiment"] == [(None, "520 限定价")]


def test_serving_variants_costs_no_query_per_subject(graphql, experiment):
    """The running experiments are read once per content version; assigning is a hash."""
    served(graphql, SUBJECTS[0])
    with CaptureQueriesContext(connection) as without:
        served(graphql, None)
    with CaptureQueriesContext(connection) as with_subject:
        served(graphql, SUBJECTS[1])
    assert not any("campaigns_experiment" in query["sql"] for query in with_subject)
    assert len(with_subject) <= len(without) + 1  # the lead article's slot, when the variant has one


@pytest.mark.parametrize("optimise", [False, True])
def test_the_order_variants_are_listed_in_moves_nobody(optimise):
    """The split follows the variants' keys: reordering them in the admin, or PostgreSQL keeping a JSON object's keys
    in an order of its own, must not hand a subject another variant."""
    authored = {"fruit-bouquet": 2, "plain-price": 1, CONTROL: 1}

    def weights(listed: list[str]) -> list[tuple[str, float]]:
        experiment = Experiment(key="520-hook", holdout_weight=authored[CONTROL], optimise=optimise)
        experiment.variants = [Variant(key=key, name=key, weight=authored[key]) for key in listed]
        experiment.bandit_shares = {key: authored[key] / 4 for key in [*listed, CONTROL]}
        return experiment.weights()

    as_listed, reordered = weights(["plain-price", "fruit-bouquet"]), weights(["fruit-bouquet", "plain-price"])
    assert as_listed == reordered
    assert [key for key, _ in as_listed] == [CONTROL, "fruit-bouquet", "plain-price"]
