"""好差评评价器: the applicant-facing evaluation screen and the clerk's side of it."""

from hallapp.ui.evaluation.desk import EvaluationDesk, applicant_screen, desk_for
from hallapp.ui.evaluation.screen import EvaluationScreen
from hallapp.ui.evaluation.shortcut import install_evaluation_shortcut

__all__ = [
    "EvaluationDesk",
    "EvaluationScreen",
    "applicant_screen",
    "desk_for",
    "install_evaluation_shortcut",
]
