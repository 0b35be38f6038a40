/**
 * A read-only model of a CloudFormation/SAM template for tests: YAML with its intrinsic-function tags
 * ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, ...) turned into the JSON form ({@code {"Ref": ...}}), the
 * names a value refers to, and an evaluator of intrinsic functions for sample parameter values.
 */
package io.cognitosuite.deploy.template;
