import { describe, expect } from 'vitest';
import { casesOf, count, snapshotCases } from '../snapshot-cases';
import ChartCase from './fixtures/ChartCase.svelte';
import { mark } from './fixtures/chart-case-marks';
import AxisX from '../../../../src/components/charts/AxisX.svg.svelte';
import AxisY from '../../../../src/components/charts/AxisY.svg.svelte';
import BandLine from '../../../../src/components/charts/BandLine.svg.svelte';
import Brush from '../../../../src/components/charts/Brush.svg.svelte';
import Envelope from '../../../../src/components/charts/Envelope.svg.svelte';
import GroupedBars from '../../../../src/components/charts/GroupedBars.svg.svelte';
import Histogram from '../../../../src/components/charts/Histogram.svg.svelte';
import Rules from '../../../../src/components/charts/Rules.svg.svelte';
import { binsFromEdges } from '../../../../src/lib/present/charts/marks';
import { corpusColor, corpusDash } from '../../../../src/lib/present/charts/palette';

const unit = { x: { domain: [0, 1] }, y: { domain: [0, 0.4] } } as const;
const chart = casesOf(ChartCase, { title: '', ...unit, marks: [] });
const svg = { svg: 'chart-case' };
const edges = [0, 0.2, 0.4, 0.6, 0.8, 1];
const bins = binsFromEdges(edges, [0.4, 0.1, 0.05, 0.15, 0.3]);
const flat = binsFromEdges(edges, [0.2, 0.2, 0.2, 0.2, 0.2]);
const band = [
  { x: 0.1, y: 0.1, lo: 0.05, hi: 0.15 },
  { x: 0.5, y: 0.2, lo: 0.15, hi: 0.25 },
  { x: 0.9, y: 0.3, lo: 0.25, hi: 0.35 },
];
const spikes = Array.from({ length: 200 }, (_, i) => (i % 20 === 0 ? 500 : 1 + (i % 7)));
const shares = [
  { color: corpusColor(0), values: [0.5, 0.3, 0.15, 0.05] },
  { color: corpusColor(1), values: [0.6, 0.25, 0.1, 0.05] },
];
const categories = mark(AxisX, {
  values: [0.5, 1.5, 2.5, 3.5],
  format: (v: number) => ['≤10', '≤100', '≤1000', '>1000'][Math.floor(v)],
});
const quarters = { x: { domain: [0, 4], nice: false }, y: { domain: [0, 0.6] } } as const;

