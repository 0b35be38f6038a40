/** {@code cognito-suite audit list}: what support changed, by whom, with what result. */
package io.cognitosuite.tools.support.audit;
