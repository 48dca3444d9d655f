"""Loading and validating the content tree."""

from .loader import load_project
from .model import LoadedSource, Project

__all__ = ["load_project", "Project", "LoadedSource"]
