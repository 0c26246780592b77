import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryCounter } from './rate-limits.ts';

test('a fixed window counts hits per key and starts again when it is over', async () => {
  let now = 1_000;
  const counter = memoryCounter(() => now);
  assert.deepEqual(await counter.hit('a', 60_000), { count: 1, ttl: 60_000 });
  now += 10_000;
  assert.deepEqual(await counter.hit('a', 60_000), { count: 2, ttl: 50_000 });
  assert.deepEqual(await counter.hit('b', 60_000), { count: 1, ttl: 60_000 });
  now += 50_000;
  assert.deepEqual(await counter.hit('a', 60_000), { count: 1, ttl: 60_000 });
});

test('memory stays bounded however many keys come', async () => {
  const counter = memoryCounter(() => 0, 100);
  for (let i = 0; i < 1000; i++) await counter.hit(`k${i}`, 60_000);
  // The newest key is counted from one; the store never held more than 100 keys.
  assert.deepEqual(await counter.hit('k999', 60_000), { count: 2, ttl: 60_000 });
});
