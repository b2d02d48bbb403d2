"""``kam churn``: churn models and the early-warning run.

  kam churn train --data FILE --id COLUMN --label COLUMN [--positive VALUE] [--activate]
                  [--user USERNAME]
  kam churn evaluate --data FILE --id COLUMN --label COLUMN [--positive VALUE]
                     [--test-size 0.2] [--seed N] --json
  kam churn score --data FILE --id COLUMN [--version N] --out FILE
  kam churn train-history [--test-months 2] [--no-activate] [--user USERNAME]
  kam churn activate VERSION [--user USERNAME]
  kam churn models
  kam churn run            (the nightly run now: anomalies, scores, alerts)

``kam risk`` belongs to the insider-risk tools of the security app, so these live under
``kam churn``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kamdesk.core.errors import ValidationFailed


def _data_args(parser: CommandParser, *, label: bool = True) -> None:
    parser.add_argument("--data", required=True, help="CSV or Parquet, one row per customer.")
    parser.add_argument("--id", dest="id_column", required=True, help="Identifier column.")
    if label:
        parser.add_argument("--label", required=True, help="Churn label column.")
        parser.add_argument("--positive", help="The label value meaning churned.")


def _user_arg(parser: CommandParser) -> None:
    parser.add_argument(
        "--user", help="Username recorded as who trained or activated (default: none)."
    )


def _actor(options: dict[str, Any]) -> Any:
    """The staff user named by ``--user`` (recorded on the version and in the audit)."""
    from kamdesk.users.models import User

    name = options.get("user")
    if not name:
        return None
    user = User.objects.filter(username=name, is_active=True).first()
    if user is None:
        raise CommandError(f"--user: no active user {name!r}")
    return user


class Command(BaseCommand):
    help = "Churn models and the early-warning run (see the module docstring)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="step", required=True)
        train = sub.add_parser("train", help="Train on an operator's file and store a version.")
        _data_args(train)
        train.add_argument("--activate", action="store_true")
        train.add_argument("--seed", type=int, default=7)
        _user_arg(train)
        evaluate = sub.add_parser("evaluate", help="Held-out evaluation of a file.")
        _data_args(evaluate)
        evaluate.add_argument("--test-size", type=float, default=0.2)
        evaluate.add_argument("--seed", type=int, default=7)
        evaluate.add_argument("--json", action="store_true")
        score = sub.add_parser("score", help="Probabilities and reasons for a file.")
        _data_args(score, label=False)
        score.add_argument("--version", type=int, help="Model version (default: the active one).")
        score.add_argument("--out", required=True)
        history = sub.add_parser("train-history", help="Train on the usage history.")
        history.add_argument("--test-months", type=int, default=2)
        history.add_argument("--no-activate", action="store_true")
        _user_arg(history)
        activate = sub.add_parser("activate", help="Make a version the active model.")
        activate.add_argument("version", type=int)
        _user_arg(activate)
        sub.add_parser("models", help="List the model versions.")
        sub.add_parser("run", help="The nightly early-warning run, now.")

    def handle(self, *args: Any, **options: Any) -> None:
        step = options["step"].replace("-", "_")
        try:
            getattr(self, f"_{step}")(options)
        except ValidationFailed as exc:
            raise CommandError(str(exc)) from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    def _prepared(self, options: dict[str, Any], *, label: bool = True):  # type: ignore[no-untyped-def]
        from kamdesk.risk.tabular import table_prepare, table_read

        data = table_read(options["data"])
        return table_prepare(
            data,
            id_column=options["id_column"],
            label_column=options["label"] if label else None,
            positive=options.get("positive"),
        )

    def _evaluate(self, options: dict[str, Any]) -> None:
        from kamdesk.risk.churn import churn_evaluate

        if not 0 < options["test_size"] < 1:
            raise CommandError("--test-size must be between 0 and 1")
        prepared = self._prepared(options)
        result = churn_evaluate(
            prepared.frame, prepared.y, test_size=options["test_size"], seed=options["seed"]
        )
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")
        for column, why in prepared.dropped.items():
            self.stdout.write(f"dropped {column}: {why}")

    def _train(self, options: dict[str, Any]) -> None:
        from kamdesk.risk.churn import churn_evaluate, churn_fit
        from kamdesk.risk.services.modelling import model_store

        actor = _actor(options)  # checked before the training, not after it
        prepared = self._prepared(options)
        metrics: dict[str, Any] = dict(
            churn_evaluate(prepared.frame, prepared.y, seed=options["seed"])
        )
        metrics["leakage_alarm"] = bool(metrics["auc"] > 0.95)
        metrics["dropped"] = prepared.dropped
        model = churn_fit(prepared.frame, prepared.y, seed=options["seed"])
        row = model_store(
            model=model,
            actor=actor,
            source=f"file:{Path(options['data']).name}",
            metrics=metrics,
            activate=options["activate"],
        )
        for column, why in prepared.dropped.items():
            self.stdout.write(f"dropped {column}: {why}")
        if metrics["leakage_alarm"]:
            self.stderr.write(f"AUC {metrics['auc']} above 0.95: check the file for leakage")
        self.stdout.write(
            f"model v{row.version}: auc {metrics['auc']} baseline {metrics['baseline_auc']}"
        )

    def _score(self, options: dict[str, Any]) -> None:
        import pandas as pd

        from kamdesk.risk.churn import ChurnModel
        from kamdesk.risk.models import ChurnModelVersion

        rows = ChurnModelVersion.objects.all()
        row = (
            rows.filter(version=options["version"]).first()
            if options["version"]
            else rows.filter(is_active=True).first()
        )
        if row is None:
            raise CommandError("no such model version (and no active one)")
        model = ChurnModel.loads(bytes(row.blob))
        prepared = self._prepared(options, label=False)
        missing = [f for f in model.features if f not in prepared.frame.columns]
        if len(missing) == len(model.features):
            raise CommandError(
                f"--data: none of model v{row.version}'s columns is in the file "
                f"(it needs {', '.join(model.features[:8])}…)"
            )
        for name in missing:
            self.stderr.write(f"column {name}: not in the file, scored as missing")
        p = model.predict(prepared.frame)
        out = pd.DataFrame(
            {"id": prepared.ids.to_numpy(), "probability": p.round(4), "reasons": ""}
        )
        flagged = p >= row.threshold
        if flagged.any():
            reasons = model.explain(prepared.frame[flagged])
            out.loc[flagged, "reasons"] = [
                "; ".join(f"{r.feature}={r.value}" for r in rs) for rs in reasons
            ]
        out.to_csv(options["out"], index=False, encoding="utf-8-sig")
        self.stdout.write(
            f"{len(out)} rows scored, {int(flagged.sum())} flagged → {options['out']}"
        )

    def _train_history(self, options: dict[str, Any]) -> None:
        from kamdesk.risk.services.modelling import model_train_history

        row = model_train_history(
            actor=_actor(options),
            test_months=options["test_months"],
            activate=not options["no_activate"],
        )
        m = row.metrics
        self.stdout.write(
            f"model v{row.version}: auc {m['auc']:.3f} (baseline {m['baseline_auc']:.3f}), "
            f"precision@{m['capacity']} {m['manager_precision_at_capacity']:.2f}, "
            f"recall@{m['capacity']} {m['manager_recall_at_capacity']:.2f} per manager"
        )

    def _activate(self, options: dict[str, Any]) -> None:
        from kamdesk.risk.models import ChurnModelVersion
        from kamdesk.risk.services.modelling import model_activate

        row = ChurnModelVersion.objects.filter(version=options["version"]).first()
        if row is None:
            raise CommandError(f"no model version {options['version']}")
        model_activate(version=row, actor=_actor(options))
        self.stdout.write(f"model v{row.version} is active")

    def _models(self, options: dict[str, Any]) -> None:
        from kamdesk.risk.models import ChurnModelVersion

        for row in ChurnModelVersion.objects.defer("blob"):
            flag = "*" if row.is_active else " "
            self.stdout.write(
                f"{flag} v{row.version} {row.source} auc={row.metrics.get('auc')} {row.trained_at:%Y-%m-%d}"  # noqa: E501
            )

    def _run(self, options: dict[str, Any]) -> None:
        from kamdesk.risk.services.detect import risk_nightly

        self.stdout.write(json.dumps(risk_nightly().as_dict(), ensure_ascii=False))
