/**
 * Kubernetes label selectors (`metav1.LabelSelector`) as objects carry them: `matchLabels` and
 * `matchExpressions` (In, NotIn, Exists, DoesNotExist), all of which must hold. Parsed
 * defensively from an object's spec: a selector that cannot be understood matches nothing, as
 * the API server would refuse it.
 */
export interface LabelSelector {
  matchLabels?: Readonly<Record<string, string>>;
  matchExpressions?: ReadonlyArray<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: readonly string[] }>;
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The selector in `value`, or undefined when it is not a well-formed LabelSelector. */
export function labelSelectorFrom(value: unknown): LabelSelector | undefined {
  if (!isRecord(value)) return undefined;
  const selector: { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }> } = {};
  if (value.matchLabels !== undefined) {
    if (!isRecord(value.matchLabels) || !Object.values(value.matchLabels).every((label) => typeof label === 'string')) return undefined;
    selector.matchLabels = { ...(value.matchLabels as Record<string, string>) };
  }
  if (value.matchExpressions !== undefined) {
    if (!Array.isArray(value.matchExpressions)) return undefined;
    selector.matchExpressions = [];
    for (const item of value.matchExpressions) {
      if (!isRecord(item) || typeof item.key !== 'string' || typeof item.operator !== 'string' || !OPERATORS.has(item.operator)) return undefined;
      const values = item.values === undefined ? undefined : Array.isArray(item.values) && item.values.every((v) => typeof v === 'string') ? (item.values as string[]) : null;
      if (values === null) return undefined;
      selector.matchExpressions.push({ key: item.key, operator: item.operator as 'In', ...(values ? { values: [...values] } : {}) });
    }
  }
  return selector;
}

/** Whether `labels` satisfy every requirement of the selector (an empty selector matches all). */
export function matchesLabelSelector(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const present = Object.prototype.hasOwnProperty.call(labels, key);
    if (operator === 'Exists' && !present) return false;
    if (operator === 'DoesNotExist' && present) return false;
    if (operator === 'In' && !(present && values.includes(labels[key]!))) return false;
    if (operator === 'NotIn' && present && values.includes(labels[key]!)) return false;
  }
  return true;
}
