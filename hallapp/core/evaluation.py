"""好差评: the applicant's rating of a case, on the five levels of the national scheme
(国办发〔2019〕51号), and what a bad rating sets in motion."""

from __future__ import annotations

from enum import StrEnum


class Rating(StrEnum):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    BASIC = "basic"
    DISSATISFIED = "dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied"

    @property
    def label(self) -> str:
        return _RATING_LABELS[self]

    @property
    def is_good(self) -> bool:
        """好评: 非常满意, 满意 and 基本满意 count as good in the scheme's 好评率."""
        return self in (Rating.VERY_SATISFIED, Rating.SATISFIED, Rating.BASIC)

    @property
    def needs_follow_up(self) -> bool:
        """不满意 or worse opens a 回访整改."""
        return not self.is_good


_RATING_LABELS = {
    Rating.VERY_SATISFIED: "非常满意",
    Rating.SATISFIED: "满意",
    Rating.BASIC: "基本满意",
    Rating.DISSATISFIED: "不满意",
    Rating.VERY_DISSATISFIED: "非常不满意",
}


class EvaluationChannel(StrEnum):
    SCREEN = "screen"  # the applicant presses a level on the counter's second screen
    PAPER = "paper"  # a paper form, entered later by the clerk
    PHONE = "phone"  # asked by phone after the case

    @property
    def label(self) -> str:
        return {
            EvaluationChannel.SCREEN: "窗口评价屏",
            EvaluationChannel.PAPER: "纸质评价表",
            EvaluationChannel.PHONE: "电话回访",
        }[self]


# A hall sets its own follow-up limit within the 5–15 working days local rules allow.
FOLLOW_UP_DAYS_DEFAULT = 5
FOLLOW_UP_DAYS_RANGE = (5, 15)


def satisfaction_rate(good: int, total: int) -> float | None:
    """满意率 (好评率): good ratings over all ratings; None when nobody rated."""
    return None if total == 0 else good / total
