/**
 * Kubernetes equality-based label selector (`a=b`, `a==b`, `a!=b`, `a`, `!a`, comma-separated,
 * all must hold), as role bindings use it to scope clusters. Returns undefined for a selector
 * that does not parse, so callers decide how to report it.
 */
export function compileLabelSelector(selector: string): ((labels: Readonly<Record<string, string>>) => boolean) | undefined {
  const requirements: Array<(labels: Readonly<Record<string, string>>) => boolean> = [];
  for (const part of selector.split(',').map((value) => value.trim()).filter(Boolean)) {
    const match = /^(!?)([A-Za-z0-9][-A-Za-z0-9_./]*)\s*(?:(!=|==|=)\s*([-A-Za-z0-9_.]*))?$/.exec(part);
    if (!match || (match[1] && match[3])) return undefined;
    const [, negate, key, operator, value] = match as unknown as [string, string, string, string | undefined, string | undefined];
    requirements.push((labels) => {
      const has = Object.prototype.hasOwnProperty.call(labels, key);
      if (!operator) return negate ? !has : has;
      return operator === '!=' ? labels[key] !== value : has && labels[key] === value;
    });
  }
  if (requirements.length === 0) return undefined;
  return (labels) => requirements.every((requirement) => requirement(labels));
}
