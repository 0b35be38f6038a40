/**
 * What every AWS adapter of the suite shares: how an AWS SDK failure is named in a log line or an exception
 * message ({@link io.cognitosuite.aws.AwsErrorCode}). Never the SDK's message, which can quote the request.
 */
package io.cognitosuite.aws;
