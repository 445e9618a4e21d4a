#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A settings mistake (say, no SECRET_KEY in production) reads better as one line than a traceback.
        sys.exit(f"Configuration error: {error}")


if __name__ == "__main__":
    main()
