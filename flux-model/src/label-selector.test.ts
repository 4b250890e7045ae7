import { describe, expect, it } from 'vitest';
import { labelSelectorFrom, matchesLabelSelector } from './label-selector.js';

describe('label selectors', () => {
  const labels = { team: 'a', tier: 'web', canary: '' };

  it.each([
    [{}, true],
    [{ matchLabels: { team: 'a' } }, true],
    [{ matchLabels: { team: 'a', tier: 'db' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['eu'] }] }, true],
    [{ matchExpressions: [{ key: 'canary', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
    [{ matchLabels: { team: 'a' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, false],
  ])('%j matches team=a,tier=web,canary: %s', (selector, expected) => {
    expect(matchesLabelSelector(labelSelectorFrom(selector)!, labels)).toBe(expected);
  });

  it.each([['a string'], [{ matchLabels: { team: 1 } }], [{ matchExpressions: [{ key: 'x', operator: 'Near' }] }], [{ matchExpressions: 'x' }], [{ matchExpressions: [{ key: 'x', operator: 'In', values: 'a' }] }]])(
    'refuses the malformed %j',
    (value) => {
      expect(labelSelectorFrom(value)).toBeUndefined();
    },
  );
});
