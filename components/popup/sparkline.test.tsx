// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Sparkline } from './sparkline';

function draw(points: Array<[number, number]>, size: { width?: number; height?: number } = {}) {
  const root = document.createElement('div');
  render(<Sparkline points={points} label="Balance, last 7 days: 42.40 USD, runs out in about 1 day" {...size} />, root);
  return root;
}

function coordinates(root: HTMLElement): Array<[number, number]> {
  const points = root.querySelector('polyline')?.getAttribute('points') ?? '';
  return points.split(' ').map((pair) => pair.split(',').map(Number) as [number, number]);
}

describe('Sparkline', () => {
  it('is an image labelled with its text alternative', () => {
    const svg = draw([
      [0, 10],
      [1, 8],
      [2, 9],
    ]).querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Balance, last 7 days: 42.40 USD, runs out in about 1 day');
    expect(svg.querySelector('title')?.textContent).toBe(svg.getAttribute('aria-label'));
    expect(svg.querySelector('polyline')?.getAttribute('stroke')).toBe('currentColor');
  });

  it('draws one line through every point, oldest left, highest value at the top', () => {
    const root = draw(
      [
        [1000, 5],
        [2000, 10],
        [3000, 0],
        [4000, 7],
      ],
      { width: 100, height: 20 },
    );
    expect(root.querySelectorAll('polyline')).toHaveLength(1);
    expect(coordinates(root)).toEqual([
      [0, 10],
      [33.3, 1],
      [66.7, 19],
      [100, 6.4],
    ]);
  });

  it('draws a flat series at mid-height', () => {
    const root = draw(
      [
        [0, 3],
        [1, 3],
      ],
      { width: 80, height: 20 },
    );
    expect(coordinates(root)).toEqual([
      [0, 10],
      [80, 10],
    ]);
  });

  it.each([
    ['no points', []],
    ['one point', [[0, 1]]],
  ] satisfies Array<[string, Array<[number, number]>]>)('renders nothing with %s', (_, points) => {
    expect(draw(points).innerHTML).toBe('');
  });
});
