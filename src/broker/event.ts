// The two shapes in which DigitalOcean hands a raw web function its request, reduced to one.
//   event.http: { method, headers, path, body, isBase64Encoded, queryString }   (DigitalOcean's own form)
//   event.__ow_method, __ow_headers, __ow_path, __ow_body, __ow_query          (OpenWhisk's raw HTTP form)

/** An HTTP request as the broker reads it. */
export interface WebRequest {
  /** Upper case: `POST`, `DELETE`. */
  method: string;
  /** The path after the function's URL, `/` at least, without a trailing `/`: `/keys`, `/keys/dof_v1_…`. */
  path: string;
  /** Names in lower case. */
  headers: Record<string, string>;
  query: URLSearchParams;
  /** The body as text, base64 decoded where the platform encoded it. */
  body: string;
}

/** What a web function returns: DigitalOcean turns it into the HTTP answer. */
export interface WebResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

type Fields = Record<string, unknown>;

export function readEvent(event: unknown): WebRequest {
  const fields = isObject(event) ? event : {};
  if (isObject(fields.http)) {
    const http = fields.http;
    return request(http.method, http.path, http.headers, http.queryString, decodeBody(http.body, http.isBase64Encoded));
  }
  return request(fields.__ow_method, fields.__ow_path, fields.__ow_headers, fields.__ow_query, decodeBody(fields.__ow_body, undefined));
}

function request(method: unknown, path: unknown, headers: unknown, query: unknown, body: string): WebRequest {
  const names = Object.entries(isObject(headers) ? headers : {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return {
    method: text(method).toUpperCase(),
    path: `/${text(path).replace(/^\/+|\/+$/g, '')}`,
    headers: Object.fromEntries(names.map(([name, value]) => [name.toLowerCase(), value])),
    query: new URLSearchParams(text(query)),
    body,
  };
}

/**
 * OpenWhisk base64-encodes a raw body it takes for binary, JSON included, and sends text as it is; the flag says
 * which where the platform sets it. Without the flag: base64 never holds `{`, so a body that opens with one is text.
 */
function decodeBody(body: unknown, isBase64Encoded: unknown): string {
  const raw = text(body);
  const base64 = isBase64Encoded === undefined ? !raw.trimStart().startsWith('{') : isBase64Encoded === true;
  return base64 ? Buffer.from(raw, 'base64').toString('utf8') : raw;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
