// What the risk pages say about the model behind the scores: the registry version that scored the
// latest run, its AUC and Brier score on held-out history against the base rate, and its calibration
// (predicted against observed by bin), so a reader can judge how far to trust a probability.
import type { RiskReason, RiskRun } from "../../../../core/sales/risk";

const fixed = (value: number | null, digits = 3) => (value === null ? "not recorded" : value.toFixed(digits));
export const percent = (share: number) => `${Math.round(share * 100)}%`;

export function ModelFigures({ run }: { run: RiskRun }) {
  const e = run.evaluation;
  const bins = e.calibration.filter((bin) => bin.count > 0);
  return (
    <section className="panel" data-testid="model-figures">
      <p>
        Scored <strong>{run.scoredAt.toISOString().slice(0, 16).replace("T", " ")} UTC</strong> as of {run.asOf} by{" "}
        <strong data-testid="model-version">{run.modelName} v{run.modelVersion}</strong>: {run.scoreCount} scored.
      </p>
      <p data-testid="model-evaluation">
        Held-out history ({e.testRows ?? "?"} cases): AUC <strong>{fixed(e.auc)}</strong>, Brier score {fixed(e.brier, 4)} against{" "}
        {fixed(e.baseRateBrier, 4)} for the base rate, calibration error {fixed(e.expectedCalibrationError, 3)}.
      </p>
      {bins.length > 0 && (
        <table className="data compact" data-testid="calibration">
          <thead><tr><th>Predicted</th><th className="num">Cases</th><th className="num">Mean predicted</th><th className="num">Observed</th></tr></thead>
          <tbody>{bins.map((bin, index) => (
            <tr key={index}>
              <td>{bin.from !== undefined && bin.to !== undefined ? `${percent(bin.from)}–${percent(bin.to)}` : `bin ${index + 1}`}</td>
              <td className="num">{bin.count}</td><td className="num">{percent(bin.meanPredicted)}</td><td className="num">{percent(bin.observedRate)}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}

/** The reasons of one score, in words, largest push first. */
export function Reasons({ reasons }: { reasons: RiskReason[] }) {
  if (reasons.length === 0) return <span className="muted">no single factor stands out</span>;
  return <ul className="reasons" data-testid="reasons">{reasons.map((r) => <li key={r.feature}>{r.text ?? `${r.feature}: ${r.value}`}</li>)}</ul>;
}
