package io.cognitosuite.tools.gateway;

/** How a route is protected: not at all ({@code GET /health}) or by the JWT authorizer. */
public enum RouteAuthorization {
    NONE,
    JWT
}
