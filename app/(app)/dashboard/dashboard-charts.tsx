"use client";
// Tremor components of the executive dashboard (client-side: Tremor and Recharts need the browser).
import { AreaChart, BadgeDelta, BarChart, Card, Metric, SparkAreaChart, Text } from "@tremor/react";

export type CardData = {
  name: string;
  title: string;
  value: string;
  previous: string;
  deltaPercent: number | null;
  /** Higher is better for this KPI (drives the delta colour). */
  higherIsBetter: boolean;
  spark: { period: string; value: number }[];
  href: string;
  selected: boolean;
};

function deltaType(delta: number, higherIsBetter: boolean) {
  if (Math.abs(delta) < 0.05) return "unchanged" as const;
  const better = delta > 0 === higherIsBetter;
  return delta > 0 ? (better ? "increase" as const : "moderateIncrease" as const) : (better ? "moderateDecrease" as const : "decrease" as const);
}

export function KpiCards({ cards }: { cards: CardData[] }) {
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
      {cards.map((card) => (
        <a key={card.name} href={card.href} data-kpi={card.name} className="block no-underline hover:no-underline" aria-current={card.selected ? "true" : undefined}>
          <Card className={card.selected ? "ring-2 ring-blue-500" : ""} decoration="top" decorationColor={card.selected ? "blue" : "gray"}>
            <div className="flex items-start justify-between">
              <Text>{card.title}</Text>
              {card.deltaPercent !== null && <BadgeDelta deltaType={deltaType(card.deltaPercent, card.higherIsBetter)} size="xs">{card.deltaPercent.toFixed(1)}%</BadgeDelta>}
            </div>
            <Metric>{card.value}</Metric>
            <Text>previous period: {card.previous}</Text>
            {card.spark.length > 1 && <SparkAreaChart data={card.spark} index="period" categories={["value"]} colors={["blue"]} className="mt-2 h-8 w-full" />}
          </Card>
        </a>
      ))}
    </div>
  );
}

export function TrendChart({ title, data, categories, kind }: { title: string; data: Record<string, string | number>[]; categories: string[]; kind: "area" | "bar" }) {
  return (
    <Card>
      <Text>{title}</Text>
      {kind === "area"
        ? <AreaChart className="mt-2 h-64" data={data} index="period" categories={categories} colors={["blue", "emerald", "amber", "rose", "violet"]} />
        : <BarChart className="mt-2 h-64" data={data} index="group" categories={categories} colors={["blue", "emerald", "amber"]} />}
    </Card>
  );
}
