// Presentation pieces of the planner workbench: notices, number formatting and the history/forecast
// chart (server-rendered SVG: weekly demand bars, the forecast line and its interval band).
import type { DemandHistoryPeriod, ForecastPeriod } from "../../../../core/purchasing";

export function figure(value: number | string | null | undefined, digits = 2): string {
  const number = typeof value === "string" ? Number(value) : value;
  return number === undefined || number === null || !Number.isFinite(number) ? "n/a" : number.toFixed(digits);
}

export function Notice({ notice, error }: { notice?: string; error?: string }) {
  if (error) return <p className="notice error" role="alert">{error}</p>;
  if (notice) return <p className="notice" role="status">{notice}</p>;
  return null;
}

const WIDTH = 760;
const HEIGHT = 220;
const PAD = 28;

export function ForecastChart({ history, forecast }: { history: DemandHistoryPeriod[]; forecast: ForecastPeriod[] }) {
  const periods = history.length + forecast.length;
  if (periods === 0) return null;
  const values = [...history.map((h) => Number(h.qty)), ...forecast.map((f) => Number(f.qtyHigh))];
  const top = Math.max(1, ...values);
  const step = (WIDTH - 2 * PAD) / periods;
  const y = (value: number) => HEIGHT - PAD - ((HEIGHT - 2 * PAD) * value) / top;
  const x = (index: number) => PAD + step * index + step / 2;
  const offset = history.length;
  const band = [...forecast.map((f, i) => `${x(offset + i)},${y(Number(f.qtyHigh))}`), ...forecast.map((f, i) => `${x(offset + i)},${y(Number(f.qtyLow))}`).reverse()].join(" ");
  const line = (key: "qty" | "qtyMean") => forecast.map((f, i) => `${x(offset + i)},${y(Number(f[key]))}`).join(" ");
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label="Weekly demand history and forecast" data-testid="forecast-chart">
      <line x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} stroke="#999" />
      {history.map((h, i) => (
        <rect key={h.periodStart} x={x(i) - step * 0.4} width={step * 0.8} y={y(Number(h.qty))} height={HEIGHT - PAD - y(Number(h.qty))} fill="#8aa4c8">
          <title>{`${h.periodStart}: ${h.qty}`}</title>
        </rect>
      ))}
      {forecast.length > 0 ? <polygon points={band} fill="#f3c98b" opacity={0.5} /> : null}
      {forecast.length > 0 ? <polyline points={line("qtyMean")} fill="none" stroke="#c0392b" strokeWidth={2} /> : null}
      {forecast.length > 0 ? <polyline points={line("qty")} fill="none" stroke="#555" strokeDasharray="4 3" /> : null}
      <text x={PAD} y={14} fontSize={11}>max {figure(top, 0)} / week; bars: ordered; band: interval; red: expected; dashed: median</text>
    </svg>
  );
}
