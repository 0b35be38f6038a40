package io.cognitosuite.tools.support.users;

import io.cognitosuite.aws.cognito.CognitoUserDirectory;
import io.cognitosuite.core.domain.AppUserRecord;
import io.cognitosuite.core.domain.DirectoryUser;
import io.cognitosuite.core.domain.ProvisioningFailure;
import io.cognitosuite.core.port.UserDirectory;
import io.cognitosuite.core.port.UserPoolUnavailableException;
import io.cognitosuite.core.time.Deadline;
import io.cognitosuite.postgres.jdbc.JdbcAppUserRecords;
import io.cognitosuite.postgres.jdbc.JdbcProvisioningFailures;
import io.cognitosuite.tools.support.CliRuntime;
import io.cognitosuite.tools.support.SupportCommand;
import io.cognitosuite.tools.support.SupportSession;
import io.cognitosuite.tools.support.UsageException;
import io.cognitosuite.tools.support.dlq.QueueOptions;
import io.cognitosuite.tools.support.reconcile.ReconcileService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cognito-suite users show <email|sub>}: what Cognito, {@code app_users}, the outbox, the recorded
 * provisioning failures and the dead-letter queue know of one user, in one view, ending with a verdict (is the user
 * provisioned, and if not, what to run). Reads only: nothing is changed, so nothing is audited. Emails are masked
 * unless {@code --show-pii}; the user name is never shown (it may be an email too).
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one user's whole story: Cognito, app_users, outbox events, failures, dead letters.")
public final class UsersShowCommand extends SupportCommand {
    /** The pool, when {@code --user-pool-id} is not given. */
    public static final String POOL_VARIABLE = "USER_POOL_ID";
    private static final Duration COGNITO_BUDGET = Duration.ofSeconds(30);

    @Parameters(index = "0", paramLabel = "EMAIL|SUB", description = "The user's email address or Cognito sub.")
    String who;

    @Option(names = "--user-pool-id", paramLabel = "POOL",
            description = "The user pool to ask (default $USER_POOL_ID); without one, Cognito is not asked.")
    String userPoolId;

    @Mixin
    QueueOptions queues = new QueueOptions();

    UsersShowCommand(CliRuntime runtime) {
        super(runtime);
    }

    @Override
    protected int run(SupportSession session) {
        boolean byEmail = who.contains("@");
        if (!byEmail && !CognitoUserDirectory.isSubShaped(who)) {
            throw new UsageException("the user must be an email address or a Cognito sub",
                    "e.g. users show ada@example.com, or users show 3f2c7a1e-0000-4000-8000-000000000001");
        }
        String pool = userPoolId != null ? userPoolId : session.environment().get(POOL_VARIABLE);
        UserStory story = new UserStory(byEmail ? session.email(who) : who);

        // Cognito first: it may name subs the app database does not have.
        if (pool == null || pool.isBlank()) {
            story.cognitoNote = "not asked: give --user-pool-id (or set " + POOL_VARIABLE + ")";
        } else {
            askCognito(session, pool.strip(), byEmail, story);
        }
        Set<String> subs = new LinkedHashSet<>();
        story.cognito.forEach(c -> {
            if (c.user().sub() != null) {
                subs.add(c.user().sub());
            }
        });
        JdbcAppUserRecords records = new JdbcAppUserRecords(session.database());
        if (byEmail) {
            story.app.addAll(records.byEmail(who));
        } else {
            subs.add(who);
        }
        for (String sub : subs) {
            if (story.app.stream().noneMatch(a -> a.cognitoSub().equals(sub))) {
                records.bySub(sub).ifPresent(story.app::add);
            }
        }
        story.app.forEach(a -> subs.add(a.cognitoSub()));

        JdbcProvisioningFailures failures = new JdbcProvisioningFailures(session.database());
        for (String sub : subs) {
            story.failures.addAll(failures.findBySub(sub, Deadline.none(session.runtime().clock())));
        }
        story.deadLetters = DeadLetterSection.find(session, queues, subs);

        session.print(story.json(session), () -> story.text(session));
        return story.complete() ? OK : FAILED;
    }

