/**
 * A small subset of the Kusto dialect Azure Resource Graph accepts, enough for cluster discovery:
 *
 *     Resources
 *     | where type =~ 'microsoft.containerservice/managedclusters' and location in~ ('westeurope')
 *     | project id, name, resourceGroup, subscriptionId, version = properties.kubernetesVersion
 *     | order by name asc
 *     | limit 50
 *
 * Operators: `where` (`==`, `=~`, `!=`, `!~`, `in`, `in~`, `contains`, joined by `and`),
 * `project` (fields, dotted paths, `alias = path`), `order by`/`sort by`, `limit`/`take`.
 * Anything else throws `ResourceGraphQueryError`, which ARM answers as InvalidQuery.
 */
export class ResourceGraphQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResourceGraphQueryError';
  }
}

export type GraphRow = Record<string, unknown>;

export function runResourceGraphQuery(query: string, rows: GraphRow[]): GraphRow[] {
  const [table, ...stages] = splitOutsideQuotes(query, '|').map((s) => s.trim());
  if (!table || !/^resources$/i.test(table)) throw new ResourceGraphQueryError(`unsupported table '${table ?? ''}': only Resources is simulated`);
  let result = rows;
  for (const stage of stages) {
    const [, operator = '', rest = ''] = /^(\w+(?:\s+by)?)\s*(.*)$/is.exec(stage) ?? [];
    switch (operator.toLowerCase().replace(/\s+/g, ' ')) {
      case 'where':
        result = result.filter(compileWhere(rest));
        break;
      case 'project':
        result = result.map(compileProject(rest));
        break;
      case 'order by':
      case 'sort by':
        result = sortRows(result, rest);
        break;
      case 'limit':
      case 'take':
        result = result.slice(0, parseCount(rest));
        break;
      default:
        throw new ResourceGraphQueryError(`unsupported operator '${operator}'`);
    }
  }
  return result;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  let depth = 0;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '(') {
      depth += 1;
    } else if (char === ')') {
      depth -= 1;
    } else if (depth === 0 && char === separator) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  if (quote) throw new ResourceGraphQueryError('unterminated string literal');
  parts.push(current);
  return parts;
}

function readPath(row: GraphRow, path: string): unknown {
  let value: unknown = row;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    const record = value as Record<string, unknown>;
    // Resource Graph column names are case-insensitive.
    const actual = Object.keys(record).find((k) => k.toLowerCase() === key.toLowerCase());
    value = actual === undefined ? undefined : record[actual];
  }
  return value;
}

function parseLiteral(text: string): string {
  const match = /^\s*(['"])(.*)\1\s*$/s.exec(text);
  if (!match) throw new ResourceGraphQueryError(`expected a string literal, got '${text.trim()}'`);
  return match[2]!;
}

function compileWhere(expression: string): (row: GraphRow) => boolean {
  const conditions = expression.split(/\s+and\s+/i).map(compileCondition);
  return (row) => conditions.every((condition) => condition(row));
}

function compileCondition(condition: string): (row: GraphRow) => boolean {
  const match = /^\s*([\w.]+)\s*(==|=~|!=|!~|in~|in|contains)\s*(.+)$/is.exec(condition);
  if (!match) throw new ResourceGraphQueryError(`unsupported condition '${condition.trim()}'`);
  const [, path = '', operator = '', operand = ''] = match;
  const asText = (row: GraphRow) => {
    const value = readPath(row, path);
    return value === undefined || value === null ? '' : String(value);
  };
  if (operator === 'in' || operator === 'in~') {
    const list = /^\((.*)\)\s*$/s.exec(operand.trim());
    if (!list) throw new ResourceGraphQueryError(`expected a list after '${operator}'`);
    const values = splitOutsideQuotes(list[1]!, ',').map(parseLiteral);
    if (operator === 'in') return (row) => values.includes(asText(row));
    const lower = values.map((v) => v.toLowerCase());
    return (row) => lower.includes(asText(row).toLowerCase());
  }
  const literal = parseLiteral(operand);
  switch (operator) {
    case '==':
      return (row) => asText(row) === literal;
    case '!=':
      return (row) => asText(row) !== literal;
    case '=~':
      return (row) => asText(row).toLowerCase() === literal.toLowerCase();
    case '!~':
      return (row) => asText(row).toLowerCase() !== literal.toLowerCase();
    default:
      return (row) => asText(row).toLowerCase().includes(literal.toLowerCase());
  }
}

function compileProject(columns: string): (row: GraphRow) => GraphRow {
  const fields = splitOutsideQuotes(columns, ',').map((column) => {
    const match = /^\s*(?:(\w+)\s*=\s*)?([\w.]+)\s*$/.exec(column);
    if (!match) throw new ResourceGraphQueryError(`unsupported projection '${column.trim()}'`);
    const path = match[2]!;
    return { name: match[1] ?? path.split('.').pop()!, path };
  });
  return (row) => Object.fromEntries(fields.map((f) => [f.name, readPath(row, f.path) ?? null]));
}

function sortRows(rows: GraphRow[], spec: string): GraphRow[] {
  const keys = splitOutsideQuotes(spec, ',').map((part) => {
    const match = /^\s*([\w.]+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!match) throw new ResourceGraphQueryError(`unsupported sort key '${part.trim()}'`);
    // Kusto sorts descending unless told otherwise.
    return { path: match[1]!, direction: match[2]?.toLowerCase() === 'asc' ? 1 : -1 };
  });
  return [...rows].sort((a, b) => {
    for (const key of keys) {
      const left = String(readPath(a, key.path) ?? '');
      const right = String(readPath(b, key.path) ?? '');
      if (left !== right) return left < right ? -key.direction : key.direction;
    }
    return 0;
  });
}

function parseCount(text: string): number {
  const count = Number(text.trim());
  if (!Number.isInteger(count) || count < 0) throw new ResourceGraphQueryError(`expected a row count, got '${text.trim()}'`);
  return count;
}
