"""The login page's company sign-in button: ``{% staff_passwords_off as off %}``."""

from django import template

from editorial.company_sign_in.backends import staff_passwords_off as _staff_passwords_off

register = template.Library()


@register.simple_tag
def staff_passwords_off() -> bool:
    return _staff_passwords_off()
