package io.cognitosuite.reliability.hygiene;

import io.cognitosuite.testing.LogCapture;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Scenario 10 for the whole module: registered for every test class here by JUnit's extension autodetection
 * ({@code junit-platform.properties} and {@code META-INF/services}), it captures every log line written while a class
 * runs, its {@code @BeforeAll} and {@code @AfterAll} included (global extensions run around them), from every thread,
 * as the suite's JSON layout renders it, and fails the class if {@link LogHygiene} finds anything. Each class prints
 * one {@code [reliability] log hygiene:} line with its count and the running total of this test JVM.
 */
public final class LogHygieneExtension implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LogHygieneExtension.class);
    private static final AtomicLong LINES_IN_THIS_JVM = new AtomicLong();
    private static final AtomicInteger CLASSES_IN_THIS_JVM = new AtomicInteger();
    /** The capture of the class running now, so a test can prove the scan sees the functions' lines. */
    private static volatile LogCapture current;

    @Override
    public void beforeAll(ExtensionContext context) {
        LogCapture capture = LogCapture.start();
        current = capture;
        context.getStore(NAMESPACE).put(LogCapture.class, capture);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LogCapture capture = context.getStore(NAMESPACE).remove(LogCapture.class, LogCapture.class);
        if (capture == null) {
            return;
        }
        capture.close();
        if (current == capture) {
            current = null;
        }
        List<String> lines = capture.lines();
        long total = LINES_IN_THIS_JVM.addAndGet(lines.size());
        int classes = CLASSES_IN_THIS_JVM.incrementAndGet();
        String testClass = context.getRequiredTestClass().getSimpleName();
        System.out.println(verdict(testClass, lines, total, classes));
    }

    /**
     * The summary line for a clean class; an {@link AssertionError} naming every finding otherwise, which JUnit
     * reports as the class's failure.
     */
    static String verdict(String testClass, List<String> lines, long total, int classes) {
        List<LogHygiene.Finding> findings = LogHygiene.scan(lines);
        if (!findings.isEmpty()) {
            throw new AssertionError("[reliability] log hygiene: " + findings.size() + " findings in " + lines.size()
                    + " lines logged while " + testClass + " ran:\n" + findings.stream().map(LogHygiene.Finding::toString)
                    .collect(Collectors.joining("\n")));
        }
        return "[reliability] log hygiene: " + lines.size() + " lines scanned, 0 findings (" + testClass + "; " + total
                + " lines in " + classes + " classes so far in this test JVM)";
    }

    /** The lines captured so far for the class running now (empty outside one). */
    public static List<String> linesOfTheRunningClass() {
        LogCapture capture = current;
        return capture == null ? List.of() : capture.lines();
    }
}
