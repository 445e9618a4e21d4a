from .audit import AuditEntry
from .base import PeersManager, PeersQuerySet
from .editions import Edition
from .evaluations import Evaluation, EvaluationAnswer, EvaluationQuestion, EvaluationResponse
from .organisations import Membership, Organisation
from .outbox import OutgoingEmail
from .privacy import LoginSession, Statement
from .programme import Registration, Session, SessionChoice, SessionHost
from .recaps import Recap, RecapSection
from .search import SearchDocument
from .site import Organiser, SiteSettings
from .tabletalks import Outcome, TableSheetPhoto, TableTalk
from .users import User

__all__ = [
    "AuditEntry",
    "Edition",
    "Evaluation",
    "EvaluationAnswer",
    "EvaluationQuestion",
    "EvaluationResponse",
    "LoginSession",
    "Membership",
    "Organisation",
    "Organiser",
    "Outcome",
    "OutgoingEmail",
    "PeersManager",
    "PeersQuerySet",
    "Recap",
    "RecapSection",
    "Registration",
    "SearchDocument",
    "Session",
    "SessionChoice",
    "SessionHost",
    "SiteSettings",
    "Statement",
    "TableSheetPhoto",
    "TableTalk",
    "User",
]
