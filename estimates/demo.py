"""Demo procedures and the 2026 Medicare schedule for `load_demo`.

Amounts: the clinic page lists the patient's 20% share; the approved amount
is five times it. Self-pay prices are demo values. The facility amounts per
setting, the anesthesia base units and minutes and the anesthesia conversion
factor are DEMO AMOUNTS of a realistic size, not CMS's published 2026 figures:
the schedule is marked so, and patients are told (docs/costs.md).
"""

from datetime import date
from decimal import Decimal

from estimates.models import Fee, FeeSchedule, Procedure
from estimates.services import money

# cpt, official name, plain name, plain name in Spanish, region, approach, 20% share, demo self-pay price
PROCEDURES = [
    (
        "63030",
        "Minimally Invasive Lumbar Discectomy (Tubular/Microdiscectomy)",
        "Lower back disc surgery",
        "Cirugía de disco en la espalda baja",
        "lumbar",
        "tubular",
        "225.06",
        "3400.00",
    ),
    (
        "63020",
        "Minimally Invasive Cervical Discectomy",
        "Neck disc surgery",
        "Cirugía de disco en el cuello",
        "cervical",
        "microscopic",
        "271.49",
        "3900.00",
    ),
    (
        "63040",
        # The code's own descriptor: a repeat laminotomy with nerve-root decompression, cervical (the clinic's
        # page called it a thoracic discectomy; the demo article now uses the code's own name).
        "Laminotomy with nerve root decompression, re-exploration, one level, cervical",
        "Repeat surgery to free a nerve in the neck",
        "Nueva cirugía para liberar un nervio del cuello",
        "cervical",
        "microscopic",
        "335.83",
        "4800.00",
    ),
    (
        "63047",
        "Minimally Invasive Lumbar Laminectomy (Decompression)",
        "Lower back surgery to free the nerves",
        "Cirugía de la espalda baja para liberar los nervios",
        "lumbar",
        "tubular",
        "271.76",
        "3900.00",
    ),
    (
        "22612",
        "Minimally Invasive Lumbar Fusion (Posterior/Posterolateral)",
        "Lower back fusion (from the back)",
        "Fusión de la espalda baja (por detrás)",
        "lumbar",
        "percutaneous",
        "382.85",
        "5500.00",
    ),
    (
        "22558",
        "Minimally Invasive Anterior Lumbar Interbody Fusion (ALIF)/OLIF/XLIF/FFLIF",
        "Lower back fusion (from the front or side)",
        "Fusión de la espalda baja (por delante o de lado)",
        "lumbar",
        "open",
        "368.50",
        "5300.00",
    ),
    (
        "22630",
        "Minimally Invasive Transforaminal Lumbar Interbody Fusion (TLIF)",
        "Lower back fusion (TLIF)",
        "Fusión de la espalda baja (TLIF)",
        "lumbar",
        "tubular",
        "387.42",
        "5600.00",
    ),
    (
        "62380",
        "Endoscopic Lumbar Discectomy (Interlaminar/Transforaminal)",
        "Lower back disc surgery with a camera",
        "Cirugía de disco en la espalda baja con cámara",
        "lumbar",
        "endoscopic",
        "410.41",
        "5900.00",
    ),
    (
        "62287",
        "Percutaneous Disc Decompression / Nucleoplasty",
        "Needle treatment to shrink a disc",
        "Tratamiento con aguja para reducir un disco",
        "lumbar",
        "percutaneous",
        "137.26",
        "",
    ),
]


# Demo amounts: cpt -> (surgery center, hospital outpatient, hospital stay, OPPS status, anesthesia base units,
# usual minutes). None = Medicare does not pay a facility for it there (e.g. an inpatient-only procedure), so that
# place is not offered for it.
FACILITY_DEMO = {
    "63030": ("3410.00", "6905.00", "13850.00", "J1", 8, 120),
    "63020": ("3410.00", "6905.00", "13850.00", "J1", 10, 120),
    "63040": ("3410.00", "6905.00", "13850.00", "J1", 10, 150),
    "63047": ("3410.00", "6905.00", "13850.00", "J1", 8, 150),
    "22612": (None, "17250.00", "30150.00", "J1", 8, 240),
    "22558": (None, None, "31600.00", "", 8, 210),
    "22630": (None, "17250.00", "30150.00", "J1", 8, 240),
    "62380": ("4080.00", "6905.00", "13850.00", "J1", 8, 120),
    "62287": ("2450.00", "4720.00", None, "T", 5, 45),
}
ANESTHESIA_CONVERSION_FACTOR_DEMO = Decimal("20.4400")


def _amount(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def demo_load() -> str:
    """Create the procedures and the active Medicare 2026 schedule once; return what was made."""
    schedule, created = FeeSchedule.objects.get_or_create(
        name="Medicare 2026",
        year=2026,
        defaults={
            "effective_date": date(2026, 1, 1),
            "part_b_deductible": Decimal("283.00"),
            "source_note": (
                "Surgeon's fees from the clinic's MISS page (patient's 20% share × 5). Facility amounts, anesthesia "
                "units and the anesthesia conversion factor are demo amounts of a realistic size (docs/costs.md)."
            ),
            "part_a_deductible": Decimal("1736.00"),
            "ma_moop_limit": Decimal("9250.00"),
            "anesthesia_conversion_factor": ANESTHESIA_CONVERSION_FACTOR_DEMO,
            "facility_amounts_are_demo": True,
            "is_active": not FeeSchedule.objects.filter(is_active=True).exists(),
        },
    )
    for cpt, official, plain, plain_es, region, approach, share, self_pay in PROCEDURES:
        asc, outpatient, inpatient, status, base_units, minutes = FACILITY_DEMO[cpt]
        procedure, _ = Procedure.objects.update_or_create(
            cpt_code=cpt,
            defaults={
                "official_name": official,
                "plain_name": plain,
                "plain_name_es": plain_es,
                "body_region": region,
                "approach": approach,
                "anesthesia_base_units": base_units,
                "anesthesia_minutes": minutes,
            },
        )
        Fee.objects.get_or_create(
            schedule=schedule,
            procedure=procedure,
            defaults={
                "medicare_approved": money(Decimal(share) * 5),
                "self_pay_price": Decimal(self_pay) if self_pay else None,
                "asc_amount": _amount(asc),
                "hospital_outpatient_amount": _amount(outpatient),
                "inpatient_amount": _amount(inpatient),
                "opps_status": status,
            },
        )
    return f"fee schedule “{schedule}” with {len(PROCEDURES)} procedures" if created else ""
