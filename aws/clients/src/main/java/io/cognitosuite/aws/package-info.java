/**
 * What every AWS adapter of the suite shares: the one way a client is built ({@link io.cognitosuite.aws.AwsClients}),
 * the one rule for which failures may pass ({@link io.cognitosuite.aws.AwsFailures}), the one deadline-bounded
 * retry ({@link io.cognitosuite.aws.DeadlineRetry}), and how an AWS SDK failure is named in a log line or an
 * exception message ({@link io.cognitosuite.aws.AwsErrorCode}): never the SDK's message, which can quote the
 * request. Depends on no service client.
 */
package io.cognitosuite.aws;
