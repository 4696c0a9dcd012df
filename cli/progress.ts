// A one-line progress bar on a terminal; silent when stdout is not a TTY (logs, pipes, CI).
export function progressBar(stream: NodeJS.WriteStream = process.stdout) {
  return (label: string, done: number, total: number): void => {
    if (!stream.isTTY) return;
    const width = 30;
    const filled = total > 0 ? Math.round((done / total) * width) : 0;
    stream.write(
      `\r${label} [${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${total > 0 ? Math.round((100 * done) / total) : 0}%   `,
    );
    if (done >= total) stream.write('\n');
  };
}
