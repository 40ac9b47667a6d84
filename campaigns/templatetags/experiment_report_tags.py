"""How the experiment report writes its numbers, in the page, its sentences and nowhere else."""

from django import template

register = template.Library()


@register.filter
def percent(value: float | None, signed: bool = False) -> str:
    """A rate or uplift as a percentage: one decimal, or none for uplifts of 10% and more (+166%, not +166.4%)."""
    if value is None:
        return "–"
    if signed and abs(value) >= 0.1:
        return f"{value * 100:+.0f}%"
    return f"{value * 100:{'+' if signed else ''}.1f}%"


@register.filter
def signed_percent(value: float | None) -> str:
    return percent(value, signed=True)


@register.filter
def p_value(p: float) -> str:
    return "p < 0.0001" if p < 0.0001 else f"p = {p:.4f}"
