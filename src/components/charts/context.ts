/**
 * What a chart frame shares with the marks drawn inside it (LayerCake's pattern): the scales, the size,
 * the plot area, and the tooltip. The frame sets it; AxisX, Histogram, Rules, … read it. Properties are
 * getters over the frame's $derived values, so marks re-render when the width or a domain changes.
 */
import { createContext } from 'svelte';
import type { ContinuousScale } from '../../lib/present/charts/scales';

export interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface TooltipRow {
  label: string;
  value: string;
  color?: string;
}

export interface TooltipContent {
  title: string;
  rows: TooltipRow[];
  /** Pixel position inside the chart (the tooltip is placed beside it). */
  x: number;
  y: number;
}

export interface ChartContext {
  readonly x: ContinuousScale;
  readonly y: ContinuousScale;
  readonly width: number;
  readonly height: number;
  readonly plot: PlotArea;
  /** Id of a clipPath around the plot area: marks use it so data outside the domain never spills out. */
  readonly clipId: string;
  showTooltip(content: TooltipContent | null): void;
}

export const [getChart, setChart] = createContext<ChartContext>();
