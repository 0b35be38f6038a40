/**
 * The admin routes of the API: {@code PUT /admin/users/{sub}/role} and {@code POST /admin/users}, as a service the
 * router calls ({@link io.cognitosuite.api.function.admin.AdminRoutes}) with a caller the authorizer identified, the
 * raw path segment and body, the request id and a deadline. Strict parsing of bodies and ids, the app-admin and
 * {@code api/admin} scope checks, and the one-transaction change through the core ports
 * ({@code AdminUserChanges}, {@code UserInvitations}); no HTTP routing and no adapters here.
 */
package io.cognitosuite.api.function.admin;
