// The one place that talks to the fact-check API. It never throws: every way a request can end
// is returned as an "outcome" object, which state.js turns into what the panel shows.
import { endpointUrl } from './config.js';

export const DEFAULT_TIMEOUT_MS = 25_000;

/**
 * POST {apiUrl}/v1/check.
 *
 *   await checkClaim({apiUrl: 'http://127.0.0.1:8000', claim: 'Kherson has 280,000 people'})
 *   // {type: 'answer', status: 200, body: {...}}
 *   // {type: 'http-error', status: 503, body: {detail: '...'}, text: null}
 *   // {type: 'network-error', message: 'fetch failed'} | {type: 'timeout', timeoutMs} | ...
 */
export async function checkClaim({
  apiUrl,
  apiKey = '',
  claim,
  topK,
  fetchImpl = globalThis.fetch,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  signal,
}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  const payload = { claim };
  if (topK !== undefined && topK !== null) payload.top_k = topK;

  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const failed = (err) => {
    if (signal?.aborted) return { type: 'aborted' };
    if (timeout.aborted) return { type: 'timeout', timeoutMs };
    return { type: 'network-error', message: String(err?.message ?? err) };
  };

  let response;
  let text;
  try {
    response = await fetchImpl(endpointUrl(apiUrl), {
      method: 'POST',
      headers,
      body: JSON.stringify(payload),
      signal: combined,
      credentials: 'omit',
      cache: 'no-store',
    });
    text = await response.text();
  } catch (err) {
    return failed(err);
  }

  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (response.ok) {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      return {
        type: 'bad-response',
        status: response.status,
        message: 'The API answered, but not with a JSON object.',
      };
    }
    return { type: 'answer', status: response.status, body: json };
  }
  return {
    type: 'http-error',
    status: response.status,
    body: json,
    text: json === null ? String(text ?? '').slice(0, 500) : null,
  };
}
