// Splitting an .mbox export (Thunderbird, Gmail Takeout, mutt, Apple Mail) into messages. A
// message starts at a "From " postmark line at the start of the file or after an empty line;
// the postmark is dropped, and ">From " quoting (mboxrd) is undone. A body line that happens to
// begin with "From " is only taken for a postmark when it looks like one (an address or "-",
// then a time of day), which keeps unquoted (mboxo) bodies whole in practice.
const POSTMARK = /^From \S+ .*\d\d:\d\d/;

/** True when `data` is an mbox file rather than one message. */
export function looksLikeMbox(data: Buffer): boolean {
  return POSTMARK.test(data.subarray(0, 200).toString('latin1').split('\n', 1)[0] ?? '');
}

/** The messages of an mbox file, as raw bytes (line endings as they were). */
export function splitMbox(data: Buffer): Buffer[] {
  // latin1 maps every byte to one character and back: the bytes of 8-bit mail survive.
  const lines = data.toString('latin1').split('\n');
  const messages: string[][] = [];
  let current: string[] | null = null;
  let previousBlank = true;
  for (const line of lines) {
    const bare = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (previousBlank && POSTMARK.test(bare)) {
      current = [];
      messages.push(current);
      previousBlank = false;
      continue;
    }
    previousBlank = bare === '';
    if (!current) continue; // text before the first postmark is not a message
    current.push(/^>+From /.test(line) ? line.slice(1) : line);
  }
  return messages
    .map((message) => {
      // The empty line before the next postmark (and the file's final newline) belong to mbox.
      while (message.length > 0 && (message[message.length - 1] === '' || message[message.length - 1] === '\r'))
        message.pop();
      return Buffer.from(`${message.join('\n')}\n`, 'latin1');
    })
    .filter((message) => message.length > 1);
}
