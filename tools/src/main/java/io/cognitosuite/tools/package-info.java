/**
 * The {@code cognito-suite} CLI: a local stack of every function on embedded PostgreSQL and ElasticMQ
 * (or the servers in {@code DATABASE_URL} / {@code AWS_ENDPOINT_URL_SQS}) behind a Lambda Invoke API
 * endpoint, an SQS event-source poller, one-off invocations of sample events, and the demo.
 */
package io.cognitosuite.tools;
