// What an evidence pack composes besides copies: the approvals record (approvals.json) and audit_chain.json,
// the chain with the anchor it must extend and its links plan -> runs -> approvals. Approvals come from
// the SignedPlan (the signing transitions, each with reviewer, role and the digest reviewed) and from the
// chain's state.changed entries (every later transition a merged pull request made, who merged it, the
// approvers when the entry names them); each link names the chain entry (seq) that records it.
import { headHash, type AuditEntry } from '../audit/entry.js';
import type { SignedPlan } from '../signing/signed-plan.js';
import type { AuditChain, AuditChainLinks } from '../types/generated.js';
import { SIGNING_TRANSITIONS } from '../signing/signed-plan.js';

export interface RunLink {
  readonly run_id: string;
  readonly status: string;
  readonly path: string;
  readonly sha256: string;
}

export interface ReconLink {
  readonly path: string;
  readonly sha256: string;
  readonly status: string;
}

export interface ApprovalsRecordOfPack {
  readonly plan_version: number;
  /** The approvals the SignedPlan carries (PLAN_DRAFTED->PLANNED, PLANNED->EXECUTED). */
  readonly signed: SignedPlan['approvals'];
  /** Every state change the chain records: transition, pull request, merge commit, who merged, the entry. */
  readonly transitions: readonly {
    readonly transition: string;
    readonly pull: string | null;
    readonly commit: string | null;
    readonly merged_by: string;
    readonly approvers: readonly string[];
    readonly seq: number;
    readonly hash: string;
  }[];
}

function approversOf(entry: AuditEntry): string[] {
  const named = entry.refs.approvers;
  return typeof named === 'string' && named !== '' ? named.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

export function approvalsRecordOfPack(version: number, signed: SignedPlan, chain: readonly AuditEntry[]): ApprovalsRecordOfPack {
  return {
    plan_version: version,
    signed: signed.approvals,
    transitions: chain.filter((e) => e.action === 'state.changed' && typeof e.refs.transition === 'string').map((e) => ({
      transition: e.refs.transition!, pull: e.refs.pull ?? null, commit: e.refs.commit ?? null, merged_by: e.actor,
      approvers: approversOf(e), seq: e.seq, hash: e.hash,
    })),
  };
}

/** The seq of version N's plan.signed entry, or null when the chain holds none (a plan signed outside the app). */
export function signedSeq(version: number, chain: readonly AuditEntry[]): number | null {
  return chain.find((e) => e.action === 'plan.signed' && e.subject === `plan/v${version}`)?.seq ?? null;
}

export interface LinksInput {
  readonly version: number;
  readonly signed: SignedPlan;
  readonly signedPlanSha256: string;
  readonly chain: readonly AuditEntry[];
  readonly runs: readonly RunLink[];
  readonly recon: readonly ReconLink[];
  readonly approvals: ApprovalsRecordOfPack;
}

export function chainLinks(input: LinksInput): AuditChainLinks {
  const { signed, version } = input;
  const fromSigned = (t: string) => signed.approvals.filter((a) => a.transition === t).map((a) => `${a.approver} (${a.role})`);
  const seqSigned = signedSeq(version, input.chain);
  const merged = input.approvals.transitions.map((t) => ({
    transition: t.transition, approvers: t.approvers.length > 0 ? [...t.approvers] : fromSigned(t.transition), seq: t.seq,
  }));
  const signing = SIGNING_TRANSITIONS.filter((t) => !merged.some((m) => m.transition === t) && fromSigned(t).length > 0)
    .map((t) => ({ transition: t, approvers: fromSigned(t), seq: seqSigned }));
  return {
    plan: { version, plan_id: signed.plan_id, plan_sha256: signed.plan_sha256, signed_plan_sha256: input.signedPlanSha256, signed_seq: seqSigned },
    runs: input.runs.map((r) => ({ ...r, recon: input.recon.map((c) => ({ ...c })) })),
    approvals: [...signing, ...merged],
  };
}

/** audit_chain.json of a pack (core/schemas/audit_chain.schema.json). */
export function auditChainDocument(projectId: string, chain: readonly AuditEntry[], anchor: AuditChain['anchor'], links: AuditChainLinks): string {
  return `${JSON.stringify({ project_id: projectId, entries: chain, head_hash: headHash(chain), ...(anchor ? { anchor } : {}), links }, null, 2)}\n`;
}
