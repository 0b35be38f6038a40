/**
 * Scenarios 2, 3 and 6: the functions, wired as production wires them, while their PostgreSQL server is really
 * stopped and started again (same data directory), or hung (every process stopped with SIGSTOP, or a lock held by
 * another transaction), fed through ElasticMQ as Lambda's event source mapping feeds them.
 */
package io.cognitosuite.reliability.outage;
