/**
 * Not API: the consumers' settings records, read from the environment, and the processors of the functions
 * deployed in this execution environment (built by {@link io.cognitosuite.consumers.ConsumerComponents}).
 */
package io.cognitosuite.consumers.internal;
