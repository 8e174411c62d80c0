// The in-process queue: jobs of one repository never overlap and run in order; repositories run side by
// side; a job that throws is logged and the repository's next job still runs; idle() waits for all.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { JobSpec } from '../../../app/job.js';
import { inProcessQueue } from '../../../app/queue/in-process.js';

const spec = (repo: string, delivery: string): JobSpec => ({ kind: 'reconcile', owner: 'acme', repo, installationId: 1, delivery, payload: {} });
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('in-process queue', () => {
  it('serialises one repository, runs repositories concurrently, survives a failing job', async () => {
    const events: string[] = [];
    const running = new Map<string, number>();
    let overlapSameRepo = false;
    let overlapAcross = false;
    const errors: unknown[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => { errors.push(JSON.parse(line)); } });
    const queue = inProcessQueue(async (s) => {
      const now = (running.get(s.repo) ?? 0) + 1;
      running.set(s.repo, now);
      if (now > 1) overlapSameRepo = true;
      if ([...running.values()].filter((n) => n > 0).length > 1) overlapAcross = true;
      events.push(`start ${s.repo} ${s.delivery}`);
      await tick(15);
      running.set(s.repo, now - 1);
      events.push(`end ${s.repo} ${s.delivery}`);
      if (s.delivery === 'boom') throw new Error('the job broke');
    }, log, 50);
    await queue.enqueue(spec('a', '1'));
    await queue.enqueue(spec('a', 'boom'));
    await queue.enqueue(spec('a', '3'));
    await queue.enqueue(spec('b', '1'));
    await queue.enqueue(spec('A', '4'));
    await queue.idle();
    expect(overlapSameRepo).toBe(false);
    expect(overlapAcross).toBe(true);
    expect(events.filter((e) => e.includes(' a ') || e.includes(' A ')).map((e) => e.split(' ')[2]))
      .toEqual(['1', '1', 'boom', 'boom', '3', '3', '4', '4', 'boom', 'boom']);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ msg: 'job failed', repo: 'acme/a', delivery: 'boom', retry: true });
    expect(errors[1]).toMatchObject({ msg: 'job failed', repo: 'acme/a', delivery: 'boom', retry: false });
    await queue.stop();
    await queue.enqueue(spec('a', 'late'));
    await queue.idle();
    expect(events.some((e) => e.includes('late'))).toBe(false);
  });
});
