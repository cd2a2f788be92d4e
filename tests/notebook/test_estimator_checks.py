"""scikit-learn's own estimator checks on PlaygroundClassifier.

The engine trains on 2D points (x1, x2): a check that feeds X with another number of columns cannot apply,
and is declared an expected failure through scikit-learn's `expected_failed_checks`, with that reason. The
expected failures are strict: a check listed here that starts passing fails this file (remove it then).
The array API check is not applicable either (see the test). The same properties are checked on 2-column
data in test_estimator.py (pickling, sample order, subsets, NaN refused, dtypes, pipelines).
"""

from __future__ import annotations

import unittest

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from playground.estimator import PlaygroundClassifier

TWO_COLUMNS = "the engine trains on 2D points (x1, x2); this check's X has {} columns"

EXPECTED_FAILED = {
    "check_fit_score_takes_y": TWO_COLUMNS.format(3),
    "check_dont_overwrite_parameters": TWO_COLUMNS.format(3),
    "check_n_features_in_after_fitting": TWO_COLUMNS.format(4),
    "check_positive_only_tag_during_fit": TWO_COLUMNS.format("iris' 4"),
    "check_estimators_dtypes": TWO_COLUMNS.format(5),
    "check_dtype_object": TWO_COLUMNS.format(10),
    "check_pipeline_consistency": TWO_COLUMNS.format(3),
    "check_estimators_nan_inf": TWO_COLUMNS.format(3),
    "check_estimators_pickle": TWO_COLUMNS.format(3),
    "check_f_contiguous_array_estimator": TWO_COLUMNS.format(3),
    "check_supervised_y_2d": TWO_COLUMNS.format(3),
    "check_methods_sample_order_invariance": TWO_COLUMNS.format(3),
    "check_methods_subset_invariance": TWO_COLUMNS.format(3),
    "check_dict_unchanged": TWO_COLUMNS.format(3),
    "check_fit2d_predict1d": TWO_COLUMNS.format(3),
}


def expected_failed_checks(estimator) -> dict[str, str]:
    return EXPECTED_FAILED


@parametrize_with_checks(
    [PlaygroundClassifier(epochs=20)], expected_failed_checks=expected_failed_checks, xfail_strict=True
)
def test_sklearn_estimator_checks(estimator, check):
    name = getattr(check, "func", check).__name__
    try:
        check(estimator)
    except unittest.SkipTest as e:
        # scikit-learn skips a check that cannot run here; a skip must not pass silently: only the array
        # API check may skip (it needs SCIPY_ARRAY_API=1 and array-api-strict; the engine is NumPy only),
        # and it is reported as an expected failure, not a pass.
        if name != "check_array_api_input":
            raise AssertionError(f"{name} skipped: {e}") from None
        pytest.xfail(f"not applicable: the engine is NumPy only ({e})")
