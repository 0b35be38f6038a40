/** Amazon Cognito user pool API adapters, built like every AWS client of the suite ({@link io.cognitosuite.aws.AwsClients}). */
package io.cognitosuite.aws.cognito;
