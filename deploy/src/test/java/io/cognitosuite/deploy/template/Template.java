package io.cognitosuite.deploy.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A loaded template, with the few look-ups the contract tests need. Values keep the JSON form of intrinsics. */
public final class Template {
    public static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";

    private final Map<String, Object> root;

    private Template(Map<String, Object> root) {
        this.root = root;
    }

    public static Template load(Path file) throws IOException {
        return new Template(CloudFormationYaml.load(file));
    }

    /** {@code template.yaml} at the root of the repository (system property {@code cognito-suite.repository}). */
    public static Path repositoryRoot() {
        String root = System.getProperty("cognito-suite.repository");
        Path path = root == null ? Path.of("..") : Path.of(root);
        Path normalized = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(normalized.resolve("template.yaml"))) {
            throw new IllegalStateException("no template.yaml in " + normalized);
        }
        return normalized;
    }

    public static Template fromRepository() throws IOException {
        return load(repositoryRoot().resolve("template.yaml"));
    }

    public Object get(String key) {
        return root.get(key);
    }

    public Map<String, Object> parameters() {
        return map(root.getOrDefault("Parameters", Map.of()), "Parameters");
    }

    public Map<String, Object> conditions() {
        return map(root.getOrDefault("Conditions", Map.of()), "Conditions");
    }

    public Map<String, Object> resources() {
        return map(root.get("Resources"), "Resources");
    }

    public boolean hasResource(String logicalId) {
        return resources().containsKey(logicalId);
    }

    public Map<String, Object> resource(String logicalId) {
        return map(Objects.requireNonNull(resources().get(logicalId), "no resource " + logicalId), logicalId);
    }

    public String type(String logicalId) {
        return (String) resource(logicalId).get("Type");
    }

    public Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId).getOrDefault("Properties", Map.of()), logicalId + ".Properties");
    }

    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, resource) -> {
            if (type.equals(map(resource, id).get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    public List<String> functions() {
        return resourcesOfType(SERVERLESS_FUNCTION);
    }

    /** A serverless function's properties with {@code Globals.Function} beneath them, as SAM merges them. */
    public Map<String, Object> functionProperties(String logicalId) {
        Map<String, Object> merged = new LinkedHashMap<>();
        Object globals = root.get("Globals");
        if (globals != null) {
            merged.putAll(map(map(globals, "Globals").getOrDefault("Function", Map.of()), "Globals.Function"));
        }
        merged.putAll(properties(logicalId));
        return merged;
    }

    /** The function's environment variables as written (values may be intrinsics). */
    public Map<String, Object> environment(String functionId) {
        Object environment = functionProperties(functionId).get("Environment");
        if (environment == null) {
            return Map.of();
        }
        return map(map(environment, "Environment").getOrDefault("Variables", Map.of()), functionId + " variables");
    }

    /** The class named by a function's {@code Handler} ({@code Class::method} or {@code Class}). */
    public String handlerClass(String functionId) {
        String handler = (String) functionProperties(functionId).get("Handler");
        int separator = handler.indexOf("::");
        return separator < 0 ? handler : handler.substring(0, separator);
    }

    public Path codeUri(String functionId) {
        return repositoryRoot().resolve((String) functionProperties(functionId).get("CodeUri")).normalize();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(what + " is not a mapping but " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value, String what) {
        if (!(value instanceof List)) {
            throw new IllegalArgumentException(what + " is not a list but " + value);
        }
        return (List<Object>) value;
    }

    /** A plain value or a one-element list of it, as CloudFormation accepts for {@code Action} and {@code Resource}. */
    public static List<Object> oneOrMany(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> values ? List.copyOf(values) : List.of(value);
    }
}
