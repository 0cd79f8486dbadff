from .accounts import Profile
from .article import Paragraph, Sentence
from .attempts import Attempt, AttemptItem, ReviewCard
from .bank import Question
from .sets import QuestionSet, SetPool, SetQuestion

__all__ = [
    "Attempt",
    "AttemptItem",
    "Paragraph",
    "Profile",
    "Question",
    "QuestionSet",
    "ReviewCard",
    "Sentence",
    "SetPool",
    "SetQuestion",
]
