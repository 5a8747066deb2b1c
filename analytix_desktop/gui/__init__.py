"""The PySide6 desktop application: windows, docks, models and background tasks."""
