package io.cognitosuite.tools.support.users;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** users show prints an outbox row's last error as its code only: the rest is EventBridge's or an exception's text. */
class OutboxErrorTextTest {

    @Test
    void theCodeIsKept_theServicesMessageIsNot() {
        assertThat(UsersShowCommand.errorCode("permanent: ValidationException: Detail for ada@example.com is bad"))
                .isEqualTo("permanent: ValidationException");
        assertThat(UsersShowCommand.errorCode("ThrottlingException")).isEqualTo("ThrottlingException");
        assertThat(UsersShowCommand.errorCode("not a code at all, with spaces: x"))
                .isEqualTo("(an error without a plain code)");
        assertThat(UsersShowCommand.errorCode(null)).isNull();
    }
}
