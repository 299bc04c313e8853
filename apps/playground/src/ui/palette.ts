/** One colour per class (up to 10), readable on white, and the colours of the two lanes. */
export const CLASS_COLOURS: readonly (readonly [number, number, number])[] = [
  [230, 97, 1],
  [33, 113, 181],
  [35, 139, 69],
  [136, 65, 157],
  [204, 51, 102],
  [102, 102, 0],
  [0, 153, 153],
  [153, 102, 51],
  [102, 102, 204],
  [80, 80, 80],
];

export const LANE_COLOURS = { a: '#2962ff', b: '#e65100' } as const;

export function rgb([r, g, b]: readonly [number, number, number]): string {
  return `rgb(${r}, ${g}, ${b})`;
}
