// The app's settings from the environment: defaults, bad values named, and nothing secret in what is logged.
import { describe, expect, it } from 'vitest';
import { describeSettings, maskUrl, readSettings } from '../../app/settings.js';

describe('settings', () => {
  it('defaults: in-process queue, file artifact store, reconcile at start', () => {
    expect(readSettings({})).toEqual({
      planKeyPath: undefined, tagKeyPath: undefined, artifactStore: 'file:artifacts', queueUrl: undefined, queueSchema: 'pgboss',
      reconcileOnStart: true, tokenCacheSeconds: 60, writeIntervalMs: 1000,
    });
    expect(readSettings({ MIGRATION_COPILOT_WRITE_INTERVAL_MS: '0' }).writeIntervalMs).toBe(0);
  });

  it('names the variable and what to do when a value is wrong', () => {
    expect(() => readSettings({ QUEUE_URL: 'redis://h' })).toThrow(/QUEUE_URL must be a postgres:\/\/ URL/);
    expect(() => readSettings({ MIGRATION_COPILOT_TOKEN_CACHE_SECONDS: 'soon' })).toThrow(/MIGRATION_COPILOT_TOKEN_CACHE_SECONDS/);
    expect(() => readSettings({ MIGRATION_COPILOT_RECONCILE_ON_START: 'yes' })).toThrow(/true or false/);
    expect(() => readSettings({ MIGRATION_COPILOT_QUEUE_SCHEMA: 'x; drop' })).toThrow(/identifier/);
    expect(() => readSettings({ MIGRATION_COPILOT_WRITE_INTERVAL_MS: '-5' })).toThrow(/MIGRATION_COPILOT_WRITE_INTERVAL_MS must be a whole number of milliseconds/);
  });

  it('logs whether keys are set, never their paths, and masks a queue password', () => {
    const s = readSettings({
      MIGRATION_COPILOT_PLAN_KEY: '/secrets/plan.pem', MIGRATION_COPILOT_TAG_KEY: '/secrets/tag', QUEUE_URL: 'postgres://app:s3cret@db:5432/q',
    });
    const shown = JSON.stringify(describeSettings(s));
    expect(shown).not.toContain('s3cret');
    expect(shown).not.toContain('/secrets/');
    expect(describeSettings(s)).toMatchObject({ planKey: true, tagKey: true, queue: 'pg-boss postgres://app:***@db:5432/q' });
    expect(() => readSettings({ QUEUE_URL: 'mysql://u:hunter2@h/db' })).toThrow(/mysql:\/\/u:\*\*\*@h\/db/);
    expect(maskUrl('postgres://h/db')).toBe('postgres://h/db');
  });
});
