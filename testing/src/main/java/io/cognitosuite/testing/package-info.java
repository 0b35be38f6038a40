/**
 * Real servers and fixtures for tests and the local stack: embedded PostgreSQL and ElasticMQ, a WireMock EventBridge,
 * TCP proxies that stall or record, log capture, a Lambda context with a real deadline, fakes of ports. Never part
 * of a Lambda artifact.
 */
package io.cognitosuite.testing;
