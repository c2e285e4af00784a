"""Optimisation with Optuna: seeded samplers, trials asked in batches, told from the rows.

The sampler (TPE, Bergstra et al. 2011; NSGA-II, Deb et al. 2002; or random) is seeded
and the trials are asked in fixed-size batches, so the same study file asks the same
trials in the same order: a re-run finds each trial's variant already in the store
(same content key) and replays the optimisation without solving again. Constraints
``min <= output <= max`` go to the sampler as Optuna constraint values
(``Trial.set_constraint``, <= 0 feasible); a failed variant is told as a failed trial.
"""

from __future__ import annotations

import math
from typing import Any

from chippack.study.plan import Planned, Study, plan_variant


def optimisation_size(study: Study) -> int:
    return study.file.optimise.trials if study.file.optimise else 0


def _sampler(study: Study):
    import optuna

    opt = study.file.optimise
    assert opt is not None
    # constraints reach the samplers through Trial.set_constraint (Optuna >= 5)
    if opt.sampler == "random":
        return optuna.samplers.RandomSampler(seed=opt.seed)
    if opt.sampler == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=opt.seed)
    return optuna.samplers.TPESampler(seed=opt.seed, multivariate=True,
                                      n_startup_trials=min(10, opt.trials))


def _suggest(trial, study: Study) -> dict[str, Any]:
    values = {}
    for p in study.parameters:
        if p.values is not None:
            values[p.name] = trial.suggest_categorical(p.name, list(p.values))
        elif p.integer:
            values[p.name] = trial.suggest_int(p.name, math.ceil(p.low), math.floor(p.high))
        else:
            values[p.name] = trial.suggest_float(p.name, p.low, p.high)
    return values


def constraint_values(study: Study, row: dict[str, Any]) -> list[float]:
    """Optuna's constraint values of a row: > 0 by how much a bound is broken, else <= 0."""
    out = []
    for c in study.file.optimise.constraints:  # type: ignore[union-attr]
        v = row.get(c.output)
        v = float(v) if v is not None else math.inf
        excess = max((c.min - v) if c.min is not None else -math.inf,
                     (v - c.max) if c.max is not None else -math.inf)
        out.append(excess)
    return out


def feasible(study: Study, row: dict[str, Any]) -> bool:
    if row.get("status") != "ok":
        return False
    opt = study.file.optimise
    return not opt or not opt.constraints or all(c <= 0 for c in constraint_values(study, row))


def run_optimisation(study: Study, runner, start: int) -> dict[str, Any] | None:
    """Run the trials on ``runner``; return the best trial(s) (JSON-ready) or None."""
    import optuna

    opt = study.file.optimise
    if opt is None:
        return None
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    directions = [o.direction for o in opt.objectives]
    ostudy = optuna.create_study(directions=directions, sampler=_sampler(study))
    batch = opt.batch or max(1, runner.executor.workers)
    index = start
    trial_keys: list[str] = []
    while len(trial_keys) < opt.trials:
        n = min(batch, opt.trials - len(trial_keys))
        trials = [ostudy.ask() for _ in range(n)]
        planned: list[Planned] = []
        for t in trials:
            p = plan_variant(study, index, "optimise", _suggest(t, study))
            p.meta = {"trial": t.number}
            planned.append(p)
            index += 1
        rows = runner.run(planned)
        for t, p in zip(trials, planned, strict=True):
            row = rows[p.key]
            trial_keys.append(p.key)
            values = [row.get(o.output) for o in opt.objectives]
            if row.get("status") != "ok" or any(v is None for v in values):
                ostudy.tell(t, state=optuna.trial.TrialState.FAIL)
                continue
            for c, value in zip(opt.constraints, constraint_values(study, row), strict=True):
                t.set_constraint(c.output, value)
            ostudy.tell(t, [float(v) for v in values] if len(values) > 1 else float(values[0]))
    best = [{"trial": t.number, "values": t.values, "parameters": t.params}
            for t in ostudy.best_trials]
    return {"objectives": [o.model_dump() for o in opt.objectives], "best": best,
            "trials": len(trial_keys), "sampler": opt.sampler, "seed": opt.seed}
