// SignedPlanValidator: a thin wrapper over the plan gate of core/signing. When the current plan version
// has been signed (plans/signed/v<N>.json + v<N>.sigstore.json), every file check the runner will make
// must already pass here: signature against the trust policy, policy version, plan digest, approvals.
import { checkPlanFromFiles } from '../signing/plan-gate.js';
import type { Finding } from '../schema/finding.js';
import { fileBytes } from '../repo/files.js';
import { inputsManifest } from '../repo/inputs-manifest.js';
import { REPO_PATHS } from '../repo/paths.js';
import { rulesContext, rulesOrigin } from './rules.js';
import type { Validator } from './types.js';

export const signedPlanValidator: Validator = {
  id: 'signed-plan',
  version: '1.0.0',
  skip(ctx, opts) {
    const plan = ctx.plan?.value;
    if (!plan) return `${REPO_PATHS.plan} is ${ctx.plan ? 'invalid (see migration/schema)' : 'absent'}`;
    if (!ctx.signedPlans.some((s) => s.version === plan.version)) return `plan v${plan.version} is not signed yet`;
    const rules = rulesContext(ctx, opts);
    if (!rules.config?.value) return `${rulesOrigin(opts)}${REPO_PATHS.config} is ${rules.config ? 'invalid (see migration/schema)' : 'absent'}: it holds the trust policy`;
    if (!rules.policy.value) return `${rulesOrigin(opts)}${rules.policy.path} is invalid (see migration/schema)`;
    return undefined;
  },
  run(ctx, opts) {
    const plan = ctx.plan!;
    const signed = ctx.signedPlans.find((s) => s.version === plan.value!.version)!;
    const rules = rulesContext(ctx, opts);
    if (signed.bundleText === undefined) {
      return [{ path: signed.path, line: 1, pointer: '', rule: 'signed-plan/bundle-missing', severity: 'error',
        message: `${signed.bundlePath} is missing: a signed plan without its signature bundle cannot be verified; sign again with \`/plan sign\`` }];
    }
    const gate = checkPlanFromFiles({
      signedPlanJson: signed.text,
      bundleJson: signed.bundleText,
      planBytes: fileBytes(ctx.files, REPO_PATHS.plan) ?? new TextEncoder().encode(plan.text),
      inputs: inputsManifest(ctx).inputs,
      policy: rules.policy.value!,
      config: rules.config!.value,
      expectedVersion: signed.version,
      trustedRoot: opts.trustedRoot,
    });
    const out: Finding[] = [];
    for (const check of gate.checks) {
      if (check.ok) continue;
      const path = check.id === 'signature' || check.id === 'trust-policy'
        ? (check.id === 'trust-policy' ? REPO_PATHS.config : signed.bundlePath) : signed.path;
      out.push({ path, line: 1, pointer: '', rule: `signed-plan/${check.id}`, severity: 'error', message: check.detail });
    }
    return out;
  },
};
