"""Server-side SVG bar chart for the dashboard: adoptions per platform (or field) and stage. No JS library."""

from programs.models import CoiNextField

PALETTE = ["#1f6feb", "#e8590c", "#2f9e44", "#9c36b5", "#c92a2a", "#0b7285"]
_FIELD_LABELS = {f.value: str(f.label) for f in CoiNextField}


def adoption_chart(rows: list[dict], *, bar_width: int = 18, height: int = 220) -> dict:
    """Geometry of a grouped bar chart (accepted applications), summed over fiscal years.

    Groups are platforms (COI-NEXT rows have no platform: their field is the group);
    one bar per stage in each group.
    """
    groups: dict[str, dict[str, int]] = {}
    stages: dict[str, str] = {}
    for row in rows:
        label = row.get("platform_name") or _FIELD_LABELS.get(row.get("field") or "", "") or row.get("program_name")
        stages.setdefault(row["stage"], row.get("stage_name") or row["stage"])
        bucket = groups.setdefault(label, {})  # only the stages this group has rows for
        bucket[row["stage"]] = bucket.get(row["stage"], 0) + int(row.get("accepted") or 0)
    colors = {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(stages)}
    peak = max((v for g in groups.values() for v in g.values()), default=0) or 1
    top, bottom, left = 20, 60, 40
    plot = height - top - bottom
    bars, labels = [], []
    x = left + 10
    for label, values in groups.items():
        start = x
        for code in stages:
            if code not in values:
                continue
            value = values[code]
            h = round(plot * value / peak)
            bars.append(
                {
                    "x": x,
                    "y": top + plot - h,
                    "w": bar_width,
                    "h": h,
                    "value": value,
                    "color": colors[code],
                    "title": f"{label} {stages[code]}: {value}",
                    "label_x": x + bar_width / 2,
                    "label_y": top + plot - h - 3,
                }
            )
            x += bar_width + 2
        labels.append({"x": (start + x) / 2, "y": top + plot + 16, "text": label})
        x += 14
    legend = [{"text": name, "color": colors[code]} for code, name in stages.items()]
    return {
        "width": max(x + 10, 300),
        "height": height,
        "bars": bars,
        "labels": labels,
        "legend": legend,
        "axis_y": top + plot,
        "peak": peak,
        "top": top,
        "left": left,
    }
