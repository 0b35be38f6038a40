/**
 * Contract tests of {@code template.yaml} and of the Lambda artifacts it deploys. {@code *Test} classes read
 * files only; {@code *IT} classes open the built jars, start them in child JVMs and talk to loopback servers
 * and a real PostgreSQL.
 */
package io.cognitosuite.deploy;
