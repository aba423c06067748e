"""Each coverage in its own columns, words and assumptions; self-pay prices what it can."""

from django.urls import reverse

from estimates.models import Fee

MEDICARE_NETWORK = "a surgeon in Medicare&#x27;s network"


def page(client, coverage, **params):
    query = {"procedure": ["63030", "22612"], "coverage": coverage, **params}
    return client.get(reverse("estimates:estimate"), query)


def headings(html):
    start = html.index("<thead>")
    return html[start : html.index("</thead>", start)]


def test_self_pay_shows_the_clinics_price_and_no_medicare_columns_or_words(patient_client, schedule):
    Fee.objects.filter(procedure__cpt_code="22612").update(self_pay_price="5500.00")
    html = page(patient_client, "self_pay").text
    head = headings(html)
    assert "You pay (the clinic&#x27;s self-pay price)" in head
    assert "Medicare" not in head
    assert "Approved amount" not in html
    assert MEDICARE_NETWORK not in html
    assert "$8,900.00" in html
    assert "the clinic&#x27;s prices, not Medicare amounts" in html
    assert "Get a Good Faith Estimate" in html


def test_self_pay_with_one_unpriced_procedure_prices_the_others_and_names_the_missing_one(patient_client, schedule):
    response = page(patient_client, "self_pay")
    assert response.status_code == 200
    html = response.text
    assert "We do not have a self-pay price for Lower back fusion (CPT 22612) yet." in html
    assert "For the procedures we have a price for, you would pay about <strong>$3,400.00</strong>" in html
    assert "Lower back disc surgery" in html
    assert "Get a Good Faith Estimate" not in html  # a Good Faith Estimate must list every charge
    body = patient_client.get(
        reverse("estimates:api"), {"procedure": ["63030", "22612"], "coverage": "self_pay"}
    ).json()
    assert body["total_patient_pays"] == "3400.00"
    assert body["missing"] == ["22612"]


def test_workers_comp_names_the_insurer_and_the_claim_conditions_not_medicares_network(patient_client, schedule):
    html = page(patient_client, "workers_comp").text
    head = headings(html)
    assert "Workers&#x27; comp insurer pays" in head
    assert "Medicare" not in head
    assert "accepts your claim and approves the surgery" in html
    assert "state&#x27;s own fee list" in html
    assert MEDICARE_NETWORK not in html
    assert "Part B" not in html.split("What if")[0]


def test_no_fault_names_the_car_insurer_and_its_conditions(patient_client, schedule):
    html = page(patient_client, "no_fault", no_fault_deductible="200").text
    head = headings(html)
    assert "Car insurer pays" in head
    assert "Medicare" not in head
    assert "car insurer accepts the claim" in html
    assert "policy&#x27;s limit" in html
    assert MEDICARE_NETWORK not in html
    assert "You would pay about <strong>$200.00</strong>" in html


def test_no_fault_without_a_deductible_says_none_was_counted(patient_client, schedule):
    html = page(patient_client, "no_fault").text
    assert "You did not enter your policy&#x27;s deductible, so we counted none." in html


def test_the_medicare_variants_name_who_pays_the_rest(patient_client, schedule):
    supplement = headings(page(patient_client, "medicare_supplement", deductible_remaining="0").text)
    assert "Supplement plan pays" in supplement
    secondary = headings(page(patient_client, "medicare_secondary", deductible_remaining="0").text)
    assert "Secondary plan pays" in secondary
    medicare = page(patient_client, "medicare", deductible_remaining="0").text
    assert "Other plan pays" not in medicare
    assert MEDICARE_NETWORK in medicare


def test_you_pay_is_the_first_amount_column_for_every_coverage(patient_client, schedule):
    for coverage in ["medicare", "medicare_supplement", "medicare_secondary", "workers_comp", "no_fault"]:
        head = headings(page(patient_client, coverage).text)
        assert head.index("You pay") < head.index("</th>", head.index("Procedure") + 20), coverage
