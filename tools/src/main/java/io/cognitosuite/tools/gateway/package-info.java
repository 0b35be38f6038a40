/**
 * The local API gateway: what API Gateway's HTTP API with a JWT authorizer does in front of the API function, on
 * loopback. {@link io.cognitosuite.tools.gateway.LocalGateway} matches a request to a route of
 * {@link io.cognitosuite.tools.gateway.GatewayRoutes}, has {@link io.cognitosuite.tools.gateway.JwtAuthorizer}
 * verify the bearer token against the issuer's JWKS (nimbus-jose-jwt), renders the verified claims as HTTP API does
 * ({@link io.cognitosuite.tools.gateway.HttpApiClaims}) into a payload 2.0 event
 * ({@link io.cognitosuite.tools.gateway.HttpApiEvents}) and invokes the function. {@link
 * io.cognitosuite.tools.gateway.LocalIssuer} is the issuer the CLI runs itself (keys in {@link
 * io.cognitosuite.tools.gateway.SigningKeys}), and {@link io.cognitosuite.tools.gateway.TokenCommand} is
 * {@code cognito-suite token}. Nothing here logs a token.
 */
package io.cognitosuite.tools.gateway;
