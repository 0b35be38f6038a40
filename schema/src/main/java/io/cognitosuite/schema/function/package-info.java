/**
 * Deploy-time schema migration as a CloudFormation custom resource: {@link
 * io.cognitosuite.schema.function.MigrationHandler} applies the Flyway migrations on {@code Create} and
 * {@code Update}, keeps everything on {@code Delete}, and always answers CloudFormation through the
 * pre-signed response URL, so that a failed migration fails the deployment instead of leaving the stack
 * waiting for an hour. Packaged alone in the schema Lambda artifact (deploy/schema-lambda); never run on a cold start of another
 * function.
 */
package io.cognitosuite.schema.function;
