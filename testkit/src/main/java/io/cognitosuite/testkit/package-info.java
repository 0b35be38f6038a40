/**
 * Real servers for tests and the local stack: embedded PostgreSQL (zonky binaries) and embedded
 * ElasticMQ speaking the SQS protocol. Nothing here may reach a Lambda artifact; modules depend on
 * it with {@code test} scope only.
 */
package io.cognitosuite.testkit;
