/**
 * The suite's one vocabulary for time. A {@link io.cognitosuite.core.time.Deadline} is made once from the
 * invocation and a budget and handed to every port that waits, which asks it how much time is
 * {@linkplain io.cognitosuite.core.time.Deadline#left() left}; {@link io.cognitosuite.core.time.Reserves} names, in
 * one place, the time each function keeps back before its own deadline (the README's "Time budgets" table).
 */
package io.cognitosuite.core.time;
