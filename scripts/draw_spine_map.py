"""Draw the home page's spine map: writes templates/spine_map.html (run again after changing the shape).

A side view of the spine, front of the body to the left: 7 neck (cervical) vertebrae curving forward,
12 upper-back (thoracic) vertebrae curving back, 5 lower-back (lumbar) vertebrae curving forward, then
the sacrum and the tailbone (coccyx). Each vertebra is a body (the block at the front) with its spinous
process (the bony tab you can feel down your back) behind it; each region is one link.

    python scripts/draw_spine_map.py
"""

import math
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "templates" / "spine_map.html"

# The line through the middle of the vertebral bodies (x grows toward the back, y downward).
CENTRE = [(92, 14), (76, 62), (84, 118), (120, 200), (124, 270), (96, 338), (72, 385), (80, 445)]
# Per region: number of vertebrae, distance from one to the next, body width, body height.
REGIONS = [
    ("cervical", 7, 16.5, 30, 11),
    ("thoracic", 12, 18.2, 36, 13.5),
    ("lumbar", 5, 25, 50, 20),
]
LABEL_X = 186


def catmull_rom(points, steps=40):
    out = []
    padded = [points[0], *points, points[-1]]
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1 : i + 3]
        for s in range(steps):
            t = s / steps
            out.append(
                tuple(
                    0.5
                    * (
                        2 * p1[k]
                        + (-p0[k] + p2[k]) * t
                        + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t * t
                        + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t**3
                    )
                    for k in (0, 1)
                )
            )
    out.append(points[-1])
    return out


def along(curve, distance):
    """The point `distance` along the curve, and the curve's angle there (degrees from vertical)."""
    walked = 0.0
    for (x1, y1), (x2, y2) in zip(curve, curve[1:], strict=False):
        step = math.hypot(x2 - x1, y2 - y1)
        if walked + step >= distance:
            f = (distance - walked) / step
            return (x1 + f * (x2 - x1), y1 + f * (y2 - y1)), math.degrees(math.atan2(-(x2 - x1), y2 - y1))
        walked += step
    (x1, y1), (x2, y2) = curve[-2], curve[-1]
    return curve[-1], math.degrees(math.atan2(-(x2 - x1), y2 - y1))


def vertebra(x, y, angle, width, height):
    half_w, half_h = width / 2, height / 2
    tab = 10 + width * 0.35  # the spinous process points back and down
    process = (
        f"M{half_w - 2:.1f} {-half_h + 2:.1f} L{half_w + tab:.1f} {half_h + 3:.1f} "
        f"L{half_w + tab - 4:.1f} {half_h + 7:.1f} L{half_w - 2:.1f} {half_h - 1:.1f} Z"
    )
    return (
        f'<g transform="translate({x:.1f} {y:.1f}) rotate({angle:.1f})">'
        f'<path class="spine-process" d="{process}"/>'
        f'<rect class="spine-bone" x="{-half_w:.1f}" y="{-half_h:.1f}" width="{width}" height="{height}" rx="3"/></g>'
    )


def draw():
    curve = catmull_rom(CENTRE)
    distance, regions, region_box = 6.0, {}, {}
    for code, count, pitch, width, height in REGIONS:
        shapes, ys, right = [], [], 0.0
        for _ in range(count):
            (x, y), angle = along(curve, distance + height / 2)
            shapes.append(vertebra(x, y, angle, width, height))
            ys.append(y)
            right = max(right, x + width / 2)
            distance += pitch
        regions[code] = shapes
        region_box[code] = (min(ys) - 10, max(ys) + 10, right)
    # The sacrum: a curved wedge below the last lumbar vertebra, and the tailbone's small bones.
    (x, y), angle = along(curve, distance + 14)
    sacrum = (
        f'<g transform="translate({x:.1f} {y:.1f}) rotate({angle - 14:.1f}) scale(1.3)">'
        '<path class="spine-bone" d="M-24 0 C-20 -4 20 -4 26 0 C24 24 14 48 4 66 C-4 62 -10 40 -24 0 Z"/>'
        '<path class="spine-line" d="M-14 16 H16 M-9 32 H12 M-3 48 H8"/>'
        '<rect class="spine-bone" x="-1" y="70" width="9" height="7" rx="2"/>'
        '<rect class="spine-bone" x="-4" y="79" width="7" height="6" rx="2"/>'
        '<rect class="spine-bone" x="-8" y="86" width="6" height="5" rx="2"/></g>'
    )
    regions["sacral"] = [sacrum]
    region_box["sacral"] = (y - 4, y + 100, x + 52)
    return regions, region_box


def template():
    regions, boxes = draw()
    labels = {
        "cervical": ("{% translate 'Neck' %}", "{% translate 'Neck (cervical spine)' %}"),
        "thoracic": ("{% translate 'Upper back' %}", "{% translate 'Upper and mid back (thoracic spine)' %}"),
        "lumbar": ("{% translate 'Lower back' %}", "{% translate 'Lower back (lumbar spine)' %}"),
        "sacral": ("{% translate 'Base of the spine' %}", "{% translate 'Base of the spine (sacrum)' %}"),
    }
    lines = [
        "{% load i18n %}{% comment %}Drawn by scripts/draw_spine_map.py: change the drawing there.{% endcomment %}",
        '<svg class="spine-map" viewBox="0 0 460 560" role="group" aria-labelledby="spine-title spine-desc"'
        ' xmlns="http://www.w3.org/2000/svg">',
        '  <desc id="spine-desc">{% translate "A side view of the spine: the neck curves forward, the upper back'
        ' curves back, the lower back curves forward, and the sacrum sits at the base." %}</desc>',
    ]
    for code, shapes in regions.items():
        top, bottom, right = boxes[code]
        middle = (top + bottom) / 2
        short, full = labels[code]
        lines += [
            f"  {{% with count=region_counts.{code}|default:0 %}}",
            f'  <a href="{{% url \'education:article_list\' %}}?region={code}" class="spine-link region-{code}"'
            f' aria-label="{full}: {{% if count %}}{{% blocktranslate count count=count %}}{{{{ count }}}} article'
            "{% plural %}{{ count }} articles{% endblocktranslate %}{% else %}"
            "{% translate 'Nothing to read here yet' %}{% endif %}\">",
            f'    <rect class="spine-hit" x="10" y="{top:.0f}" width="445" height="{bottom - top:.0f}"/>',
            *(f"    {shape}" for shape in shapes),
            f'    <path class="spine-leader" d="M{right + 20:.0f} {middle:.0f} H{LABEL_X - 8}"/>',
            f'    <text class="spine-label" x="{LABEL_X}" y="{middle - 2:.0f}">{short}</text>',
            f'    <text class="spine-count" x="{LABEL_X}" y="{middle + 20:.0f}">{{% if count %}}'
            "{% blocktranslate count count=count %}{{ count }} article{% plural %}{{ count }} articles"
            "{% endblocktranslate %}{% else %}{% translate 'Nothing to read here yet' %}{% endif %}</text>",
            "  </a>",
            "  {% endwith %}",
        ]
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.write_text(template(), encoding="utf-8")
    print(f"Wrote {OUT}")
