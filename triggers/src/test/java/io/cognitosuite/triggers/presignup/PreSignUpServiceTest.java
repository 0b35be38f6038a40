package io.cognitosuite.triggers.presignup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cognitosuite.core.domain.PoolUser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cognitosuite.core.json.Json;
import io.cognitosuite.core.observability.Fingerprint;
import io.cognitosuite.core.port.IdentityLinkRefusedException;
import io.cognitosuite.core.port.UserPool;
import io.cognitosuite.core.port.UserPoolUnavailableException;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.triggers.runtime.CognitoEvent;
import io.cognitosuite.triggers.runtime.Invocation;
import io.cognitosuite.triggers.runtime.MalformedEventException;
import io.cognitosuite.triggers.runtime.TriggerFailedException;
import io.cognitosuite.triggers.runtime.TriggerLogic;
import io.cognitosuite.testing.ClasspathFiles;
import io.cognitosuite.testing.LogCapture;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        JsonNode response = run(Map.of("TRUSTED_EMAIL_PROVIDERS", "Google"), "external-provider-google-verified.json").get("response");

        assertThat(response.get("autoVerifyEmail").asBoolean()).isTrue();
        assertThat(response.get("autoConfirmUser").asBoolean()).isTrue();
    }

    @Test
    void externalProvider_fromAnotherProvider_isNotVerified() throws Exception {
        JsonNode response = run(Map.of("TRUSTED_EMAIL_PROVIDERS", "Facebook"), "external-provider-google-verified.json").get("response");

        assertThat(response.get("autoVerifyEmail").asBoolean()).isFalse();
    }

    @Test
    void link_linksTheProviderIdentityToTheNativeUserWithTheSameVerifiedEmail() throws Exception {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);

        run(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"), "external-provider-google-verified.json");

        assertThat(pool.lookups).containsExactly("eu-west-1_Ab12Cd34E ada@example.com");
        assertThat(pool.links).containsExactly("eu-west-1_Ab12Cd34E ada.lovelace Google 109876543210987654321");
    }

    @Test
    void link_withoutANativeUser_letsTheFederatedUserSignUp() throws Exception {
        run(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"), "external-provider-google-verified.json");

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
        pool.failWith = new UserPoolUnavailableException("ListUsers failed: TooManyRequestsException (HTTP 400)", true);

        assertThatThrownBy(() -> run(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"), "external-provider-google-verified.json"))
                .isInstanceOf(TriggerFailedException.class).hasMessage(TriggerFailedException.TRY_AGAIN);
    }

    @Test
    void noUserEnumeration_theExistingAccountRefusal_readsExactlyLikeEveryOtherRefusal() {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);
        String becauseAccountExists = refusal(Map.of("FEDERATED_ACCOUNTS", "block", "TRUSTED_EMAIL_PROVIDERS", "Google"), "external-provider-google-verified.json");
        pool.existing = null;
        String becauseDomainBlocked = refusal(Map.of("FEDERATED_ACCOUNTS", "block", "TRUSTED_EMAIL_PROVIDERS", "Google", "SIGNUP_BLOCKED_DOMAINS", "example.com"),
                "external-provider-google-verified.json");
        String becauseDisposable = refusal(Map.of(), "sign-up-disposable-email.json");
        String becauseNotAllowed = refusal(Map.of("SIGNUP_ALLOWED_DOMAINS", "example.net"), "sign-up.json");

        assertThat(List.of(becauseAccountExists, becauseDomainBlocked, becauseDisposable, becauseNotAllowed))
                .containsOnly(PreSignUpService.REFUSED);
        assertThat(PreSignUpService.REFUSED).doesNotContainIgnoringCase("exist").doesNotContainIgnoringCase("account");
    }

    @Test
    void block_withoutAnExistingAccount_letsTheUserSignUp() throws Exception {
        JsonNode response = run(Map.of("FEDERATED_ACCOUNTS", "block", "TRUSTED_EMAIL_PROVIDERS", "Google"),
                "external-provider-google-verified.json").get("response");

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

    // --- email_verified: only the exact string "true" links or verifies (issue 9, point 1) ---

    @Test
    void externalProvider_withoutEmailVerified_isNeitherLinkedNorVerified_evenFromATrustedProvider() throws Exception {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);

        JsonNode response = run(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"),
                "external-provider-google.json").get("response");

        assertThat(pool.lookups).as("no lookup on an email nobody vouched for").isEmpty();
        assertThat(pool.links).isEmpty();
        assertThat(response.get("autoVerifyEmail").asBoolean()).isFalse();
        assertThat(response.get("autoConfirmUser").asBoolean()).isFalse();
    }

    @ParameterizedTest(name = "email_verified \"{0}\"")
    @ValueSource(strings = {"false", "True", "TRUE", "yes", "1", "", " true", "true "})
    void externalProvider_withAnEmailVerifiedOtherThanExactlyTrue_isNeitherLinkedNorVerified(String value) throws Exception {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);
        String event = withEmailVerified("external-provider-google-verified.json", value);

        JsonNode linked = service(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"))
                .handle(event(event), invocation()).get("response");
        JsonNode blocked = service(Map.of("FEDERATED_ACCOUNTS", "block", "TRUSTED_EMAIL_PROVIDERS", "Google"))
                .handle(event(event), invocation()).get("response");

        assertThat(pool.lookups).isEmpty();
        assertThat(pool.links).isEmpty();
        assertThat(List.of(linked, blocked)).allSatisfy(response -> {
            assertThat(response.get("autoVerifyEmail").asBoolean()).isFalse();
            assertThat(response.get("autoConfirmUser").asBoolean()).isFalse();
        });
    }

    @Test
    void externalProvider_withEmailVerifiedTrue_isLinkedAndVerified() throws Exception {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);

        JsonNode response = run(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"),
                "external-provider-google-verified.json").get("response");

        assertThat(pool.links).containsExactly("eu-west-1_Ab12Cd34E ada.lovelace Google 109876543210987654321");
        assertThat(response.get("autoVerifyEmail").asBoolean()).isTrue();
        assertThat(response.get("autoConfirmUser").asBoolean()).isTrue();
    }

    @Test
    void optedInProvider_withoutEmailVerified_isLinkedAndVerified_itsNameMatchedIgnoringCase() throws Exception {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);

        JsonNode response = run(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google, CorpSaml",
                "EMAIL_VERIFIED_ASSUMED_PROVIDERS", "corpsaml"), "external-provider-saml.json").get("response");

        assertThat(pool.links).containsExactly("eu-west-1_Ab12Cd34E ada.lovelace CorpSaml f3a9c2d47b1e4c559a0e2d8b6e1f0a77");
        assertThat(response.get("autoVerifyEmail").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "email_verified \"{0}\"")
    @ValueSource(strings = {"false", "True"})
    void optedInProvider_thatSendsAnEmailVerifiedOtherThanTrue_isStillNeitherLinkedNorVerified(String value) throws Exception {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);
        String event = ClasspathFiles.read("events/pre-sign-up/external-provider-saml.json")
                .replace("\"email\": \"ada@example.com\",", "\"email\": \"ada@example.com\", \"email_verified\": \"" + value + "\",");

        JsonNode response = service(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "CorpSaml",
                "EMAIL_VERIFIED_ASSUMED_PROVIDERS", "CorpSaml")).handle(event(event), invocation()).get("response");

        assertThat(event).contains("\"email_verified\": \"" + value + "\"");
        assertThat(pool.links).isEmpty();
        assertThat(response.get("autoVerifyEmail").asBoolean()).isFalse();
    }

    @ParameterizedTest(name = "email_verified {0}")
    @ValueSource(strings = {"true", "null"})
    void emailVerifiedThatIsNotAString_isNotBelieved_evenFromAnOptedInProvider(String json) throws Exception {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);
        String event = ClasspathFiles.read("events/pre-sign-up/external-provider-google-verified.json")
                .replace("\"email_verified\": \"true\"", "\"email_verified\": " + json);

        JsonNode response = service(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google",
                "EMAIL_VERIFIED_ASSUMED_PROVIDERS", "Google")).handle(event(event), invocation()).get("response");

        assertThat(event).contains("\"email_verified\": " + json + ",");
        assertThat(pool.links).isEmpty();
        assertThat(response.get("autoVerifyEmail").asBoolean()).isFalse();
    }

    @Test
    void optIn_coversOnlyTheProvidersItNames() throws Exception {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);

        JsonNode response = run(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google, CorpSaml",
                "EMAIL_VERIFIED_ASSUMED_PROVIDERS", "CorpSaml"), "external-provider-google.json").get("response");

        assertThat(pool.links).isEmpty();
        assertThat(response.get("autoVerifyEmail").asBoolean()).isFalse();
    }

    // --- a failed lookup never lets a sign-up through under block or link (issue 9, point 3) ---

    @ParameterizedTest(name = "transient {0}")
    @ValueSource(booleans = {true, false})
    void block_failsClosed_whenTheLookupFails_transientlyOrForGood(boolean transientFailure) {
        pool.failWith = new UserPoolUnavailableException("ListUsers failed: AccessDeniedException (HTTP 400)",
                transientFailure);

        assertThatThrownBy(() -> run(Map.of("FEDERATED_ACCOUNTS", "block", "TRUSTED_EMAIL_PROVIDERS", "Google"),
                "external-provider-google-verified.json"))
                .isInstanceOf(TriggerFailedException.class).hasMessage(TriggerFailedException.TRY_AGAIN);
        assertThat(pool.lookups).hasSize(1);
    }

    @Test
    void link_failsClosed_whenTheLookupIsRefusedForGood() {
        pool.failWith = new UserPoolUnavailableException("ListUsers failed: InvalidParameterException (HTTP 400)", false);

        assertThatThrownBy(() -> run(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"),
                "external-provider-google-verified.json"))
                .isInstanceOf(TriggerFailedException.class).hasMessage(TriggerFailedException.TRY_AGAIN);
        assertThat(pool.links).isEmpty();
    }

    /**
     * Refused for these users for good (the native user has five linked identities): the sign-up goes ahead as a
     * separate user, but its email is not auto-verified, so the unlinked duplicate never holds a verified copy of
     * the native user's email (issue 9, review point 1).
     */
    @Test
    void link_refusedForTheseUsers_goesAheadUnlinked_butNeverAutoVerifiesTheDuplicate() throws Exception {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);
        pool.failLinkWith = new IdentityLinkRefusedException("AdminLinkProviderForUser failed: LimitExceededException (HTTP 400)");
        Invocation invocation = invocation();

        JsonNode response = service(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"))
                .handle(event(ClasspathFiles.read("events/pre-sign-up/external-provider-google-verified.json")), invocation)
                .get("response");

        assertThat(pool.links).hasSize(1);
        assertThat(invocation.counts()).containsEntry("FederatedLinksFailed", 1.0).doesNotContainKey("FederatedIdentitiesLinked");
        assertThat(response.get("autoVerifyEmail").asBoolean()).as("an unlinked duplicate is never auto-verified").isFalse();
        assertThat(response.get("autoConfirmUser").asBoolean()).isFalse();
    }

    /**
     * A link refused for a reason that is not these users' (a missing AdminLinkProviderForUser grant, a wrong pool, a
     * bad request) fails closed: going ahead would give every trusted federated sign-up a duplicate of the native
     * user's email, which Cognito cannot link later (review point 1).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"AccessDeniedException", "NotAuthorizedException", "ResourceNotFoundException",
            "InvalidParameterException"})
    void link_refusedForAConfigurationFault_failsClosed(String errorCode) {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);
        pool.failLinkWith = new UserPoolUnavailableException("AdminLinkProviderForUser failed: " + errorCode + " (HTTP 400)",
                false);
        Invocation invocation = invocation();

        assertThatThrownBy(() -> service(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"))
                .handle(event(ClasspathFiles.read("events/pre-sign-up/external-provider-google-verified.json")), invocation))
                .isInstanceOf(TriggerFailedException.class).hasMessage(TriggerFailedException.TRY_AGAIN);
        assertThat(invocation.counts()).doesNotContainKey("SignUpsAllowed");
    }

    @Test
    void link_failsClosed_whenTheLinkFailsTransiently() {
        pool.existing = new PoolUser("ada.lovelace", "sub-ada", "CONFIRMED", true);
        pool.failLinkWith = new UserPoolUnavailableException("AdminLinkProviderForUser failed: TooManyRequestsException (HTTP 400)",
                true);

        assertThatThrownBy(() -> run(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google"),
                "external-provider-google-verified.json"))
                .isInstanceOf(TriggerFailedException.class).hasMessage(TriggerFailedException.TRY_AGAIN);
    }

    @Test
    void failedLookup_isLoggedWithTheErrorCodeAndStatus_withoutTheEmail() {
        pool.failWith = new UserPoolUnavailableException("ListUsers failed: AccessDeniedException (HTTP 400)", false);

        try (LogCapture logs = LogCapture.start()) {
            assertThatThrownBy(() -> run(Map.of("FEDERATED_ACCOUNTS", "block", "TRUSTED_EMAIL_PROVIDERS", "Google"),
                    "external-provider-google-verified.json")).isInstanceOf(TriggerFailedException.class);

            assertThat(logs.all()).contains("AccessDeniedException").contains("HTTP 400").doesNotContain("ada@example.com");
        }
    }

    // --- the stored user's email rule applies at sign-up, where the user can still choose another (review point 5) ---

    /**
     * Each of these passes the policy's own parsing, but the rule every stored user follows (UserConfirmed) refuses
     * it after confirmation, and then every sign-in fails. Refused here, with the one refusal sentence.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"leading space", "trailing tab", "lone surrogate", "non-character", "NUL", "255 characters"})
    void emailTheStoredUserRuleRefuses_isRefusedAtSignUp_withTheRefusalSentence(String name) {
        String email = switch (name) {
            case "leading space" -> " ada@example.com";
            case "trailing tab" -> "ada@example.com\t";
            case "lone surrogate" -> "ada\uD800@example.com";
            case "non-character" -> "ada\uFFFF@example.com";
            case "NUL" -> "ada\u0000@example.com";
            case "255 characters" -> "a".repeat(243) + "@example.com";
            default -> throw new AssertionError(name);
        };
        for (String source : List.of("sign-up.json", "external-provider-google-verified.json", "admin-create-user.json")) {
            Invocation invocation = invocation();
            assertThatThrownBy(() -> service(Map.of("TRUSTED_EMAIL_PROVIDERS", "Google"))
                    .handle(withEmail(source, email), invocation))
                    .as("%s from %s", name, source)
                    .isInstanceOf(TriggerFailedException.class).hasMessage(PreSignUpService.REFUSED);
            assertThat(invocation.counts()).containsEntry("SignUpsRefused", 1.0);
        }
    }

    @Test
    void emailOfExactly254Characters_isAllowed() throws Exception {
        String email = "a".repeat(242) + "@example.com";

        JsonNode response = service(Map.of()).handle(withEmail("sign-up.json", email), invocation()).get("response");

        assertThat(response.get("autoConfirmUser").asBoolean()).isFalse();
    }

    // --- only a configured provider name reaches the log (review point 9) ---

    @Test
    void untrustedProvider_isLoggedAsAFingerprint_neverByTheNameTheEventGives() throws Exception {
        String event = ClasspathFiles.read("events/pre-sign-up/external-provider-untrusted-oidc.json")
                .replace("LooseOidc_5566", "Leak.ada@example.com_5566");

        try (LogCapture logs = LogCapture.start()) {
            service(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google")).handle(event(event), invocation());

            assertThat(logs.all()).contains("not applied").contains(Fingerprint.of("Leak.ada@example.com"))
                    .doesNotContain("Leak.ada");
        }
    }

    @Test
    void trustedProvider_isLoggedByItsConfiguredName() throws Exception {
        String event = withEmailVerified("external-provider-google-lower-case.json", "false");

        try (LogCapture logs = LogCapture.start()) {
            service(Map.of("FEDERATED_ACCOUNTS", "link", "TRUSTED_EMAIL_PROVIDERS", "Google")).handle(event(event), invocation());

            assertThat(logs.all()).contains("not applied").contains("provider Google ").doesNotContain("provider google");
        }
    }

    @Test
    void otherTriggerSource_isMalformed() {
        String event = ClasspathFiles.read("events/pre-sign-up/sign-up.json").replace("PreSignUp_SignUp", "PostConfirmation_ConfirmSignUp");

        assertThatThrownBy(() -> service(Map.of()).handle(event(event), invocation())).isInstanceOf(MalformedEventException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"leak.source@example.com", "PostConfirmation_ConfirmSignUp"})
    void untrustedTriggerSource_isRejectedWithAFixedReason_neverEchoingIt(String source) {
        String event = ClasspathFiles.read("events/pre-sign-up/sign-up.json").replace("PreSignUp_SignUp", source);

        assertThatThrownBy(() -> service(Map.of()).handle(event(event), invocation()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("triggerSource is not a pre-sign-up trigger source");
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

    private static String withEmailVerified(String file, String value) {
        String event = ClasspathFiles.read("events/pre-sign-up/" + file);
        String replaced = event.replace("\"email_verified\": \"true\"", "\"email_verified\": \"" + value + "\"");
        assertThat(replaced).as("%s carries email_verified", file).contains("\"email_verified\": \"" + value + "\"");
        return replaced;
    }

    /** The event of {@code file} with this exact email attribute (any characters, JSON-escaped as Cognito would). */
    private static CognitoEvent withEmail(String file, String email) {
        StringBuilder literal = new StringBuilder("\"email\": \"");
        for (char c : email.toCharArray()) {
            literal.append(c < 0x20 || c > 0x7e || c == '"' || c == '\\' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        String event = ClasspathFiles.read("events/pre-sign-up/" + file);
        String replaced = event.replaceFirst("\"email\": \"[^\"]*\"", java.util.regex.Matcher.quoteReplacement(literal + "\""));
        assertThat(replaced).as("%s carries an email", file).isNotEqualTo(event);
        return event(replaced);
    }

    private void assertRefused(Map<String, String> env, String file) {
        assertThatThrownBy(() -> run(env, file)).isInstanceOf(TriggerFailedException.class).hasMessage(PreSignUpService.REFUSED);
    }

    private JsonNode run(Map<String, String> env, String file) throws MalformedEventException {
        return service(env).handle(event(ClasspathFiles.read("events/pre-sign-up/" + file)), invocation());
    }

    /** The service as its handler runs it: the checked request, the decision, the response. */
    private TriggerLogic service(Map<String, String> env) {
        return PreSignUpHandler.steps(new PreSignUpService(PreSignUpSettings.fromEnvironment(new HashMap<>(env)), pool,
                Clock.systemUTC()));
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
        RuntimeException failLinkWith;

        @Override
        public Optional<PoolUser> findNativeUserWithVerifiedEmail(String userPoolId, String email, Deadline deadline) {
            assertThat(deadline.left()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
            lookups.add(userPoolId + " " + email);
            if (failWith != null) {
                throw failWith;
            }
            return Optional.ofNullable(existing);
        }

        @Override
        public void linkFederatedIdentity(String userPoolId, String nativeUsername, String providerName,
                                          String providerUserId, Deadline deadline) {
            links.add(userPoolId + " " + nativeUsername + " " + providerName + " " + providerUserId);
            if (failLinkWith != null) {
                throw failLinkWith;
            }
        }
    }
}
