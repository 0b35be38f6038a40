/** The composition root of the triggers artifact: settings from the environment, clients, services. Not API. */
package io.cognitosuite.triggers.internal;
