// Tailwind for the Tremor components of the executive dashboard. Preflight is off so the rest of
// Keel keeps its own look (app/globals.css); utilities are generated only for the dashboard and Tremor.
import type { Config } from "tailwindcss";
import colors from "tailwindcss/colors";

const CHART_COLORS = "blue|emerald|amber|rose|violet|cyan|gray|slate|indigo|teal";

const config: Config = {
  content: ["./app/(app)/dashboard/**/*.{ts,tsx}", "./node_modules/@tremor/**/*.{js,ts,jsx,tsx}"],
  corePlugins: { preflight: false },
  theme: {
    extend: {
      colors: {
        tremor: {
          brand: { faint: colors.blue[50], muted: colors.blue[200], subtle: colors.blue[400], DEFAULT: colors.blue[600], emphasis: colors.blue[700], inverted: colors.white },
          background: { muted: colors.gray[50], subtle: colors.gray[100], DEFAULT: colors.white, emphasis: colors.gray[700] },
          border: { DEFAULT: colors.gray[200] },
          ring: { DEFAULT: colors.gray[200] },
          content: { subtle: colors.gray[400], DEFAULT: colors.gray[500], emphasis: colors.gray[700], strong: colors.gray[900], inverted: colors.white },
        },
      },
      boxShadow: {
        "tremor-input": "0 1px 2px 0 rgb(0 0 0 / 0.05)",
        "tremor-card": "0 1px 3px 0 rgb(0 0 0 / 0.1), 0 1px 2px -1px rgb(0 0 0 / 0.1)",
        "tremor-dropdown": "0 4px 6px -1px rgb(0 0 0 / 0.1), 0 2px 4px -2px rgb(0 0 0 / 0.1)",
      },
      borderRadius: { "tremor-small": "0.375rem", "tremor-default": "0.5rem", "tremor-full": "9999px" },
      fontSize: {
        "tremor-label": ["0.75rem", { lineHeight: "1rem" }],
        "tremor-default": ["0.875rem", { lineHeight: "1.25rem" }],
        "tremor-title": ["1.125rem", { lineHeight: "1.75rem" }],
        "tremor-metric": ["1.5rem", { lineHeight: "2rem" }],
      },
    },
  },
  // Chart colours are chosen at run time, so the scanner cannot see them.
  safelist: [
    { pattern: new RegExp(`^(bg|text|border|ring|stroke|fill)-(?:${CHART_COLORS})-(?:50|100|200|300|400|500|600|700|800|900|950)$`), variants: ["hover", "ui-selected"] },
  ],
};

export default config;
