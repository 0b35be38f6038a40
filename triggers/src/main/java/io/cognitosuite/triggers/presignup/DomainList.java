package io.cognitosuite.triggers.presignup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** A set of email domains; a domain matches itself and its subdomains ({@code mail.example.com} matches {@code example.com}). */
final class DomainList {
    static final String BUNDLED_DISPOSABLE = "disposable-email-domains.txt";

    private final Set<String> domains;

    private DomainList(Set<String> domains) {
        this.domains = Set.copyOf(domains);
    }

    static DomainList of(Collection<String> domains) {
        Set<String> normalized = new HashSet<>();
        for (String d : domains) {
            String n = d.strip().toLowerCase(Locale.ROOT);
            if (!n.isEmpty()) {
                normalized.add(n.startsWith("@") ? n.substring(1) : n);
            }
        }
        return new DomainList(normalized);
    }

    /** The bundled disposable-domain list, plus the domains of {@code extraFile} when given. */
    static DomainList disposable(Path extraFile) {
        Set<String> all = new HashSet<>();
        try (InputStream in = DomainList.class.getResourceAsStream(BUNDLED_DISPOSABLE)) {
            if (in == null) {
                throw new IllegalStateException("bundled " + BUNDLED_DISPOSABLE + " is missing");
            }
            read(in, all);
            if (extraFile != null) {
                try (InputStream extra = Files.newInputStream(extraFile)) {
                    read(extra, all);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read disposable domains" + (extraFile == null ? "" : " from " + extraFile), e);
        }
        return of(all);
    }

    private static void read(InputStream in, Set<String> into) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            String entry = line.strip();
            if (!entry.isEmpty() && !entry.startsWith("#")) {
                into.add(entry);
            }
        }
    }

    boolean isEmpty() {
        return domains.isEmpty();
    }

    boolean matches(String domain) {
        String d = domain;
        while (true) {
            if (domains.contains(d)) {
                return true;
            }
            int dot = d.indexOf('.');
            if (dot < 0) {
                return false;
            }
            d = d.substring(dot + 1);
        }
    }
}
