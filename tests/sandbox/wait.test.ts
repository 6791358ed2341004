import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../sandbox/harness/wait';

describe('waitUntil', () => {
  it('tries again once when the first check alone took the whole wait', async () => {
    let calls = 0;
    const value = await waitUntil(
      'a value',
      async () => {
        calls++;
        if (calls === 1) {
          await new Promise((resolve) => setTimeout(resolve, 120));
          throw new Error('command timed out');
        }
        return 'found';
      },
      50,
    );
    expect(value).toBe('found');
    expect(calls).toBe(2);
  });

  it('gives up after the deadline with the last error once two checks have run', async () => {
    let calls = 0;
    await expect(
      waitUntil(
        'a value',
        async () => {
          calls++;
          await new Promise((resolve) => setTimeout(resolve, 80));
          throw new Error('still hung');
        },
        50,
      ),
    ).rejects.toThrow('Timed out after 50 ms waiting for a value (last error: still hung)');
    expect(calls).toBe(2);
  });
});
