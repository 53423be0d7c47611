// asciichart ships no type declarations; these cover what chart.ts uses.
declare module 'asciichart' {
  interface PlotConfig {
    height?: number;
    min?: number;
    max?: number;
    offset?: number;
    padding?: string;
    colors?: string[];
    format?: (x: number, i: number) => string;
  }
  const asciichart: {
    plot(series: number[] | number[][], config?: PlotConfig): string;
    default: string;
    cyan: string;
    reset: string;
  };
  export default asciichart;
}
