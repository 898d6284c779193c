import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

/**
 * A progress bar on stderr when it is a terminal; otherwise a line every ~10 %
 * so that CI logs show progress without control characters.
 */
export function createProgress(title: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${title} [{bar}] {percentage}% | {value}/{total} {label}`, stream, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total, label = '') {
        if (!started) { bar.start(total, 0, { label }); started = true; }
        bar.setTotal(total);
        bar.update(done, { label });
      },
      stop: () => { if (started) bar.stop(); },
    };
  }
  let lastDecile = -1;
  let lastLabel = '';
  return {
    update(done, total, label = '') {
      const decile = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (decile !== lastDecile || label !== lastLabel) {
        stream.write(`${title}: ${done}/${total}${label ? ` ${label}` : ''}\n`);
        lastDecile = decile;
        lastLabel = label;
      }
    },
    stop() {},
  };
}
