/**
 * The Content-Security-Policy of a rendered report (HTML), one for the API's report route,
 * its export route and the portal's downloads. The report's stylesheet is inline, so it
 * has a policy of its own, and never any script: reports may be opened straight in a
 * browser from the app's origin.
 */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";
