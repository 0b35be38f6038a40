package io.cognitosuite.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What counts as unset: an absent name, a blank value and a null value read the same. */
class EnvironmentReaderTest {

    @Test
    void aNullValue_isUnset_likeAnAbsentName() {
        Map<String, String> environment = new HashMap<>();
        environment.put("DATABASE_PASSWORD", null);
        environment.put("DATABASE_URL", null);
        environment.put(null, "no name");

        EnvironmentReader env = new EnvironmentReader(environment);

        assertThat(env.secret("DATABASE_PASSWORD", "")).isEmpty();
        assertThat(env.integer("DATABASE_POOL_SIZE", 2, 1, 10)).isEqualTo(2);
        env.required("DATABASE_URL");
        assertThatThrownBy(env::throwIfInvalid)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DATABASE_URL is required but not set");
    }

    @Test
    void aBlankValue_isUnset_andAValueIsStripped() {
        EnvironmentReader env = new EnvironmentReader(Map.of("LOG_LEVEL", "  ", "USER_POOL_ID", " pool "));

        assertThat(env.optional("LOG_LEVEL", "INFO")).isEqualTo("INFO");
        assertThat(env.required("USER_POOL_ID")).isEqualTo("pool");
    }
}
