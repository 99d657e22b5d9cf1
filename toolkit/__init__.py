"""sanctions-toolkit: cited data, readers of official files and plots for the sanctions on Russia."""

__version__ = "0.1.0"

from toolkit.registry import list_datasets, load  # noqa: E402  (light: pandas is deferred)

__all__ = ["list_datasets", "load", "__version__"]
