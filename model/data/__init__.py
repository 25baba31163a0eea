"""Datasets: the loader (:mod:`emisim.model.data.dataset`) and the embedded Chongqing tables.

``from emisim.model.data import load_dataset`` is the public way in.
"""

from emisim.model.data.dataset import Dataset, embedded_path, load_dataset

__all__ = ["Dataset", "embedded_path", "load_dataset"]
