"""Load, validate and analyse a partnership evidence data package (Frictionless, CSV).

The package knows nothing about any particular partnership: all facts live in data/.
"""
from partnership.load import DataPackageError, EvidencePackage, load_package
from partnership.validate import Problem, validate_package

__all__ = ["DataPackageError", "EvidencePackage", "Problem", "load_package", "validate_package"]
