/**
 * The cold-start benchmark: whole fresh JVMs, timed from the outside. {@link ColdStartBenchmark} runs them;
 * {@link HandlerProbe} and {@link BaselineProbe} are the programs of the child JVMs, copied out of the benchmark
 * jar so that each child's class path holds only what it measures (the unpacked Lambda artifact, or HikariCP,
 * pgjdbc and SLF4J).
 */
package io.cognitosuite.benchmarks.coldstart;
