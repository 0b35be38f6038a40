package io.cognitosuite.tools.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.cognitosuite.tools.CognitoSuiteCli;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cognito-suite token} through the CLI ({@link CognitoSuiteCli#capture}) against a running local issuer in a
 * state directory of its own: the token on standard output alone, verified by the gateway's authorizer as the
 * running gateway would; usage errors exit 2, no running issuer exits 1, each with {@code error:} / {@code hint:}.
 */
class TokenCommandIT {
    static final String SUB = "6f1c2a9e-0b7d-4c55-9d57-2f0a3e8b1c44";

    @TempDir
    static Path state;
    static LocalIssuer issuer;
    static JwtAuthorizer authorizer;

    @BeforeAll
    static void start() throws Exception {
        issuer = TestKeyPairs.issuer(state, List.of(LocalIssuer.DEFAULT_CLIENT_ID, "cognitosuitelocalmobileapp"));
        authorizer = new JwtAuthorizer(issuer.authorizerSettings());
    }

    @AfterAll
    static void stop() {
        if (issuer != null) {
            issuer.close();
        }
    }

    static CognitoSuiteCli.Captured token(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "token";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--state-dir";
        all[args.length + 2] = state.toString();
        return CognitoSuiteCli.capture(Map.of(), all);
    }

    @Test
    void token_printsOnlyTheToken_whichTheGatewayAccepts_withTheScopesAndGroupsAsked() throws Exception {
        CognitoSuiteCli.Captured run = token("--sub", SUB, "--scope", "api/admin", "--scope", "api/read",
                "--group", "admin", "--group", "support");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\R");
        AuthorizerDecision decision = authorizer.authorize("Bearer " + run.out().strip(),
                GatewayRoute.jwt("POST", "/admin/users", "api/admin"));
        assertThat(decision).isInstanceOf(AuthorizerDecision.Allowed.class);
        AuthorizerDecision.Allowed allowed = (AuthorizerDecision.Allowed) decision;
        assertThat(allowed.claims()).containsEntry("sub", SUB).containsEntry("iss", issuer.issuer())
                .containsEntry("client_id", LocalIssuer.DEFAULT_CLIENT_ID).containsEntry("token_use", "access")
                .containsEntry("scope", "api/admin api/read").containsEntry("cognito:groups", "[admin support]")
                .containsEntry("username", SUB);
        assertThat(allowed.scopes()).containsExactly("api/admin", "api/read");
        SignedJWT jwt = SignedJWT.parse(run.out().strip());
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(issuer.keys().active().getKeyID());
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().getTime() - jwt.getJWTClaimsSet().getIssueTime().getTime())
                .isEqualTo(3_600_000L);
    }

    @Test
    void token_takesAnotherConfiguredClient_aUsername_andATtl() throws Exception {
        CognitoSuiteCli.Captured run = token("--sub", SUB, "--client-id", "cognitosuitelocalmobileapp",
                "--username", "ada", "--ttl", "30m");

        assertThat(run.exit()).isZero();
        SignedJWT jwt = SignedJWT.parse(run.out().strip());
        assertThat(jwt.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("cognitosuitelocalmobileapp");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("username")).isEqualTo("ada");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("aws.cognito.signin.user.admin");
        assertThat(jwt.getJWTClaimsSet().getClaim("cognito:groups")).isNull();
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().getTime() - jwt.getJWTClaimsSet().getIssueTime().getTime())
                .isEqualTo(1_800_000L);
        assertThat(authorizer.authorize("Bearer " + run.out().strip(), GatewayRoute.jwt("GET", "/me")))
                .isInstanceOf(AuthorizerDecision.Allowed.class);
    }

    @Test
    void aClientTheGatewayDoesNotAccept_getsAToken_andANoteThatItWillBeRefused() {
        CognitoSuiteCli.Captured run = token("--sub", SUB, "--client-id", "notaclientofthegateway");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).startsWith("note: the --client-id given is not one of the local gateway's clients")
                .doesNotContain("notaclientofthegateway");
        assertThat(authorizer.authorize("Bearer " + run.out().strip(), GatewayRoute.jwt("GET", "/me")))
                .isEqualTo(new AuthorizerDecision.Refused(AuthorizerDecision.Refusal.WRONG_AUDIENCE));
    }

    @Test
    void usageErrors_exit2_withErrorAndHint_neverEchoingTheValue() {
        List<String[]> calls = List.of(
                new String[] {"--sub", "not-a-uuid-SECRET"},
                new String[] {"--sub", SUB, "--ttl", "2d"},
                new String[] {"--sub", SUB, "--ttl", "1m"},
                new String[] {"--sub", SUB, "--ttl", "soon-SECRET"},
                new String[] {"--sub", SUB, "--scope", "api/read SECRET"},
                new String[] {"--sub", SUB, "--group", "a group SECRET"},
                new String[] {"--sub", SUB, "--client-id", "bad-SECRET"});
        for (String[] call : calls) {
            CognitoSuiteCli.Captured run = token(call);
            assertThat(run.exit()).as(String.join(" ", call)).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).startsWith("error: ").contains("\nhint: ").doesNotContain("SECRET");
        }
        CognitoSuiteCli.Captured missing = CognitoSuiteCli.capture(Map.of(), "token", "--state-dir", state.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--sub");
    }

    @Test
    void rotateKey_signsWithANewKid_whichTheRunningIssuerServesAtOnce_besideTheOldKey(@TempDir Path own) throws Exception {
        try (LocalIssuer rotating = TestKeyPairs.issuer(own, List.of(LocalIssuer.DEFAULT_CLIENT_ID))) {
            String oldKid = rotating.keys().active().getKeyID();

            CognitoSuiteCli.Captured run = CognitoSuiteCli.capture(Map.of(), "token", "--sub", SUB, "--rotate-key",
                    "--state-dir", own.toString());

            assertThat(run.exit()).isZero();
            String newKid = SignedJWT.parse(run.out().strip()).getHeader().getKeyID();
            assertThat(newKid).isNotEqualTo(oldKid);
            assertThat(run.err()).isEqualTo("rotated the signing key: new kid " + newKid + System.lineSeparator());
            assertThat(rotating.keys().publicKeys().getKeys()).extracting(k -> k.getKeyID()).containsExactly(newKid, oldKid);
            assertThat(new JwtAuthorizer(rotating.authorizerSettings()).authorize("Bearer " + run.out().strip(),
                    GatewayRoute.jwt("GET", "/me"))).isInstanceOf(AuthorizerDecision.Allowed.class);
        }
    }

    @Test
    void noRunningIssuer_exits1_andSaysHowToStartOne(@TempDir Path empty) {
        CognitoSuiteCli.Captured run = CognitoSuiteCli.capture(Map.of(), "token", "--sub", SUB,
                "--state-dir", empty.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: no local issuer is running")
                .contains("\nhint: start ./cognito-suite local");
    }
}
