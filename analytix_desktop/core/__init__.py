"""Qt-free parts of the application shared by its front ends."""

from .tasks import Cancelled, Control, Progress, TaskContext, TaskFailure, detach

__all__ = ["Cancelled", "Control", "Progress", "TaskContext", "TaskFailure", "detach"]
