"""回访整改 and 效能投诉: the supervisor's follow-ups of bad ratings (follow_ups_view) and
the efficiency complaints (complaints_view), each a tab of the 统计 area.

Nothing is imported here, so that loading one view does not load the other.
"""
