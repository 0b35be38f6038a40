/**
 * What every AWS adapter of the suite shares: the one way a client is built ({@link io.cognitosuite.aws.AwsClients}),
 * and how an AWS SDK failure is named in a log line or an exception message ({@link io.cognitosuite.aws.AwsErrorCode}):
 * never the SDK's message, which can quote the request. Depends on no service client.
 */
package io.cognitosuite.aws;
