// The pull request's timeline as the demo ends it: who did what, one line each, in order.

export interface TimelineEntry {
  readonly actor: string;
  readonly what: string;
}

export class Timeline {
  readonly entries: TimelineEntry[] = [];

  add(actor: string, what: string): void {
    this.entries.push({ actor, what });
  }
}

export function renderTimeline(title: string, entries: readonly TimelineEntry[]): string {
  const width = Math.max(...entries.map((e) => e.actor.length), 0);
  return [title, ...entries.map((e) => `  ${e.actor.padEnd(width)}  ${e.what}`)].join('\n');
}
