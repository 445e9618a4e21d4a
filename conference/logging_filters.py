"""Log filters the portal's ``LOGGING`` uses."""

import copy
import logging


class ClientErrorWithoutTraceback(logging.Filter):
    """A 4xx answer (403 Permission denied, 400 bad request) is logged as one line, without a traceback.

    Django logs these on ``django.request`` and ``django.security.*`` with the exception attached; the
    traceback tells an operator nothing (the request was refused on purpose) and buries real errors.
    5xx records keep their traceback. Returns a copy, so other handlers' records stay as they were.
    """

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if record.exc_info and isinstance(status, int) and 400 <= status < 500:
            record = copy.copy(record)
            record.exc_info = None
            record.exc_text = None
            return record
        return True
