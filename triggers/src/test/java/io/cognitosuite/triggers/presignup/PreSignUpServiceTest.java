package io.cognitosuite.triggers.presignup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.common.config.ConfigurationException;
import io.cognitosuite.common.domain.PoolUser;
import io.cognitosuite.common.json.Json;
import io.cognitosuite.common.port.UserPool;
import io.cognitosuite.common.port.UserPoolUnavailableException;
import io.cognitosuite.common.trigger.CognitoEvent;
import io.cognitosuite.common.trigger.Invocation;
import io.cognitosuite.common.trigger.MalformedEventException;
import io.cognitosuite.common.trigger.TriggerFailedException;
import io.cognitosuite.testkit.ClasspathFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreSignUpServiceTest {
    private final FakeUserPool pool = new FakeUserPool();

    @Test
    void signUp_allowed_byDefault_withoutAutoFlags() throws Exception {
        JsonNode response = run(Map.of(), "sign-up.json").get("response");

        assertThat(response.get("autoConfirmUser").asBoolean()).isFalse();
        assertThat(response.get("autoVerifyEmail").asBoolean()).isFalse();
        assertThat(response.get("autoVerifyPhone").asBoolean()).isFalse();
    }

    @Test
    void signUp_autoConfirmed_whenItsSourceIsConfigured() throws Exception {
        JsonNode response = run(Map.of("AUTO_CONFIRM_TRIGGER_SOURCES", "PreSignUp_SignUp"), "sign-up.json").get("response");

        assertThat(response.get("autoConfirmUser").asBoolean()).isTrue();
        assertThat(response.get("autoVerifyEmail").asBoolean()).as("a self-typed email is never auto-verified").isFalse();
    }

    @Test
    void blockedDomain_andItsSubdomains_areRefused_afterNormalizingTheEmail() {
        assertRefused(Map.of("SIGNUP_BLOCKED_DOMAINS", "Example.com"), "sign-up.json");
        assertRefused(Map.of("SIGNUP_BLOCKED_DOMAINS", "example.com"), "sign-up-mixed-case-email.json");
        assertRefused(Map.of("SIGNUP_BLOCKED_DOMAINS", "com"), "sign-up.json");
    }

    @Test
    void allowList_refusesOtherDomains_andUsersWithoutEmail() throws Exception {
        assertThat(run(Map.of("SIGNUP_ALLOWED_DOMAINS", "example.com, example.org"), "sign-up-mixed-case-email.json")
                .at("/response/autoConfirmUser").isBoolean()).isTrue();
        assertRefused(Map.of("SIGNUP_ALLOWED_DOMAINS", "example.org"), "sign-up.json");
        assertRefused(Map.of("SIGNUP_ALLOWED_DOMAINS", "example.org"), "sign-up-phone-only.json");
    }

    @Test
    void phoneOnlySignUp_isAllowed_withoutAnAllowList() throws Exception {
        assertThat(run(Map.of(), "sign-up-phone-only.json").get("response").get("autoConfirmUser").asBoolean()).isFalse();
    }

    @Test
    void disposableDomains_areRefusedByDefault_andCanBeAllowed() throws Exception {
        assertRefused(Map.of(), "sign-up-disposable-email.json");
        assertThat(run(Map.of("SIGNUP_BLOCK_DISPOSABLE", "false"), "sign-up-disposable-email.json")
                .at("/response/autoConfirmUser").asBoolean()).isFalse();
    }

    @Test
    void disposableList_isExtendedFromAFile_withoutACodeChange(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("more.txt");
        Files.writeString(file, "# our own additions\nexample.com\n");

        assertRefused(Map.of("DISPOSABLE_DOMAINS_FILE", file.toString()), "sign-up.json");
    }

    @Test
    void notAPlainEmail_isRefused() {
        String event = ClasspathFiles.read("events/pre-sign-up/sign-up.json").replace("ada@example.com", "ada@@example.com");

        assertThatThrownBy(() -> service(Map.of()).handle(event(event), invocation()))
                .isInstanceOf(TriggerFailedException.class).hasMessage(PreSignUpService.REFUSED);
    }

    @Test
    void adminCreateUser_getsThePolicy_butNoAutoFlags() throws Exception {
        JsonNode response = run(Map.of("TRUSTED_EMAIL_PROVIDERS", "Google"), "admin-create-user.json").get("response");

        assertThat(response).isEqualTo(Json.parse(ClasspathFiles.read("events/pre-sign-up/admin-create-user.json")).get("response"));
        assertRefused(Map.of("SIGNUP_BLOCKED_DOMAINS", "example.org"), "admin-create-user.json");
    }

    @Test
    void externalProvider_fromATrustedProvider_hasItsEmailVerifiedAndIsConfirmed() throws Exception {
        JsonNode response = run(Map.of("TRUSTED_EMAIL_PROVIDERS", "Google"), "external-provider-google.json").get("response");

        assertThat(response.get("autoVerifyEmail").asBoolean()).isTrue();
        assertThat(response.get("autoConfirmUser").asBoolean()).isTrue();
    }

    @Test
    void externalProvider_fromAnotherProvider_isNotVerified() throws Exception {
        JsonNode response = run(Map.of("TRUSTED_EMAIL_PROVIDERS", "Facebook"), "external-provider-google.json").get("response");

        assertThat(response.get("autoVerifyEmail").asBoolean()).isFalse();
    }

    @Test
    void link_linksTheProviderIdentityToTheNativeUserWithTheSameVerifiedEmail() throws Exception {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);

        run(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"), "external-provider-google.json");

        assertThat(pool.lookups).containsExactly("eu-west-1_Ab12Cd34E ada@example.com");
        assertThat(pool.links).containsExactly("eu-west-1_Ab12Cd34E ada.lovelace Google 109876543210987654321");
    }

    @Test
    void link_withoutANativeUser_letsTheFederatedUserSignUp() throws Exception {
        run(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"), "external-provider-google.json");

        assertThat(pool.lookups).hasSize(1);
        assertThat(pool.links).isEmpty();
    }

    @Test
    void off_neverCallsTheUserPool() throws Exception {
        run(Map.of(), "external-provider-google.json");

        assertThat(pool.lookups).isEmpty();
    }

    @Test
    void userPoolUnavailable_failsTheSignUp_ratherThanMakeADuplicate() {
        pool.failWith = new UserPoolUnavailableException("ListUsers failed: TooManyRequestsException (HTTP 400)", null);

        assertThatThrownBy(() -> run(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"), "external-provider-google.json"))
                .isInstanceOf(TriggerFailedException.class).hasMessage(TriggerFailedException.TRY_AGAIN);
    }

    @Test
    void noUserEnumeration_theExistingAccountRefusal_readsExactlyLikeEveryOtherRefusal() {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);
        String becauseAccountExists = refusal(Map.of("FEDERATED_ACCOUNTS", "block", "TRUSTED_EMAIL_PROVIDERS", "Google"), "external-provider-google.json");
        pool.existing = null;
        String becauseDomainBlocked = refusal(Map.of("FEDERATED_ACCOUNTS", "block", "TRUSTED_EMAIL_PROVIDERS", "Google", "SIGNUP_BLOCKED_DOMAINS", "example.com"),
                "external-provider-google.json");
        String becauseDisposable = refusal(Map.of(), "sign-up-disposable-email.json");
        String becauseNotAllowed = refusal(Map.of("SIGNUP_ALLOWED_DOMAINS", "example.net"), "sign-up.json");

        assertThat(List.of(becauseAccountExists, becauseDomainBlocked, becauseDisposable, becauseNotAllowed))
                .containsOnly(PreSignUpService.REFUSED);
        assertThat(PreSignUpService.REFUSED).doesNotContainIgnoringCase("exist").doesNotContainIgnoringCase("account");
    }

    @Test
    void block_withoutAnExistingAccount_letsTheUserSignUp() throws Exception {
        JsonNode response = run(Map.of("FEDERATED_ACCOUNTS", "block", "TRUSTED_EMAIL_PROVIDERS", "Google"),
                "external-provider-google.json").get("response");

        assertThat(response.get("autoVerifyEmail").asBoolean()).isTrue();
        assertThat(pool.lookups).hasSize(1);
    }

    @Test
    void lowerCaseProviderPrefix_isMatchedToTheConfiguredName_andLinkedUnderIt() throws Exception {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);

        JsonNode response = run(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"),
                "external-provider-google-lower-case.json").get("response");

        assertThat(pool.links).containsExactly("eu-west-1_Ab12Cd34E ada.lovelace Google 109876543210987654321");
        assertThat(response.get("autoVerifyEmail").asBoolean()).isTrue();
    }

    @Test
    void untrustedProvider_isNeverLinked_evenWhenTheEmailMatches() throws Exception {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);

        JsonNode response = run(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"),
                "external-provider-untrusted-oidc.json").get("response");

        assertThat(pool.lookups).isEmpty();
        assertThat(pool.links).isEmpty();
        assertThat(response.get("autoVerifyEmail").asBoolean()).isFalse();
    }

    @Test
    void providerReportingTheEmailUnverified_isNotLinked() throws Exception {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);
        String event = ClasspathFiles.read("events/pre-sign-up/external-provider-google.json")
                .replace("\"email\": \"ada@example.com\",", "\"email\": \"ada@example.com\", \"email_verified\": \"false\",");

        service(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google")).handle(event(event), invocation());

        assertThat(event).contains("\"email_verified\": \"false\"");
        assertThat(pool.links).isEmpty();
    }

    @Test
    void permanentApiRefusal_letsTheSignUpGoAheadUnlinked() throws Exception {
        pool.failWith = new UserPoolUnavailableException("ListUsers failed: InvalidParameterException (HTTP 400)", false, null);

        JsonNode response = run(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"),
                "external-provider-google.json").get("response");

        assertThat(response.get("autoVerifyEmail").asBoolean()).isTrue();
        assertThat(pool.links).isEmpty();
    }

    @Test
    void otherTriggerSource_isMalformed() {
        String event = ClasspathFiles.read("events/pre-sign-up/sign-up.json").replace("PreSignUp_SignUp", "PostConfirmation_ConfirmSignUp");

        assertThatThrownBy(() -> service(Map.of()).handle(event(event), invocation())).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void settings_nameEveryBadVariable() {
        assertThatThrownBy(() -> service(Map.of(
                "AUTO_CONFIRM_TRIGGER_SOURCES", "PreSignUp_AdminCreateUser,PreSignUp_Anything",
                "FEDERATED_ACCOUNTS", "merge",
                "SIGNUP_BLOCK_DISPOSABLE", "yes",
                "DISPOSABLE_DOMAINS_FILE", "/no/such/file")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Cognito ignores auto-confirm for users created by an administrator")
                .hasMessageContaining("'PreSignUp_Anything'")
                .hasMessageContaining("FEDERATED_ACCOUNTS must be one of [link, block, off] but is 'merge'")
                .hasMessageContaining("SIGNUP_BLOCK_DISPOSABLE must be true or false")
                .hasMessageContaining("DISPOSABLE_DOMAINS_FILE names a file that cannot be read");
    }

    private String refusal(Map<String, String> env, String file) {
        try {
            run(env, file);
            throw new AssertionError("expected a refusal for " + file);
        } catch (TriggerFailedException e) {
            return e.getMessage();
        } catch (MalformedEventException e) {
            throw new AssertionError(e);
        }
    }

    private void assertRefused(Map<String, String> env, String file) {
        assertThatThrownBy(() -> run(env, file)).isInstanceOf(TriggerFailedException.class).hasMessage(PreSignUpService.REFUSED);
    }

    private JsonNode run(Map<String, String> env, String file) throws MalformedEventException {
        return service(env).handle(event(ClasspathFiles.read("events/pre-sign-up/" + file)), invocation());
    }

    private PreSignUpService service(Map<String, String> env) {
        return PreSignUpSettings.service(new HashMap<>(env), pool, Clock.systemUTC());
    }

    private static CognitoEvent event(String json) {
        try {
            return CognitoEvent.from(Json.parse(json));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Invocation invocation() {
        Instant now = Instant.now();
        return new Invocation("PreSignUp", "req-1", now, now.plusSeconds(5));
    }

    private static final class FakeUserPool implements UserPool {
        final List<String> lookups = new ArrayList<>();
        final List<String> links = new ArrayList<>();
        PoolUser existing;
        UserPoolUnavailableException failWith;

        @Override
        public Optional<PoolUser> findNativeUserWithVerifiedEmail(String userPoolId, String email, Duration timeout) {
            assertThat(timeout).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
            lookups.add(userPoolId + " " + email);
            if (failWith != null) {
                throw failWith;
            }
            return Optional.ofNullable(existing);
        }

        @Override
        public void linkFederatedIdentity(String userPoolId, String nativeUsername, String providerName,
                                          String providerUserId, Duration timeout) {
            links.add(userPoolId + " " + nativeUsername + " " + providerName + " " + providerUserId);
        }
    }
}
