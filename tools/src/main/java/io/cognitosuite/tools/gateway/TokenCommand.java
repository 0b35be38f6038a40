package io.cognitosuite.tools.gateway;

import io.cognitosuite.tools.support.CliRuntime;
import io.cognitosuite.tools.support.SupportCommand;
import io.cognitosuite.tools.support.CliDuration;
import io.cognitosuite.tools.support.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cognito-suite token}: one access token of the running local issuer on standard output, and nothing else, so
 * that {@code curl -H "Authorization: Bearer $(./cognito-suite token --sub …)"} works. The issuer and its clients come
 * from {@code <state>/issuer/issuer.json}, which {@code cognito-suite local} writes while it runs its issuer; the key
 * from {@code <state>/issuer/signing-keys.json}, the one the running gateway verifies with.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a signed access token of the local issuer (for the local API gateway) on standard output.")
public final class TokenCommand implements Callable<Integer> {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** RFC 6749 3.3's scope-token characters, at Cognito's length. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,256}");
    /** Cognito's group name rule, without whitespace (a group with a space cannot survive HTTP API's "[a b]"). */
    private static final Pattern GROUP = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]{1,128}");
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]{1,128}");
    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]{1,128}");
    /** Cognito's range for access token validity. */
    static final Duration MIN_TTL = Duration.ofMinutes(5);

    @Option(names = "--sub", required = true, paramLabel = "UUID", description = "The user's sub (a UUID, as Cognito's).")
    String sub;

    @Option(names = "--scope", paramLabel = "SCOPE",
            description = "A scope, e.g. api/read or api/admin (repeatable). Default: aws.cognito.signin.user.admin.")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--group", paramLabel = "GROUP", description = "A cognito:groups entry (repeatable).")
    List<String> groups = new ArrayList<>();

    @Option(names = "--client-id", paramLabel = "ID", description = "The app client (default: the issuer's first).")
    String clientId;

    @Option(names = "--username", paramLabel = "NAME", description = "The username claim (default: the sub).")
    String username;

    @Option(names = "--ttl", defaultValue = "1h", paramLabel = "DURATION",
            description = "Lifetime: 5m to 1d, e.g. 30m, 1h, PT2H (default ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = "--rotate-key",
            description = "Rotate the issuer's signing key first (new kid; the old key stays in the JWKS for a day).")
    boolean rotateKey;

    @Option(names = "--state-dir", defaultValue = ".cognito-suite", paramLabel = "DIR",
            description = "Where the local stack keeps its state (default ${DEFAULT-VALUE}).")
    Path stateDirectory;

    private final CliRuntime runtime;

    TokenCommand(CliRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Integer call() {
        Duration lifetime = validated();
        Path issuerDirectory = stateDirectory.resolve(LocalIssuer.DIRECTORY);
        Optional<IssuerSettings> running = IssuerSettings.read(issuerDirectory);
        if (running.isEmpty()) {
            runtime.err().println("error: no local issuer is running (no " + issuerDirectory.resolve(IssuerSettings.FILE_NAME) + ")");
            runtime.err().println("hint: start ./cognito-suite local in another shell of this directory (it runs the issuer), "
                    + "then run token again; against another issuer (--issuer), get tokens from that issuer");
            return SupportCommand.FAILED;
        }
        IssuerSettings settings = running.get();
        String client = clientId != null ? clientId : settings.clientIds().get(0);
        if (!settings.clientIds().contains(client)) {
            runtime.err().println("note: the --client-id given is not one of the local gateway's clients "
                    + settings.clientIds() + ": it will refuse this token (401)");
        }
        SigningKeys keys = SigningKeys.in(issuerDirectory, runtime.clock());
        if (rotateKey) {
            keys.rotate();
            runtime.err().println("rotated the signing key: new kid " + keys.active().getKeyID());
        }
        String subject = sub.toLowerCase(Locale.ROOT);
        TokenRequest request = new TokenRequest(subject, username != null ? username : subject, List.copyOf(scopes),
                List.copyOf(groups), client, lifetime);
        String token = CognitoTokens.access(settings.issuer(), keys.active(), request, runtime.clock());
        runtime.out().println(token);
        return SupportCommand.OK;
    }

    /** Checks the options (a {@link UsageException}, exit 2, names the option, never its value); the lifetime. */
    private Duration validated() {
        if (!UUID_TEXT.matcher(sub).matches()) {
            throw new UsageException("--sub must be a UUID", "Cognito subs look like 3f6a9c1e-7b2d-4e8f-a1c3-5d7e9f0b2a4c");
        }
        for (String scope : scopes) {
            if (!SCOPE.matcher(scope).matches()) {
                throw new UsageException("a --scope is not an OAuth scope",
                        "one scope per --scope, without spaces or quotes, e.g. --scope api/read --scope api/admin");
            }
        }
        for (String group : groups) {
            if (!GROUP.matcher(group).matches()) {
                throw new UsageException("a --group is not a Cognito group name",
                        "one group per --group, 1 to 128 characters without spaces, e.g. --group admin");
            }
        }
        if (clientId != null && !CLIENT_ID.matcher(clientId).matches()) {
            throw new UsageException("--client-id is not an app client id", "app client ids are letters, digits and _");
        }
        if (username != null && !USERNAME.matcher(username).matches()) {
            throw new UsageException("--username is not a user name", "1 to 128 characters without spaces");
        }
        return lifetime(ttl);
    }

    static Duration lifetime(String text) {
        Duration lifetime = CliDuration.parse(text).orElse(null);
        if (lifetime == null || lifetime.compareTo(MIN_TTL) < 0 || lifetime.compareTo(SigningKeys.MAX_TOKEN_LIFETIME) > 0) {
            throw new UsageException("--ttl must be a duration from 5m to 1d",
                    "e.g. --ttl 30m, --ttl 1h or --ttl PT2H (Cognito's access token validity range)");
        }
        return lifetime;
    }
}
