"""期限: the deadline monitor (monitor_view), the status bar's figure (status_label), the
day timer (day_timer), the start-of-day reminder (morning_dialog) and what keeps them
current in the window (watch).

Nothing is imported here: the main window takes the status label before the database
layer is loaded, and importing the package must not load it.
"""