describe('chart primitives, each in its own small SVG (numbers rounded to 3 decimals)', () => {
  snapshotCases([
    chart({
      name: 'frame-empty',
      props: { title: 'A frame with no marks' },
      part: svg,
      check: (s) => expect(s).not.toContain('<g'),
    }),
    chart({
      name: 'axes-linear',
      props: {
        title: 'Linear axes, labelled',
        marks: [mark(AxisY, { label: 'share', format: '.0%' }), mark(AxisX, { label: 'p', count: 5 })],
      },
      part: svg,
      check: (s) => expect(s).toContain('>20%<'),
    }),
    chart({
      name: 'axes-log',
      props: {
        title: 'Log–log axes',
        x: { type: 'log', domain: [1, 200] },
        y: { type: 'log', domain: [1, 1000] },
        marks: [mark(AxisY, { label: 'frequency' }), mark(AxisX, { label: 'rank' })],
      },
      part: svg,
      check: (s) => {
        // y: labels at the decades 1, 10, 100, 1000; the 8 ticks between each pair are short and unlabelled.
        expect(count(s, /text-anchor="end" font-size="11"/g)).toBe(4);
        expect(count(s, /<line x1="59" x2="62"/g)).toBe(3 * 8);
      },
    }),
    chart({
      name: 'legend-wrapped',
      props: {
        title: 'A legend wrapping into a second row',
        width: 260,
        legend: [
          { label: 'human', color: corpusColor(0), shape: 'swatch' },
          { label: 'synthetic', color: corpusColor(1), dash: corpusDash(1) },
          { label: 'edited', color: corpusColor(2), dash: corpusDash(2) },
        ],
      },
      part: svg,
      check: (s) => expect(s).toContain('transform="translate(0,16)"'),
    }),
    chart({
      name: 'histogram-bars',
      props: { title: 'Histogram, bars', marks: [mark(Histogram, { bins, color: corpusColor(0) })] },
      part: svg,
      check: (s) => expect(count(s, /<rect[^>]*data-bin=/g)).toBe(5),
    }),
    chart({
      name: 'histogram-bars-highlighted',
      props: {
        title: 'Histogram, the bin [0.8, 1] highlighted',
        marks: [mark(Histogram, { bins, color: corpusColor(0), highlight: [0.8, 1] })],
      },
      part: svg,
      check: (s) => {
        expect(count(s, /class="highlighted"/g)).toBe(1);
        expect(count(s, /fill-opacity="0.262"/g)).toBe(4); // the others fade
      },
    }),
    chart({
      name: 'histogram-missing-value',
      props: {
        title: 'Histogram, one bin without a value',
        marks: [
          mark(Histogram, {
            bins: bins.map((b, i) => (i === 2 ? { ...b, value: NaN } : b)),
            color: corpusColor(0),
          }),
        ],
      },
      part: svg,
      check: (s) => expect(count(s, /data-bin=/g)).toBe(4),
    }),
    chart({
      name: 'histogram-steps-overlaid',
      props: {
        title: 'Histograms as steps, overlaid',
        marks: [
          mark(Histogram, { bins, color: corpusColor(0), mode: 'steps' }),
          mark(Histogram, { bins: flat, color: corpusColor(1), mode: 'steps', dash: corpusDash(1) }),
        ],
      },
      part: svg,
      check: (s) => {
        expect(count(s, /<path/g)).toBe(4); // an area and a line each
        expect(s).not.toContain('data-bin=');
      },
    }),
    chart({
      name: 'histogram-steps-highlighted',
      props: {
        title: 'Steps with [0.6, 1] highlighted',
        marks: [mark(Histogram, { bins, color: corpusColor(0), mode: 'steps', highlight: [0.6, 1] })],
      },
      part: svg,
      check: (s) => expect(count(s, /class="highlighted"[^>]*fill-opacity="0.55"/g)).toBe(2),
    }),
    chart({
      name: 'histogram-no-bins',
      props: {
        title: 'Histogram with no bins',
        marks: [mark(Histogram, { bins: [], color: corpusColor(0), mode: 'steps' })],
      },
      part: svg,
      check: (s) => expect(count(s, / d=""/g)).toBe(2),
    }),
    chart({
      name: 'grouped-bars-two-series',
      props: {
        title: 'Grouped bars, the first category highlighted',
        ...quarters,
        marks: [
          mark(AxisY, { format: '.0%' }),
          categories,
          mark(GroupedBars, { categories: 4, series: shares, highlight: [0] }),
        ],
      },
      part: svg,
      check: (s) => {
        expect(count(s, /data-category=/g)).toBe(8);
        expect(count(s, /stroke="#1d1f23"[^>]*data-category="0"/g)).toBe(2);
        expect(s).toContain('>≤1000<');
      },
    }),
    chart({
      name: 'grouped-bars-missing-value',
      props: {
        title: 'Grouped bars, one value missing',
        ...quarters,
        marks: [
          categories,
          mark(GroupedBars, {
            categories: 4,
            series: [shares[0], { ...shares[1], values: [0.6, NaN, 0.1, 0.05] }],
          }),
        ],
      },
      part: svg,
      check: (s) => {
        expect(count(s, /data-category=/g)).toBe(7);
        expect(count(s, /data-category="1"/g)).toBe(1);
      },
    }),
    chart({
      name: 'band-line-with-dots',
      props: {
        title: 'A line with its band and dots',
        marks: [mark(BandLine, { points: band, color: corpusColor(2), dots: true })],
      },
      part: svg,
      check: (s) => {
        expect(count(s, /<circle/g)).toBe(3);
        expect(count(s, /<path/g)).toBe(2);
      },
    }),
    chart({
      name: 'band-line-log-gap',
      props: {
        title: 'On log axes, x = 0 and a missing y break the line',
        x: { type: 'log', domain: [1, 100] },
        y: { type: 'log', domain: [1, 100] },
        marks: [
          mark(BandLine, {
            points: [
              { x: 0, y: 5 },
              { x: 1, y: 2 },
              { x: 3, y: 8 },
              { x: 10, y: NaN },
              { x: 30, y: 20 },
              { x: 100, y: 60 },
            ],
            color: corpusColor(0),
            dots: true,
          }),
        ],
      },
      part: svg,
      check: (s) => {
        expect(count(s, /<circle/g)).toBe(4);
        expect(count(s, /M/g)).toBe(2); // two pieces of line
      },
    }),
    chart({
      name: 'envelope-log-log',
      props: {
        title: 'An envelope of 200 spikes, log–log',
        x: { type: 'log', domain: [1, 200] },
        y: { type: 'log', domain: [1, 1000] },
        marks: [mark(Envelope, { values: spikes, xs: spikes.map((_, i) => i + 1), color: corpusColor(1) })],
      },
      part: svg,
      check: (s) => expect(s).toMatch(/data-columns="\d+"/),
    }),
    chart({
      name: 'envelope-many-buckets',
      props: {
        title: '10 000 buckets: one point per pixel column',
        x: { domain: [0, 9999], nice: false },
        y: { domain: [0, 1] },
        marks: [
          mark(Envelope, {
            values: Array.from({ length: 10_000 }, (_, i) => (i % 997) / 997),
            color: corpusColor(0),
          }),
        ],
      },
      part: svg,
      check: (s) => {
        const columns = Number(/data-columns="(\d+)"/.exec(s)?.[1]);
        expect(columns).toBeGreaterThan(200);
        expect(columns).toBeLessThanOrEqual(320);
      },
    }),
    chart({
      name: 'rules',
      props: {
        title: 'Rules (one at x = 1.5 lies beyond the domain)',
        marks: [
          mark(Rules, {
            rules: [
              { axis: 'x', value: 0.5, label: 'median' },
              { axis: 'x', value: 0.95, label: 'near the edge', color: corpusColor(1), row: 1 },
              { axis: 'x', value: 1.5, label: 'off the domain' },
              { axis: 'y', value: 0.25, label: 'quarter' },
            ],
          }),
        ],
      },
      part: svg,
      check: (s) => {
        expect(s).toContain('>median<');
        expect(s).not.toContain('off the domain');
        expect(s).toMatch(/text-anchor="end"[^>]*>near the edge</); // turned to stay inside the plot
      },
    }),
    chart({
      name: 'brush-selection',
      props: {
        title: 'A brushed range [0.8, 1]',
        marks: [
          mark(Histogram, { bins, color: corpusColor(0), highlight: [0.8, 1] }),
          mark(Brush, { selection: [0.8, 1], onbrush: () => {} }),
        ],
      },
      part: svg,
      check: (s) => expect(count(s, /data-testid="brush-selection"/g)).toBe(1),
    }),
    chart({
      name: 'brush-no-selection',
      props: {
        title: 'A brush with nothing selected',
        marks: [mark(Brush, { selection: null, onbrush: () => {} })],
      },
      part: svg,
      check: (s) => {
        expect(s).not.toContain('brush-selection');
        expect(count(s, /class="overlay"/g)).toBe(1);
      },
    }),
  ]);
});
