package io.cognitosuite.triggers.runtime;

import com.fasterxml.jackson.databind.JsonNode;

/** What one trigger does with a checked event; returns the response Cognito gets (usually the event). */
@FunctionalInterface
public interface TriggerLogic {
    JsonNode handle(CognitoEvent event, Invocation invocation) throws MalformedEventException;
}
