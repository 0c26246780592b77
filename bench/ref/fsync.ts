// The disk's bare durable-write rate: append 4 KiB and fdatasync, in a loop, for a fixed time, in
// the directory where the databases live. An upper bound for any one-commit-per-request design.
// Usage: node bench/ref/fsync.ts <directory> <seconds>
// Prints one line of JSON: { syncs, seconds, perSecond }.
import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const [dir, secondsArg] = process.argv.slice(2);
if (!dir || !secondsArg) {
  console.error('usage: fsync.ts <directory> <seconds>');
  process.exit(2);
}
const file = join(dir, `fsync-${process.pid}-${Date.now()}.bin`);
const fd = openSync(file, 'w');
const block = Buffer.alloc(4096, 7);
const started = performance.now();
const deadline = started + Number(secondsArg) * 1000;
let n = 0;
while (performance.now() < deadline) {
  writeSync(fd, block);
  fdatasyncSync(fd);
  n += 1;
}
const seconds = (performance.now() - started) / 1000;
closeSync(fd);
rmSync(file, { force: true });
console.log(JSON.stringify({ syncs: n, seconds, perSecond: n / seconds }));
