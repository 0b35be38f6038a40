/**
 * Shared code of the suite: configuration, domain records, ports and their adapters, the message
 * contract, logging and metrics. Handlers live in {@code triggers} and {@code consumers}.
 */
package io.cognitosuite.core;
