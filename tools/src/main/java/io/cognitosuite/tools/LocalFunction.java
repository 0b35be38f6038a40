package io.cognitosuite.tools;

import com.amazonaws.services.lambda.runtime.Context;

/** One function of the suite as the local stack runs it: event bytes in, response bytes out. */
@FunctionalInterface
public interface LocalFunction {
    /** @throws Exception what the handler threw: Lambda reports it as a function error */
    byte[] invoke(byte[] event, Context context) throws Exception;
}
