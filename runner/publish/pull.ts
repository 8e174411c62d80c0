// The evidence pull request: one per branch, ever. An open one is updated (title, body); a closed or
// merged one is left as it is when the branch has nothing new; otherwise a pull request is opened.
import type { Octokit } from '@octokit/rest';
import { githubError } from './github.js';

export interface EvidencePull {
  readonly number: number;
  readonly url: string;
  /** created, updated (an open one), or unchanged (closed or merged, and nothing new on the branch). */
  readonly action: 'created' | 'updated' | 'unchanged';
}

export async function ensurePull(octokit: Octokit, where: { owner: string; repo: string }, opts: {
  head: string; base: string; title: string; body: string; branchChanged: boolean;
}): Promise<EvidencePull> {
  try {
    const { data: pulls } = await octokit.rest.pulls.list({ ...where, head: `${where.owner}:${opts.head}`, state: 'all', per_page: 100 });
    const mine = pulls.filter((p) => p.head.ref === opts.head).sort((a, b) => b.number - a.number);
    const open = mine.find((p) => p.state === 'open');
    if (open) {
      if (open.title !== opts.title || (open.body ?? '') !== opts.body) {
        await octokit.rest.pulls.update({ ...where, pull_number: open.number, title: opts.title, body: opts.body });
      }
      return { number: open.number, url: open.html_url, action: 'updated' };
    }
    const last = mine[0];
    if (last && !opts.branchChanged) return { number: last.number, url: last.html_url, action: 'unchanged' };
    const { data } = await octokit.rest.pulls.create({ ...where, head: opts.head, base: opts.base, title: opts.title, body: opts.body });
    return { number: data.number, url: data.html_url, action: 'created' };
  } catch (e) {
    throw githubError(`open or update the evidence pull request from ${opts.head}`, e);
  }
}
