"""PySide6 user interface. Widgets call services only; they never touch the database."""
