import { describe, expect, it } from 'vitest';
import { serialQueue } from './serial-queue';

describe('serialQueue', () => {
  it('starts each piece of work after the earlier ones settled, failures included', async () => {
    const serially = serialQueue();
    const order: string[] = [];
    const step =
      (name: string, fail = false) =>
      async () => {
        order.push(`${name} start`);
        await Promise.resolve();
        order.push(`${name} end`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      serially(step('a')),
      serially(step('b', true)),
      serially(step('c')),
    ]);
    expect(order).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[2]).toEqual({ status: 'fulfilled', value: 'c' });
  });
});
