"""The estimate's new words in Spanish: columns, per-line explanations, assumptions, what-if."""

from django.urls import reverse


def test_a_spanish_reader_gets_every_part_of_the_estimate_in_spanish(patient_client, schedule):
    patient_client.post(reverse("language_switch"), {"language": "es", "next": "/"})
    html = patient_client.get(reverse("estimates:estimate"), {"procedure": "63030", "coverage": "medicare"}).text
    assert "Medicare aprueba $1,125.30. Usted todavía debía $283.00 de su deducible" in html
    assert "así que lo contamos completo: $283.00 para 2026" in html
    assert "¿Y si tuviera otro seguro?" in html
    assert "Medicare aprueba</th>" in html
    assert "Déjelo en blanco: contamos los $283.00 completos como pendientes." in html


def test_the_limit_message_is_in_spanish(patient_client, schedule):
    patient_client.post(reverse("language_switch"), {"language": "es", "next": "/"})
    body = patient_client.get(
        reverse("estimates:api"), {"procedure": "63030", "coverage": "medicare", "deductible_remaining": "2830"}
    ).json()
    assert body["errors"]["deductible_remaining"] == [
        "El deducible de la Parte B para 2026 es de $283.00, así que usted no puede deber más que eso. "
        "Revise la cantidad (por ejemplo 283, no 2830)."
    ]
