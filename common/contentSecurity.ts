/**
 * The renderer's Content-Security-Policy, sent by both hosts: only our own scripts and styles,
 * no inline script, no eval, no plugins, no framing, no form posts, no network but our own.
 * (Style attributes set from script, as React does, are allowed by CSP without 'unsafe-inline'.)
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
