import { itemsOfPart, partCount, partSizeFor } from './batch.types';

/** Parts of a batch of `total` items cut at `size`, as the consumers take them: their sizes. */
const sizes = (total: number, size: number) => {
  const items = [...Array(total).keys()].map(String);
  return [...Array(partCount({ items, partSize: size })).keys()].map((part) => itemsOfPart({ items, partSize: size }, part).length);
};

describe('partSizeFor', () => {
  it('keeps BATCH_PART_SIZE for one consumer (the embedded mode)', () => {
    expect(partSizeFor(100, 20, 1)).toBe(20);
    expect(partSizeFor(101, 20, 1)).toBe(20);
    expect(partSizeFor(7, 20, 1)).toBe(20);
  });

  it('cuts 100 scorecards for two workers into 6 parts that end together, not 3 + 2 parts of 20', () => {
    const size = partSizeFor(100, 20, 2);
    expect(size).toBe(17);
    expect(sizes(100, size)).toEqual([17, 17, 17, 17, 17, 15]);
  });

  it('never exceeds BATCH_PART_SIZE, and gives each consumer as many parts where the items allow', () => {
    // [total, BATCH_PART_SIZE, consumers] -> parts
    const cases: [number, number, number, number][] = [[1000, 20, 2, 50], [99, 20, 4, 8], [20, 20, 2, 2], [41, 20, 2, 4], [3, 20, 2, 2], [2500, 50, 7, 56]];
    for (const [total, max, consumers, parts] of cases) {
      const cut = sizes(total, partSizeFor(total, max, consumers));
      expect({ total, consumers, parts: cut.length, largest: Math.max(...cut) <= max, sum: cut.reduce((a, b) => a + b, 0) }).toEqual({ total, consumers, parts, largest: true, sum: total });
    }
    expect(sizes(1000, partSizeFor(1000, 20, 2))).toEqual(Array(50).fill(20));
    expect(sizes(3, partSizeFor(3, 20, 2))).toEqual([2, 1]);
    expect(partSizeFor(1, 20, 2)).toBe(1);
  });

  it('treats no consumer as one and an empty batch as any size', () => {
    expect(partSizeFor(100, 20, 0)).toBe(20);
    expect(partSizeFor(0, 20, 2)).toBe(20);
  });
});
