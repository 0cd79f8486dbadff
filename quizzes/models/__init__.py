from .accounts import Profile, RateCounter, TeacherInvitation
from .article import Paragraph, Sentence
from .attempts import Attempt, AttemptItem, ReviewCard
from .bank import Question
from .cards import SigninCard
from .classrooms import Assignment, AssignmentResult, Classroom, Extension, Membership
from .live import Game, GameAnswer, Player
from .live_results import GameResults
from .sets import QuestionSet, SetPool, SetQuestion

__all__ = [
    "Assignment",
    "AssignmentResult",
    "Classroom",
    "Extension",
    "Game",
    "GameAnswer",
    "GameResults",
    "Membership",
    "Attempt",
    "AttemptItem",
    "Paragraph",
    "Player",
    "Profile",
    "Question",
    "QuestionSet",
    "RateCounter",
    "ReviewCard",
    "Sentence",
    "SetPool",
    "SetQuestion",
    "SigninCard",
    "TeacherInvitation",
]
