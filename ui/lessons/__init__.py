"""Lesson views: each turns one teaching point of the notes into a tab of the main window."""

from ui.lessons.activation_explorer import ActivationExplorer
from ui.lessons.collapse_view import CollapseView
from ui.lessons.learning_rate_view import LearningRateView
from ui.lessons.paths_view import PathsView
from ui.lessons.vanishing_view import VanishingView

__all__ = ["ActivationExplorer", "CollapseView", "LearningRateView", "PathsView", "VanishingView"]
