// The console speaks only the public GraphQL API (and the audit export), with the signed-in bearer token.

const TOKEN_KEY = 'custody.token';

/** The bearer token lives in sessionStorage: one tab's session, gone when the tab closes. */
export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  signIn: token => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** An error as the API worded it: the message, extensions.code and extensions.field (or the HTTP body's). */
export class ApiError extends Error {
  constructor(message, code, field, status) {
    super(message);
    this.code = code;
    this.field = field;
    this.status = status;
  }
}

/** Called when the server answers 401: the token is gone or no longer works. */
let onUnauthorized = () => {};
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

function headers(extra) {
  return {Authorization: 'Bearer ' + session.token(), 'X-Custody-Source': 'console', ...extra};
}

async function httpError(response) {
  const text = await response.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch (e) {
    // Not JSON: the status line says it.
  }
  const error = new ApiError(body?.message ?? (text.trim() || `HTTP ${response.status}`), body?.code,
      body?.field, response.status);
  if (response.status === 401) onUnauthorized(error);
  return error;
}

/** Runs one GraphQL document; answers data, or throws the first error as the API worded it. */
export async function gql(query, variables = {}) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: headers({'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json'}),
    body: JSON.stringify({query, variables}),
  });
  if (!response.ok && !(response.headers.get('Content-Type') ?? '').includes('json')) {
    throw await httpError(response);
  }
  const body = await response.json().catch(() => null);
  if (response.status === 401 || (!response.ok && !body?.errors)) {
    const error = new ApiError(body?.message ?? `HTTP ${response.status}`, body?.code, body?.field, response.status);
    if (response.status === 401) onUnauthorized(error);
    throw error;
  }
  if (body.errors?.length) {
    const first = body.errors[0];
    const error = new ApiError(body.errors.map(e => e.message).join('\n'), first.extensions?.code,
        first.extensions?.field, response.status);
    error.data = body.data;
    throw error;
  }
  return body.data;
}

/** Downloads a GET endpoint with the bearer token (a plain link could not carry it); answers its size. */
export async function download(path, filename) {
  const response = await fetch(path, {headers: headers()});
  if (!response.ok) throw await httpError(response);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return blob.size;
}
