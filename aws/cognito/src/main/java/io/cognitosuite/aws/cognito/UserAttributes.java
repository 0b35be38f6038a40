package io.cognitosuite.aws.cognito;

import java.util.List;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;

/** Reading a user's attributes as the user pool API answers them: a list of name and value pairs. */
final class UserAttributes {
    private UserAttributes() {
    }

    /** The value of the attribute named {@code name}, or null when the user has none. */
    static String value(List<AttributeType> attributes, String name) {
        for (AttributeType a : attributes) {
            if (name.equals(a.name())) {
                return a.value();
            }
        }
        return null;
    }

    /** Whether {@code email_verified} is {@code true} (any case); false when absent. */
    static boolean emailVerified(List<AttributeType> attributes) {
        return "true".equalsIgnoreCase(value(attributes, "email_verified"));
    }
}
