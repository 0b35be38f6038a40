/**
 * Settings read once from the environment into validated, immutable records. A bad or missing
 * variable fails at start with a message that names it; secrets never appear in messages.
 */
package io.cognitosuite.core.config;
