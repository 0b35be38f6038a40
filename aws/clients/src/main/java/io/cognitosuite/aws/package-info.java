/**
 * What every AWS adapter of the suite shares: one way to build a client ({@link io.cognitosuite.aws.AwsClients}),
 * how an AWS SDK failure is named in a log line or an exception message ({@link io.cognitosuite.aws.AwsErrorCode};
 * never the SDK's message, which can quote the request), which failures are worth another attempt
 * ({@link io.cognitosuite.aws.AwsFailures}), and the one retry bounded by the caller's deadline
 * ({@link io.cognitosuite.aws.DeadlineRetry}).
 */
package io.cognitosuite.aws;
