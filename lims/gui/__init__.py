"""The desktop GUI (PySide6). It talks to lims.services only, through a task runner."""
