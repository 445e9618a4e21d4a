"""Strings from Django and its packages that their own catalogues do not translate into Dutch yet.

makemessages only collects strings it finds in our code, so they are named here once; the
translation in ``conference/locale`` then wins over the package's missing one (our catalogues
come before Django's own).
"""

from django.utils.translation import gettext_noop

PACKAGE_STRINGS = [
    gettext_noop("- Select an option -"),  # Django 6.1's empty choice in select fields (BLANK_CHOICE_LABEL)
]
