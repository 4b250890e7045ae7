/** What the tests read of an answer: status, the text, its JSON (undefined when it is not JSON) and headers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response JSON
export type JsonAnswer = { status: number; text: string; json: any; headers: Headers };

/** One HTTP call to a server under test; a string body is sent as is, anything else as JSON. */
export async function requestJson(baseUrl: string, method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  const response = await fetch(`${baseUrl}${urlPath}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, headers: response.headers };
}
