// workflow_dispatch through the REST API: starts the workflow at a ref when its file has that trigger.
import { GhError, notFound } from '../server/errors.js';
import { noContent, type Route } from '../server/route.js';
import { callerLogin, writableRepo } from './common.js';

export const actionRoutes: Route[] = [
  {
    method: 'POST', path: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', operationId: 'actions/create-workflow-dispatch',
    handle: (ctx) => {
      const repo = writableRepo(ctx);
      const run = ctx.sim.actions.dispatch(repo, ctx.params.workflow_id!, ctx.body.ref, ctx.body.inputs ?? {}, callerLogin(ctx));
      if (run === undefined) throw notFound();
      if (run === false) throw new GhError(422, "Workflow does not have 'workflow_dispatch' trigger");
      return noContent();
    },
  },
];
