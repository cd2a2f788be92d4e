"""The package list only; everything else is in pyproject.toml.

find_packages cannot see the two data packages (they are the repo's frontend/ and shared/, mapped into
playground/_data by pyproject's package-dir), so they are named here beside every code package.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages("backend"), "playground._data.frontend", "playground._data.shared"])
