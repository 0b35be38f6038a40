/**
 * Scenarios 2 and 3: the provisioning consumer, wired as production wires it, while its PostgreSQL server is really
 * stopped and started again (same data directory), fed through ElasticMQ as Lambda's event source mapping feeds it.
 */
package io.cognitosuite.reliability.outage;
