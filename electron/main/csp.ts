/**
 * The renderer's Content-Security-Policy, one definition for the desktop window (meta tag,
 * checked by a test against renderer/index.html) and the preview host (header).
 * style-src needs 'unsafe-inline': AG Grid's theming and Ant Design inject <style> at run time.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
