package io.cognitosuite.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code cognito-suite …} command that template.yaml names (in alarm descriptions and stack outputs, where
 * support reads it first) exists in the CLI, down to its subcommand.
 */
class TemplateCommandsTest {
    private static final Pattern COMMAND = Pattern.compile("cognito-suite ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*)?)");

    @Test
    void everyCommandTheTemplateNames_isACommandOfTheCli() throws Exception {
        String template = Files.readString(repository().resolve("template.yaml"));
        CommandLine cli = CognitoSuiteCli.commandLine(io.cognitosuite.tools.support.CliRuntime.system());
        List<String> named = new ArrayList<>();
        Matcher m = COMMAND.matcher(template);
        while (m.find()) {
            named.add(m.group(1));
        }

        assertThat(named).as("commands named in template.yaml").isNotEmpty().contains("dlq peek", "dlq redrive");
        for (String command : named) {
            String[] words = command.split(" ");
            CommandLine sub = cli.getSubcommands().get(words[0]);
            assertThat(sub).as("'cognito-suite %s' in template.yaml is no command of the CLI", command).isNotNull();
            if (words.length == 2 && !sub.getSubcommands().isEmpty()) {
                assertThat(sub.getSubcommands()).as("'cognito-suite %s' in template.yaml", command).containsKey(words[1]);
            }
        }
    }

    private static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
            assertThat(dir).as("template.yaml above the working directory").isNotNull();
        }
        return dir;
    }
}
