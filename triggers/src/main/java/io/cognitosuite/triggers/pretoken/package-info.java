/**
 * Pre-token generation: the app role, plan and workspace memberships from PostgreSQL go into the
 * tokens (V1 ID token; V2/V3 ID and access tokens and scopes). Authorization comes from the database
 * only; reserved claims are never emitted; added claims stay within a size budget; database trouble
 * is handled by a configured policy within a hard deadline.
 */
package io.cognitosuite.triggers.pretoken;
