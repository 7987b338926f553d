"""办件: the case register (search a million cases, open one) and the view of one case."""

from hallapp.ui.register.case_table_model import CASE_ID_ROLE, STATE_ROLE, CaseTableModel
from hallapp.ui.register.case_view import CaseView
from hallapp.ui.register.register_view import RegisterView

__all__ = ["CASE_ID_ROLE", "STATE_ROLE", "CaseTableModel", "CaseView", "RegisterView"]
