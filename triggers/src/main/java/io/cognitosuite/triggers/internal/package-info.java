/** The composition root of the triggers artifact: each trigger's settings record, clients and service, wired. Not API. */
package io.cognitosuite.triggers.internal;
