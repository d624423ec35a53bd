"""yamlbook: load, validate and render YAML records for a documentation site.

Plain Python; nothing here imports MkDocs, so the same code can serve another site generator.
"""

from .dataset import Dataset, load_dataset
from .problems import DataError, Problem

__all__ = ["DataError", "Dataset", "Problem", "load_dataset"]
