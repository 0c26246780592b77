import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startPeriodic } from './periodic.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('rounds never overlap: runNow while a round runs waits for it', async () => {
  let active = 0;
  let most = 0;
  let rounds = 0;
  const job = startPeriodic(
    async () => {
      active++;
      most = Math.max(most, active);
      await tick(20);
      active--;
      rounds++;
    },
    { intervalMs: 60_000, firstAfterMs: 60_000 },
  );
  await Promise.all([job.runNow(), job.runNow(), job.runNow()]);
  assert.equal(rounds, 3);
  assert.equal(most, 1);
  await job.stop();
});

test('a failing round is reported and the next round still runs', async () => {
  const errors: unknown[] = [];
  let calls = 0;
  const job = startPeriodic(
    async () => {
      calls++;
      if (calls === 1) throw new Error('database away');
    },
    { intervalMs: 60_000, firstAfterMs: 60_000, onError: (error) => errors.push(error) },
  );
  await job.runNow();
  await job.runNow();
  assert.equal(calls, 2);
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]), /database away/);
  await job.stop();
});

test('the first round comes by itself after firstAfterMs, and stop waits for it and ends the rounds', async () => {
  let rounds = 0;
  let finished = false;
  const job = startPeriodic(
    async () => {
      rounds++;
      await tick(30);
      finished = true;
    },
    { intervalMs: 60_000, firstAfterMs: 5 },
  );
  await tick(15);
  assert.equal(rounds, 1, 'the timer started a round');
  await job.stop();
  assert.equal(finished, true, 'stop waited for the round in progress');
  await job.runNow();
  assert.equal(rounds, 1, 'no rounds after stop');
});