    private void askCognito(SupportSession session, String pool, boolean byEmail, UserStory story) {
        UserDirectory directory = new CognitoUserDirectory(session.cognito());
        Deadline deadline = Deadline.after(COGNITO_BUDGET, session.runtime().clock());
        try {
            List<DirectoryUser> users;
            try {
                users = byEmail ? directory.findByEmail(pool, who, deadline)
                        : directory.findBySub(pool, who, deadline).map(List::of).orElse(List.of());
            } catch (IllegalArgumentException e) {
                throw new UsageException("this email cannot be looked up in Cognito (it holds a quote, a backslash or a "
                        + "control character)", "look the user up by sub instead");
            }
            for (DirectoryUser user : users) {
                story.cognito.add(new UserStory.CognitoUser(user, directory.groups(pool, user.username(), deadline)));
            }
            story.cognitoNote = users.isEmpty() ? "no such user in pool " + pool : "pool " + pool;
        } catch (UserPoolUnavailableException e) {
            story.cognitoNote = "could not ask pool " + pool + " (" + e.getMessage() + ")";
            story.cognitoFailed = true;
        }
    }

    /** What was found, and how it is printed. */
    static final class UserStory {
        record CognitoUser(DirectoryUser user, List<String> groups) {
        }

        final String shownAs;
        final List<CognitoUser> cognito = new ArrayList<>();
        final List<AppUserRecord> app = new ArrayList<>();
        final List<ProvisioningFailure> failures = new ArrayList<>();
        DeadLetterSection.Found deadLetters;
        String cognitoNote;
        boolean cognitoFailed;

        UserStory(String shownAs) {
            this.shownAs = shownAs;
        }

        /** Every source answered (a user that exists nowhere is a complete answer too). */
        boolean complete() {
            return !cognitoFailed && deadLetters.complete();
        }

        /** One sentence: is the user provisioned, and if not, what to run. */
        String verdict() {
            boolean inCognito = !cognito.isEmpty();
            // The users reconcile provisions.
            boolean eligible = cognito.stream().anyMatch(c -> c.user().enabled()
                    && ReconcileService.ELIGIBLE.contains(c.user().status()));
            boolean unresolved = failures.stream().anyMatch(f -> !f.resolved());
            if (!app.isEmpty()) {
                return "provisioned: app_users has the user" + (deadLetters.messages().isEmpty() ? ""
                        : "; the dead-letter messages for them are copies that would provision nothing new");
            }
            if (!deadLetters.messages().isEmpty()) {
                return "NOT provisioned: a confirmation waits in the dead-letter queue; fix its failure reason, then "
                        + "cognito-suite dlq redrive --sub " + deadLetters.messages().get(0).message().sub();
            }
            if (eligible) {
                return "NOT provisioned, and no message waits: cognito-suite reconcile --user-pool-id <pool> provisions "
                        + "the user" + (unresolved ? " (failures are recorded above)" : "");
            }
            if (inCognito) {
                return "not provisioned: the Cognito user is not confirmed and enabled yet, so nothing is due";
            }
            return cognitoNote != null && cognitoNote.startsWith("not asked")
                    ? "no app_users row and no message; ask Cognito with --user-pool-id to know more"
                    : "unknown: neither Cognito nor app_users knows this user";
        }

