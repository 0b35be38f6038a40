/**
 * Pre-sign-up policy: allowed, blocked and disposable email domains, auto-confirm and auto-verify
 * rules per trigger source, and the strategy for federated accounts (link to an existing native user,
 * block, or off). Rejections are one fixed sentence, whatever the reason, so that a rejection never
 * tells whether an email already has an account. No database on this path.
 */
package io.cognitosuite.triggers.presignup;
