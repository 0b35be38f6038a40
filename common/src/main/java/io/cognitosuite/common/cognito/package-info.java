/** Amazon Cognito user pool API adapters, built like every AWS client of the suite ({@link io.cognitosuite.common.sqs.AwsClients}). */
package io.cognitosuite.common.cognito;
