import json
import logging

from conference.security_log import log_security_event
from tests.factories import UserFactory


def test_a_security_event_is_one_json_line_with_identifiers_only(db, caplog):
    user = UserFactory(email="iemand@example.org")
    with caplog.at_level(logging.INFO, logger="portal.security"):
        written = log_security_event("login_failed", user=user, ip="203.0.113.9", reason=None)
    [record] = [r for r in caplog.records if r.name == "portal.security"]
    line = json.loads(record.getMessage())
    assert line == written
    assert line["event"] == "login_failed" and line["user_id"] == user.pk and line["ip"] == "203.0.113.9"
    assert "reason" not in line  # empty fields are left out
    assert "iemand@example.org" not in record.getMessage()
