/** The composition root of the consumers artifact. Not API. */
package io.cognitosuite.consumers.internal;
