/**
 * Who is calling an API behind API Gateway: {@link io.cognitosuite.api.auth.GatewayClaims} reads the claims the
 * gateway's authorizer verified (HTTP API payload 2.0 JWT authorizer, or REST API Cognito authorizer),
 * {@link io.cognitosuite.api.auth.ClaimLists} reads list claims in every form the gateway renders them, and
 * {@link io.cognitosuite.api.auth.AuthContext} is the caller's identity, or an
 * {@link io.cognitosuite.api.auth.AuthenticationException} (401). Identity only: what a caller may do is decided by the
 * app database, never by a claim.
 */
package io.cognitosuite.api.auth;
