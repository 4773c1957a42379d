// Checks real answers against the OpenAPI document the server publishes
// (docs/openapi.json): the schema it declares for that operation (method
// and path) and status, compiled with ajv. Used by the public API's tests
// and the Admin API's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import assert from 'node:assert/strict';
import { root } from './server.mjs';

export const DOC = JSON.parse(readFileSync(path.join(root, 'docs/openapi.json'), 'utf8'));
const PREFIX = new URL(DOC.servers[0].url, 'http://x').pathname; // "/api/v1"

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(DOC, 'openapi');

// Path templates, those with fewer parameters first: a concrete segment
// ("/admin/articles/{id}") is matched before a parameter ("/{lang}/articles/{id}").
const templates = Object.keys(DOC.paths).sort((a, b) => (a.match(/\{/g) || []).length - (b.match(/\{/g) || []).length);

// The path template of the document that a concrete path (/api/v1/...) matches, or null.
export function templateOf(pathname) {
  if (!pathname.startsWith(PREFIX + '/')) return null;
  const rest = pathname.slice(PREFIX.length);
  return templates.find(t => new RegExp('^' + t.replace(/\{[^}]+\}/g, '[^/]+') + '$').test(rest)) ?? null;
}

// The operation the document declares for method on pathname, or null.
export function operationOf(method, pathname) {
  const t = templateOf(pathname);
  const m = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
  return t && DOC.paths[t][m] ? { template: t, method: m, operation: DOC.paths[t][m] } : null;
}

// Follows a "#/components/..." reference.
export const deref = r => (r && r.$ref ? r.$ref.split('/').slice(1).reduce((o, k) => o[k], DOC) : r);

const compiled = new Map();
function check(schema, body, what) {
  const key = JSON.stringify(schema);
  if (!compiled.has(key)) compiled.set(key, ajv.compile(schema.$ref ? { $ref: 'openapi' + schema.$ref } : schema));
  const fn = compiled.get(key);
  assert.ok(fn(body), `${what} matches the document: ${ajv.errorsText(fn.errors)}`);
}

// Asserts that body, a JSON answer with status to method on pathname,
// is what the document declares for it; gives the response object used.
export function validate(method, pathname, status, body) {
  const op = operationOf(method, pathname);
  const what = `${method} ${pathname} (${status})`;
  assert.ok(op, `the document describes ${method} ${pathname}`);
  const response = deref(op.operation.responses[String(status)]);
  assert.ok(response, `the document declares ${status} for ${method.toUpperCase()} ${op.template}`);
  check(response.content['application/json'].schema, body, what);
  return response;
}

// Asserts that body matches a response of components.responses (for
// answers outside any operation: 405s, unknown addresses).
export function validateAs(responseName, body, what) {
  check(deref({ $ref: '#/components/responses/' + responseName }).content['application/json'].schema, body, what);
}
