import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../playground/api/routes.js';
import { Router } from '../../playground/server/router.js';

const router = new Router(ROUTES);

describe('routing by GitHub\'s path templates', () => {
  it.each([
    ['GET', '/repos/a/b/commits', 'repos/list-commits', {}],
    ['GET', '/repos/a/b/commits/main', 'repos/get-commit', { ref: 'main' }],
    ['GET', '/repos/a/b/commits/feature/x', 'repos/get-commit', { ref: 'feature/x' }],
    ['GET', '/repos/a/b/commits/abc/check-runs', 'checks/list-for-ref', { ref: 'abc' }],
    ['GET', '/repos/a/b/contents/', 'repos/get-content', { path: '' }],
    ['GET', '/repos/a/b/contents/plans/migration_plan.json', 'repos/get-content', { path: 'plans/migration_plan.json' }],
    ['PATCH', '/repos/a/b/git/refs/heads/feature/x', 'git/update-ref', { ref: 'heads/feature/x' }],
    ['POST', '/repos/a/b/git/refs', 'git/create-ref', {}],
    ['GET', '/repos/a/b/git/matching-refs/tags/plan/', 'git/list-matching-refs', { ref: 'tags/plan/' }],
    ['GET', '/repos/a/b/compare/main...feature/x', 'repos/compare-commits-with-basehead', { basehead: 'main...feature/x' }],
    ['GET', '/repos/a/b/issues/comments/5', 'issues/get-comment', { comment_id: '5' }],
    ['GET', '/repos/a/b/issues/5/comments', 'issues/list-comments', { issue_number: '5' }],
  ])('%s %s is %s', (method, path, operationId, params) => {
    const m = router.match(method, path);
    expect(m).not.toBe('method');
    expect(m && m !== 'method' ? [m.route.operationId, m.params] : m).toEqual([operationId, expect.objectContaining(params)]);
  });

  it('tells a wrong method from an unknown path', () => {
    expect(router.match('DELETE', '/repos/a/b/pulls')).toBe('method');
    expect(router.match('GET', '/nothing/here')).toBeUndefined();
  });
});
