// Every REST route the simulator serves.
import type { Route } from '../server/route.js';
import { workflowJobRoutes } from '../actions/routes.js';
import { actionRoutes } from './actions.js';
import { appRoutes } from './app.js';
import { checkRoutes } from './checks.js';
import { contentRoutes } from './contents.js';
import { gitDataRoutes } from './git-data.js';
import { issueRoutes } from './issues.js';
import { orgRoutes } from './orgs.js';
import { pullRoutes } from './pulls.js';
import { repoRoutes } from './repos.js';
import { reviewRoutes } from './reviews.js';
import { codeownersRoutes } from './codeowners.js';
import { collaboratorRoutes } from './collaborators.js';
import { labelRoutes } from './labels.js';
import { protectionRoutes } from './protection.js';
import { rateLimitRoutes } from './rate-limit.js';
import { reviewCommentRoutes } from './review-comments.js';
import { statusRoutes } from './statuses.js';
import { timelineRoutes } from './timeline.js';

export const ROUTES: Route[] = [
  ...appRoutes, ...repoRoutes, ...contentRoutes, ...gitDataRoutes, ...pullRoutes, ...reviewRoutes, ...issueRoutes,
  ...checkRoutes, ...orgRoutes, ...actionRoutes, ...workflowJobRoutes, ...statusRoutes, ...labelRoutes, ...timelineRoutes,
  ...reviewCommentRoutes, ...protectionRoutes, ...collaboratorRoutes, ...codeownersRoutes, ...rateLimitRoutes,
];
