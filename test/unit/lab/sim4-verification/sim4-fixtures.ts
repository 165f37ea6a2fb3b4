/** collapse-lab.md's Sim 4 fixtures, shared by the closed-form, sampler and run tests. */

export const V = { phi: 0.8, psi: 0.3 };
export const M = { d: 100, mu: 1 };
export const PI = Math.PI;

// collapse-lab.md, Sim 4A: (n, p, simulated, closed form).
export const FIXTURES: [number, number, number, number][] = [
  [1e4, 0.1, 0.84, 0.839],
  [1e4, 0.6, 0.814, 0.814],
  [1e4, 0.7, 0.665, 0.658],
  [1e4, 0.8, 0.215, 0.216],
  [1e5, 0.7, 0.796, 0.793],
  [1e5, 0.75, 0.224, 0.22],
];

// 4B, orthogonal error directions: (θ_g/π, θ_v/π, acc∞).
export const GEOMETRY_FIXTURES: [number, number, number][] = [
  [0.3, 0.3, 0.754],
  [0.6, 0.2, 0.634],
  [0.7, 0.35, 0.465],
];
