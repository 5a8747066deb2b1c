"""analytix-desktop: build YouTube Analytics reports point-and-click."""

__version__ = "0.1.0"
__all__ = ["__version__"]
