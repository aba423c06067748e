from django.urls import reverse

from tests.factories import AssignmentFactory, FAQFactory, SurgeonFactory, surgeon_cares_for


def test_my_page_shows_my_reading_bookmarks_surgeons_and_phone(patient_client, patient, other_patient):
    mine = AssignmentFactory(patient=patient, article__title="My article", note="Read before Monday")
    AssignmentFactory(patient=other_patient, article__title="Their article")
    surgeon_cares_for(patient=patient, surgeon=SurgeonFactory(name="Dr. Mine"))
    surgeon_cares_for(patient=other_patient, surgeon=SurgeonFactory(name="Dr. Theirs"))
    faq = FAQFactory(question="Saved question?")
    patient_client.post(reverse("care:bookmark_faq", args=[faq.pk]))
    patient_client.post(reverse("care:bookmark_article", args=[mine.article.slug]))

    html = patient_client.get(reverse("care:my_page")).text
    assert "My article" in html
    assert "Read before Monday" in html
    assert "Saved question?" in html
    assert "Dr. Mine" in html
    assert "(631) 555-0100" in html
    assert "Their article" not in html
    assert "Dr. Theirs" not in html
    assert "You have read 0 of 1." in html


def test_bookmark_toggles(patient_client, patient):
    faq = FAQFactory()
    url = reverse("care:bookmark_faq", args=[faq.pk])
    patient_client.post(url)
    assert patient.bookmarks.count() == 1
    patient_client.post(url)
    assert patient.bookmarks.count() == 0


def test_my_page_queries_stay_constant_as_assignments_grow(patient_client, patient, django_assert_num_queries):
    AssignmentFactory(patient=patient)
    patient_client.get(reverse("care:my_page"))  # who is asking, then from the cache (portal/accounts/user_cache.py)
    AssignmentFactory(patient=patient)  # the page is read from the database again (care/my_page_cache.py)
    with django_assert_num_queries(1) as few:  # every read of the page in one query (care/read_together.py)
        patient_client.get(reverse("care:my_page"))
    budget = len(few.captured_queries)  # read now: each request clears Django's query log
    for _ in range(15):
        AssignmentFactory(patient=patient)
        patient_client.post(reverse("care:bookmark_faq", args=[FAQFactory().pk]))
    with django_assert_num_queries(budget):
        response = patient_client.get(reverse("care:my_page"))
    assert "You have read 0 of 17." in response.text


def test_a_bookmarked_faq_taken_off_the_portal_leaves_my_page(patient_client, patient):
    hidden = FAQFactory(question="Withdrawn question?")
    on_draft = FAQFactory(question="Question on a draft article?")
    for faq in (hidden, on_draft):
        patient_client.post(reverse("care:bookmark_faq", args=[faq.pk]))
    hidden.is_published = False
    hidden.save()
    on_draft.article.status = on_draft.article.Status.DRAFT
    on_draft.article.save()
    html = patient_client.get(reverse("care:my_page")).text
    assert "Withdrawn question?" not in html
    assert "Question on a draft article?" not in html
