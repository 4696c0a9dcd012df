// Colours shared by the charts (explicit values, so server-rendered SVG prints the same as in the browser).
export const C = {
  school: '#1f5fa8',
  median: '#555555',
  band: '#b9c6d6',
  ci: '#1f5fa8',
  muted: '#9a9a9a',
  lowered: '#d9822b',
  confirmed: '#8fb996',
  raised: '#4a7fc1',
  cut: '#b3261e',
  good: '#2e7d32',
  bad: '#c62828',
} as const;

/** California-School-Dashboard-like performance colours, from «red» (1) to «blue» (5). */
export const GRID_COLORS = ['#d7301f', '#f08a24', '#f2c94c', '#5aae61', '#2b83ba'] as const;
export const GRID_COLOR_NAMES = ['красный', 'оранжевый', 'жёлтый', 'зелёный', 'синий'] as const;
