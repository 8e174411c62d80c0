// The comment commands' dispatcher: handleCommentCommand(job, payload) for an issue_comment (created or
// edited). Every "/" line of the comment is a command; each is acknowledged (eyes), checked (not from a
// fork, the commenter has write access, the state and the role the command declares, all read from the base
// branch), run, answered in one reply comment kept by marker (edited in place, never a second copy), and
// audited with who ran it; the reaction ends +1 when every command did its work, -1 otherwise. A comment
// already answered for this exact body (a redelivery) is left alone, so nothing runs or appends twice.
import { CopilotError } from '../../core/errors.js';
import { sha256Hex } from '../../core/json/canonical.js';
import { appendAudit, type SeenHeads } from '../audit/branch.js';
import { findMarkerComment, upsertMarkerComment } from '../github/marker.js';
import type { IssueCommentPayload, RepoJob } from '../job.js';
import { roleRefusal, stateRefusal, writeAccessRefusal } from './access.js';
import { baseRules } from './base.js';
import type { CommandContext, PullInfo } from './command.js';
import { parseCommands, usageOf, type ParsedLine } from './parse.js';
import { COMMANDS } from './registry.js';
import { digestMark, helpTable, renderReply, REPLY_KIND, type AnswerSection } from './render.js';

type Reaction = 'eyes' | '+1' | '-1';
/** The audit heads this process has seen, per repository: a rewritten audit branch is caught. */
const SEEN: SeenHeads = new Map();

function describe(e: unknown): string {
  if (e instanceof CopilotError) return `${e.message}${e.hint ? `\n\n${e.hint}` : ''}`;
  const status = (e as { status?: unknown } | null)?.status;
  if (typeof status === 'number') return `GitHub answered HTTP ${status}; retry by editing the comment`;
  return e instanceof Error ? e.message : String(e);
}

async function pullOf(job: RepoJob, number: number): Promise<{ pull: PullInfo; fork: boolean }> {
  const pr = (await job.octokit.rest.pulls.get({ owner: job.owner, repo: job.repo, pull_number: number })).data;
  return {
    pull: { number, headSha: pr.head.sha, headRef: pr.head.ref, baseRef: pr.base.ref, author: pr.user?.login ?? 'ghost' },
    fork: pr.head.repo?.full_name !== pr.base.repo.full_name,
  };
}

export async function handleCommentCommand(job: RepoJob, payload: IssueCommentPayload): Promise<void> {
  const where = { owner: job.owner, repo: job.repo };
  const body = payload.comment.body ?? '';
  const parsed = parseCommands(body, COMMANDS);
  if (parsed.length === 0) return;
  const commentId = payload.comment.id;
  const actor = payload.comment.user?.login ?? 'ghost';
  const issue = payload.issue.number;
  const digest = sha256Hex(body).slice(0, 16);
  const answered = await findMarkerComment(job, issue, REPLY_KIND, commentId);
  if (answered?.body?.includes(digestMark(digest))) {
    job.log.info({ comment: commentId }, 'comment already answered for this body: nothing to do');
    return;
  }
  const react = (content: Reaction) => job.octokit.rest.reactions.createForIssueComment({ ...where, comment_id: commentId, content });
  await react('eyes');

  const { pull, fork } = payload.issue.pull_request ? await pullOf(job, issue) : { pull: undefined, fork: false };
  const base = await baseRules(job, pull?.baseRef ?? payload.repository.default_branch);
  const access = fork
    ? `#${issue} comes from a fork; the app runs no command on a pull request whose branch it does not control`
    : await writeAccessRefusal(job, where, actor);
  const ctx: CommandContext = {
    job, actor, issueNumber: issue, pull, base, commentId, now: () => new Date(), commands: COMMANDS,
    audit: async (req) => {
      if (base.projectId === undefined) return;
      await appendAudit(job.octokit, where, { ...req, project_id: base.projectId }, ctx.now, SEEN);
    },
  };

  const sections: AnswerSection[] = [];
  for (const [index, line] of parsed.entries()) {
    const section = await answer(ctx, line, access);
    sections.push(section);
    const name = line.kind === 'unknown' ? 'unknown' : line.command.name.replace(/ /g, '_');
    try {
      await ctx.audit({
        actor, action: `command.${name}`, subject: `${job.owner}/${job.repo}#${issue}`,
        reasoning: `${line.line}: ${section.outcome}: ${section.reasoning ?? section.body.split('\n')[0]}`,
        refs: { ...section.refs, comment: String(commentId), outcome: section.outcome, base: base.sha, ...(pull ? { head: pull.headSha } : {}) },
        idempotencyKey: `comment:${commentId}:${digest}:${index}`,
      });
    } catch (e) {
      job.log.error({ err: e, comment: commentId }, 'audit append failed');
      sections.push({ line: line.line, outcome: 'failed', body: `The audit entry could not be written: ${describe(e)}` });
    }
  }
  await upsertMarkerComment(job, issue, REPLY_KIND, commentId, renderReply(digest, actor, sections));
  await react(sections.every((s) => s.outcome === 'done') ? '+1' : '-1');
}

type Answer = AnswerSection & { readonly reasoning?: string; readonly refs?: Readonly<Record<string, string>> };

async function answer(ctx: CommandContext, line: ParsedLine, access: string | undefined): Promise<Answer> {
  const refused = (why: string, withHelp = false): Answer =>
    ({ line: line.line, outcome: 'refused', body: withHelp ? `${why}\n\n${helpTable(ctx.commands)}` : why });
  if (line.kind === 'unknown') return refused(line.reason, true);
  if (line.kind === 'malformed') return refused(`${line.reason}. Usage: \`${usageOf(line.command)}\``, true);
  const { command } = line;
  const refusal = access
    ?? (command.needsPull && !ctx.pull ? `/${command.name} runs on a pull request; this is issue #${ctx.issueNumber}` : undefined)
    ?? stateRefusal(command, ctx.base)
    ?? await roleRefusal(ctx.job, command, ctx.base, ctx.actor);
  if (refusal) return refused(refusal);
  try {
    const outcome = await command.run(ctx, line.args);
    return { line: line.line, outcome: outcome.ok ? 'done' : 'refused', body: outcome.body, reasoning: outcome.reasoning, ...(outcome.refs ? { refs: outcome.refs } : {}) };
  } catch (e) {
    ctx.job.log.error({ err: e, command: command.name }, 'command failed');
    // A "no" raised as an error (a refused signature, missing approvals) is an answer, not a failure.
    const no = e instanceof CopilotError && e.kind !== 'system';
    return { line: line.line, outcome: no ? 'refused' : 'failed', body: no ? describe(e) : `The command failed (a system error, not a refusal): ${describe(e)}` };
  }
}
