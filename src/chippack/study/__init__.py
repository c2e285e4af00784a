"""Parametric studies: vary a design, run the variants anywhere, keep every row.

A study file (:mod:`.file`) names a base design (:mod:`.base`), parameters
(:mod:`.parameters`), a design of experiments (:mod:`.doe`), outputs (:mod:`.outputs`),
and optionally an optimisation (:mod:`.optimise`, Optuna) and a sensitivity analysis
(:mod:`.sensitivity`, SALib). :func:`run_study` (:mod:`.runner`) runs the variants on an
executor (:mod:`.executors`: process pool or Dask), each through the one evaluation
function :func:`~chippack.study.evaluate.evaluate_variant`, and writes one row per
variant to ``results.parquet`` (:mod:`.store`), keyed by content (:mod:`.keys`) so a
re-run resumes. :func:`~chippack.study.report.write_study_report` draws the page.
"""

from chippack.study.executors import DaskExecutor, InlineExecutor, ProcessExecutor, make_executor
from chippack.study.plan import Study, load_study, study_from_mapping
from chippack.study.runner import StudyOutcome, run_study
from chippack.study.store import read_results

__all__ = ["DaskExecutor", "InlineExecutor", "ProcessExecutor", "Study", "StudyOutcome",
           "load_study", "make_executor", "read_results", "run_study", "study_from_mapping"]
