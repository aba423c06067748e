"""Spanish as written in the United States (CLDR es-US): Spanish dates, US number separators.

Patients compare our amounts with US bills and type amounts with a decimal point, so
$1,125.30 stays $1,125.30 in Spanish; Django's own "es" formats would show $1 125,30.
"""

from django.conf.locale.es.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
