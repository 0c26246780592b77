// The page reference: a bare node:http server that answers every request with the bytes the app
// served for the event page (read once into memory), with the same content-type.
// Usage: node bench/ref/http-server.ts <port> <body file> <content-type>
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [portArg, file, contentType] = process.argv.slice(2);
if (!portArg || !file || !contentType) {
  console.error('usage: http-server.ts <port> <body file> <content-type>');
  process.exit(2);
}
const body = readFileSync(file);
const length = String(body.length);

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': contentType, 'content-length': length });
  res.end(body);
});
server.listen(Number(portArg), '127.0.0.1', () => {
  console.log(`reference http server: ${body.length} bytes on 127.0.0.1:${portArg}`);
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
