/**
 * Amazon SQS adapters. Clients are built one way ({@link io.cognitosuite.aws.AwsClients}):
 * URL-connection HTTP client, region from {@code AWS_REGION}, endpoint from the SDK's own
 * {@code AWS_ENDPOINT_URL_SQS} when set.
 */
package io.cognitosuite.aws.sqs;
