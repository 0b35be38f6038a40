package io.cognitosuite.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitosuite.postgres.DatabaseSettings;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.PGProperty;

/**
 * The driver properties as pgjdbc reads them ({@code PGProperty} goes through {@code Properties.getProperty},
 * which returns null for a value that is not a String): what is set but not read is not set at all.
 */
class DatabasePoolConfigTest {
    private static final DatabaseSettings SETTINGS = DatabaseSettings
            .withDefaults("jdbc:postgresql://127.0.0.1:5432/app", "app", "secret")
            .withConnectTimeoutAtMost(Duration.ofMillis(1000))
            .withStatementTimeout(Duration.ofMillis(2500));

    private static Properties driverProperties() {
        return Database.poolConfig(SETTINGS).getDataSourceProperties();
    }

    @Test
    void pool_validatesWithIsValidUnderTheValidationTimeout_soNoConnectionTestQueryIsSet() {
        // Database.borrowsOnCallerThread counts on it: a test query would run under no validation bound.
        assertThat(Database.poolConfig(SETTINGS).getConnectionTestQuery()).isNull();
    }

    @Test
    void driverReadsTheConnectAndLoginTimeouts_inWholeSecondsRoundedUp() throws Exception {
        Properties properties = driverProperties();

        assertThat(PGProperty.CONNECT_TIMEOUT.getInt(properties)).isEqualTo(1);
        assertThat(PGProperty.LOGIN_TIMEOUT.getInt(properties)).isEqualTo(1);
    }

    @Test
    void driverReadsTheSocketTimeout_asTheStatementTimeoutPlusOneSecond() throws Exception {
        assertThat(PGProperty.SOCKET_TIMEOUT.getInt(driverProperties())).isEqualTo(4);
    }

    @Test
    void poolsSocketTimeout_isTheOneTheDriverReads() throws Exception {
        assertThat(Database.socketTimeoutSeconds(SETTINGS)).isEqualTo(PGProperty.SOCKET_TIMEOUT.getInt(driverProperties()));
    }

    @Test
    void boundedCallsNetworkTimeout_isTheTimeLeft_cappedAtThePoolsSocketTimeout() {
        long socketTimeout = 2_000;

        assertThat(Database.networkTimeoutMillis(Duration.ofSeconds(10).toNanos(), socketTimeout)).isEqualTo(2_000);
        assertThat(Database.networkTimeoutMillis(Duration.ofMillis(1_500).toNanos(), socketTimeout)).isEqualTo(1_500);
        assertThat(Database.networkTimeoutMillis(1, socketTimeout)).as("rounded up, never 0 (no timeout)").isEqualTo(1);
    }

    @Test
    void boundedCallsNetworkTimeout_withoutAKnownSocketTimeout_isTheTimeLeft() {
        assertThat(Database.networkTimeoutMillis(Duration.ofSeconds(10).toNanos(), 0)).isEqualTo(10_000);
        assertThat(Database.networkTimeoutMillis(Duration.ofDays(30).toNanos(), 0)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void driverReadsTcpKeepAliveOn_andServerErrorDetailOff() {
        Properties properties = driverProperties();

        assertThat(PGProperty.TCP_KEEP_ALIVE.getBoolean(properties)).isTrue();
        assertThat(PGProperty.LOG_SERVER_ERROR_DETAIL.getBoolean(properties)).isFalse();
    }

    @Test
    void everyDriverProperty_isAString_soThatTheDriverCanReadIt() {
        Properties properties = driverProperties();

        assertThat(properties).isNotEmpty();
        assertThat(properties.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(
                properties.keySet().stream().map(String::valueOf).toList());
        properties.forEach((name, value) -> assertThat(value).as("driver property %s", name).isInstanceOf(String.class));
    }

    @Test
    void pool_runsNoStatementWhenItConnects_soNoSessionIsPinned() {
        // RDS Proxy pins a session that runs SET; the statement timeout is on the role instead.
        assertThat(Database.poolConfig(SETTINGS).getConnectionInitSql()).isNull();
    }

    @Test
    void driver_sendsItsSessionParametersAtStartUp_insteadOfWithSet() {
        // Below 9.0 pgjdbc sends "SET extra_float_digits = 3" and "SET application_name = ..." after connecting.
        String assumed = PGProperty.ASSUME_MIN_SERVER_VERSION.getOrDefault(driverProperties());

        assertThat(assumed).isNotNull();
        assertThat(Double.parseDouble(assumed)).isGreaterThanOrEqualTo(9.0);
    }

    @Test
    void driver_neverUsesNamedServerPreparedStatements() throws Exception {
        assertThat(PGProperty.PREPARE_THRESHOLD.getInt(driverProperties())).isZero();
    }
}