        Map<String, Object> json(SupportSession session) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("user", shownAs);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("note", cognitoNote);
            c.put("users", cognito.stream().map(u -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("sub", u.user().sub());
                m.put("status", u.user().status());
                m.put("enabled", u.user().enabled());
                m.put("email", session.email(u.user().email()));
                m.put("emailVerified", u.user().emailVerified());
                m.put("groups", u.groups());
                m.put("identities", u.user().identityProviders());
                m.put("createdAt", time(u.user().createdAt()));
                m.put("lastModifiedAt", time(u.user().lastModifiedAt()));
                return m;
            }).toList());
            root.put("cognito", c);
            root.put("appUsers", app.stream().map(a -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", a.id().toString());
                m.put("sub", a.cognitoSub());
                m.put("userPoolId", a.userPoolId());
                m.put("email", session.email(a.email()));
                m.put("emailVerified", a.emailVerified());
                m.put("role", a.role());
                m.put("plan", a.billingPlan());
                m.put("createdAt", time(a.createdAt()));
                m.put("lastSignInAt", time(a.lastSignInAt()));
                m.put("signInCount", a.signInCount());
                m.put("memberships", a.memberships().stream().map(w -> {
                    Map<String, Object> wm = new LinkedHashMap<>();
                    wm.put("workspaceId", w.workspaceId().toString());
                    wm.put("name", w.workspaceName());
                    wm.put("personal", w.personal());
                    wm.put("role", w.role());
                    return wm;
                }).toList());
                m.put("events", a.events().stream().map(e -> {
                    Map<String, Object> em = new LinkedHashMap<>();
                    em.put("type", e.type());
                    em.put("version", e.version());
                    em.put("occurredAt", time(e.occurredAt()));
                    em.put("publishedAt", time(e.publishedAt()));
                    em.put("attempts", e.attempts());
                    em.put("lastError", errorCode(e.lastError()));
                    return em;
                }).toList());
                return m;
            }).toList());
            root.put("failures", failures.stream().map(UsersShowCommand::failureJson).toList());
            root.put("deadLetters", deadLetters.json(session));
            root.put("verdict", verdict());
            return root;
        }

        String text(SupportSession session) {
            StringBuilder out = new StringBuilder("user  ").append(shownAs).append('\n');
            out.append("\nCognito: ").append(cognitoNote).append('\n');
            for (CognitoUser u : cognito) {
                DirectoryUser d = u.user();
                row(out, "sub", d.sub());
                row(out, "status", d.status() + (d.enabled() ? ", enabled" : ", DISABLED"));
                row(out, "email", session.email(d.email()) + (d.emailVerified() ? " (verified)" : " (not verified)"));
                row(out, "groups", u.groups().isEmpty() ? "-" : String.join(", ", u.groups()));
                row(out, "identities", d.identityProviders().isEmpty() ? "-" : String.join(", ", d.identityProviders()));
                row(out, "created", time(d.createdAt()) + "   modified " + time(d.lastModifiedAt()));
            }
            out.append("\napp_users: ").append(app.isEmpty() ? "no row" : app.size() + " row(s)").append('\n');
            for (AppUserRecord a : app) {
                row(out, "id", a.id().toString());
                row(out, "sub", a.cognitoSub() + "   pool " + a.userPoolId());
                row(out, "email", session.email(a.email()));
                row(out, "role / plan", a.role() + " / " + a.billingPlan());
                row(out, "sign-ins", a.signInCount() + (a.lastSignInAt() == null ? "" : ", last " + time(a.lastSignInAt())));
                row(out, "created", time(a.createdAt()));
                for (AppUserRecord.Membership m : a.memberships()) {
                    row(out, "workspace", m.workspaceName() + " (" + m.role() + (m.personal() ? ", personal" : "") + ") "
                            + m.workspaceId());
                }
                for (AppUserRecord.EventEntry e : a.events()) {
                    row(out, "event", e.type() + " v" + e.version() + "  " + time(e.occurredAt()) + "  "
                            + (e.published() ? "published " + time(e.publishedAt())
                            : "NOT published (" + e.attempts() + " attempts"
                            + (e.lastError() == null ? "" : ", last error " + errorCode(e.lastError())) + ")"));
                }
            }
            out.append("\nprovisioning failures: ").append(failures.isEmpty() ? "none recorded" : failures.size()).append('\n');
            for (ProvisioningFailure f : failures) {
                row(out, f.reason().code(), f.detail() + "; " + f.failures() + " failed deliveries, first "
                        + time(f.firstSeenAt()) + ", last " + time(f.lastSeenAt())
                        + (f.resolved() ? ", RESOLVED " + time(f.resolvedAt()) : ", unresolved"));
            }
            out.append('\n').append(deadLetters.text(session));
            out.append("\nverdict: ").append(verdict());
            return out.toString();
        }

        private static void row(StringBuilder out, String label, String value) {
            out.append(String.format("  %-13s %s%n", label, value == null ? "-" : value));
        }
    }

    static Map<String, Object> failureJson(ProvisioningFailure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", f.reason().code());
        m.put("detail", f.detail());
        m.put("advice", f.reason().advice());
        m.put("messageId", f.messageId());
        m.put("failures", f.failures());
        m.put("receiveCount", f.receiveCount());
        m.put("firstSeenAt", time(f.firstSeenAt()));
        m.put("lastSeenAt", time(f.lastSeenAt()));
        m.put("resolvedAt", time(f.resolvedAt()));
        return m;
    }

    /**
     * The error code of an outbox row's {@code last_error} ({@code [permanent: ]code[: message]}): the message part is
     * EventBridge's or an exception's text, not ours, so it is not shown.
     */
    static String errorCode(String lastError) {
        if (lastError == null) {
            return null;
        }
        String prefix = lastError.startsWith(io.cognitosuite.postgres.jdbc.JdbcOutbox.PERMANENT_PREFIX)
                ? io.cognitosuite.postgres.jdbc.JdbcOutbox.PERMANENT_PREFIX : "";
        String rest = lastError.substring(prefix.length());
        int colon = rest.indexOf(": ");
        String code = colon < 0 ? rest : rest.substring(0, colon);
        return prefix + (code.matches("[A-Za-z0-9._:-]{1,100}") ? code : "(an error without a plain code)");
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
