// Tailwind (for the Tremor dashboard components) and vendor prefixes.
export default { plugins: { tailwindcss: {}, autoprefixer: {} } };
