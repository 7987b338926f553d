"""一窗受理: the intake screen (:class:`IntakeView`) and its panels."""

from hallapp.ui.intake.intake_view import IntakeView

__all__ = ["IntakeView"]
