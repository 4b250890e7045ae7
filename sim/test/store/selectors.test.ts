import { describe, expect, it } from 'vitest';
import { compileSelectors, parseLabelSelector, SelectorParseError } from '../../src/store/selectors.js';
import type { KubeObject } from '../../src/store/types.js';

function pod(name: string, namespace: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, status: { phase: 'Running' } };
}

const web = pod('web-1', 'apps', { app: 'web', tier: 'frontend' });
const api = pod('api-1', 'apps', { app: 'api', tier: 'backend', canary: 'true' });
const job = pod('job-1', 'batch', { app: 'job' });

describe('label and field selectors', () => {
  const cases: Array<{ label?: string; field?: string; matches: string[] }> = [
    { label: 'app=web', matches: ['web-1'] },
    { label: 'app==web', matches: ['web-1'] },
    { label: 'app!=web', matches: ['api-1', 'job-1'] },
    { label: 'tier!=frontend', matches: ['api-1', 'job-1'] },
    { label: 'app in (web,api)', matches: ['web-1', 'api-1'] },
    { label: 'app in ( web , job )', matches: ['web-1', 'job-1'] },
    { label: 'app notin (web)', matches: ['api-1', 'job-1'] },
    { label: 'tier notin (frontend)', matches: ['api-1', 'job-1'] },
    { label: 'canary', matches: ['api-1'] },
    { label: '!canary', matches: ['web-1', 'job-1'] },
    { label: 'app in (web,api),tier=backend', matches: ['api-1'] },
    { label: 'tier,!canary', matches: ['web-1'] },
    { label: '', matches: ['web-1', 'api-1', 'job-1'] },
    { field: 'metadata.name=job-1', matches: ['job-1'] },
    { field: 'metadata.namespace==apps', matches: ['web-1', 'api-1'] },
    { field: 'metadata.namespace!=apps', matches: ['job-1'] },
    { field: 'metadata.namespace=apps,metadata.name!=web-1', matches: ['api-1'] },
    { field: 'status.phase=Running', matches: ['web-1', 'api-1', 'job-1'] },
    { label: 'app=web', field: 'metadata.namespace=batch', matches: [] },
  ];
  it.each(cases)('label "$label" field "$field" selects $matches', ({ label, field, matches }) => {
    const predicate = compileSelectors(label, field);
    const selected = [web, api, job].filter((object) => !predicate || predicate(object)).map((object) => object.metadata.name);
    expect(selected).toEqual(matches);
  });

  it.each(['app in (web', 'app=web)', 'bad key!=x', 'app=a b', '!', 'app=web,,'])('rejects malformed label selector %j', (selector) => {
    expect(() => parseLabelSelector(selector)).toThrow(SelectorParseError);
  });

  it('rejects a malformed field selector', () => {
    expect(() => compileSelectors(undefined, 'metadata.name')).toThrow(SelectorParseError);
  });

  it('parses operators into requirements', () => {
    expect(parseLabelSelector('a=b,c!=d,e in (f,g),h notin (i),j,!k')).toEqual([
      { key: 'a', operator: 'equals', values: ['b'] },
      { key: 'c', operator: 'notEquals', values: ['d'] },
      { key: 'e', operator: 'in', values: ['f', 'g'] },
      { key: 'h', operator: 'notIn', values: ['i'] },
      { key: 'j', operator: 'exists', values: [] },
      { key: 'k', operator: 'doesNotExist', values: [] },
    ]);
  });
});
