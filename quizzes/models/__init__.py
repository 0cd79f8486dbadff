from .article import Paragraph, Sentence
from .bank import Question

__all__ = ["Paragraph", "Question", "Sentence"]
