import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conference import services
from conference.models import EvaluationResponse
from tests.factories import EditionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation():
    edition = EditionFactory()
    return services.save_evaluation(
        conference=edition, introduction="Hoe was het?", questions=["Wat ging goed?", "Wat kan beter?"], is_open=True
    )


def _registered(evaluation):
    user = UserFactory()
    services.register(conference=evaluation.conference, user=user)
    return user


def test_evaluation_accepts_one_answer_per_registered_person(evaluation):
    user = _registered(evaluation)
    question = evaluation.questions.first()

    services.answer_evaluation(evaluation=evaluation, user=user, rating=4, answers={question.pk: "De tafels"})
    with pytest.raises(ValidationError, match="U heeft deze evaluatie al ingevuld"):
        services.answer_evaluation(evaluation=evaluation, user=user, rating=1, answers={})

    assert list(EvaluationResponse.objects.values_list("rating", flat=True)) == [4]


def test_evaluation_refuses_people_who_were_not_registered(evaluation):
    with pytest.raises(ValidationError, match="Alleen wie aangemeld was voor deze editie"):
        services.answer_evaluation(evaluation=evaluation, user=UserFactory(), rating=5, answers={})

    assert EvaluationResponse.objects.count() == 0


def test_closed_evaluation_refuses_answers(evaluation):
    user = _registered(evaluation)
    services.save_evaluation(
        conference=evaluation.conference, introduction="", questions=["Wat ging goed?"], is_open=False
    )

    with pytest.raises(ValidationError, match="Deze evaluatie is gesloten"):
        services.answer_evaluation(evaluation=evaluation, user=user, rating=5, answers={})


def test_evaluation_view_stores_the_answer(client, evaluation):
    user = _registered(evaluation)
    client.force_login(user)
    question = evaluation.questions.first()

    response = client.post(
        reverse("conference:evaluation", args=[evaluation.conference.slug]),
        {"rating": "5", f"question_{question.pk}": "Goede gesprekken"},
    )

    assert response.status_code == 302
    answer = EvaluationResponse.objects.get()
    assert (answer.rating, [a.text for a in answer.answers.all()]) == (5, ["Goede gesprekken"])


def test_evaluation_view_refuses_unregistered_people(resident_client, evaluation):
    response = resident_client.post(
        reverse("conference:evaluation", args=[evaluation.conference.slug]), {"rating": "5"}
    )

    assert response.status_code == 200
    assert EvaluationResponse.objects.count() == 0


def test_coordinator_sees_distribution_without_names(coordinator_client, evaluation):
    user = _registered(evaluation)
    services.answer_evaluation(evaluation=evaluation, user=user, rating=4, answers={})

    response = coordinator_client.get(reverse("conference:manage_evaluation", args=[evaluation.conference.slug]))

    counts = {row["rating"]: row["count"] for row in response.context["summary"]["distribution"]}
    assert counts == {5: 0, 4: 1, 3: 0, 2: 0, 1: 0}
    assert str(user) not in response.content.decode()


def test_evaluation_export_has_no_names(coordinator_client, evaluation):
    user = _registered(evaluation)
    question = evaluation.questions.first()
    services.answer_evaluation(evaluation=evaluation, user=user, rating=3, answers={question.pk: "Prima"})

    response = coordinator_client.get(reverse("conference:manage_evaluation_csv", args=[evaluation.conference.slug]))

    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[1] == "3,Prima,"
    assert user.email not in response.content.decode()
