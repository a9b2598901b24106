/*
 * Binary searches over sorted typed arrays, written out by hand because they run on every query and
 * must neither allocate nor call back.
 */

/** How many entries are `<= value`, i.e. the index of the last one `<= value`, plus one. */
export function countAtOrBelow(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the first entry `>= value`, or the length when there is none. */
export function firstAtOrAbove(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the first entry `> value` among `sorted[low..high)`, or `high` when there is none. */
export function firstAboveWithin(sorted: Float64Array, value: number, low: number, high: number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the first entry `>= value` among `sorted[low..high)`, or `high` when there is none. */
export function firstAtOrAboveWithin(sorted: Float64Array, value: number, low: number, high: number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
