package io.cognitosuite.deploy.template;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The logical names a value refers to: {@code Ref}, {@code Fn::GetAtt} and the {@code ${Name}} and
 * {@code ${Name.Attribute}} placeholders of {@code Fn::Sub} (less the names its variable map binds, and
 * {@code ${!Literal}}), at any depth. SAM's {@code Function.Alias} and {@code Function.Version} refer to the
 * function. Pseudo parameters ({@code AWS::...}) are left out.
 */
public final class References {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private References() {
    }

    public static Set<String> in(Object value) {
        Set<String> names = new LinkedHashSet<>();
        collect(value, names);
        return names;
    }

    /** Names in {@code DependsOn} (a name or a list of names) plus everything {@link #in} finds in the resource. */
    public static Set<String> ofResource(Map<String, Object> resource) {
        Set<String> names = new LinkedHashSet<>();
        for (Object dependency : Template.oneOrMany(resource.get("DependsOn"))) {
            names.add((String) dependency);
        }
        collect(resource.get("Properties"), names);
        return names;
    }

    private static void collect(Object value, Set<String> names) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Ref")) {
                add(String.valueOf(map.get("Ref")), names);
                return;
            }
            if (map.size() == 1 && map.containsKey("Fn::GetAtt")) {
                Object target = map.get("Fn::GetAtt");
                add(target instanceof List<?> parts ? String.valueOf(parts.get(0)) : String.valueOf(target), names);
                return;
            }
            if (map.size() == 1 && map.containsKey("Fn::Sub")) {
                sub(map.get("Fn::Sub"), names);
                return;
            }
            map.values().forEach(v -> collect(v, names));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, names));
        }
    }

    private static void sub(Object argument, Set<String> names) {
        String text;
        Set<String> bound = Set.of();
        if (argument instanceof List<?> parts) {
            text = String.valueOf(parts.get(0));
            Map<String, Object> variables = Template.map(parts.get(1), "Fn::Sub variables");
            bound = variables.keySet();
            variables.values().forEach(v -> collect(v, names));
        } else {
            text = String.valueOf(argument);
        }
        for (String placeholder : placeholders(text)) {
            String name = placeholder.contains(".") ? placeholder.substring(0, placeholder.indexOf('.')) : placeholder;
            if (!bound.contains(placeholder) && !bound.contains(name)) {
                add(name, names);
            }
        }
    }

    /** The names inside {@code ${...}} of a {@code Fn::Sub} string, without the {@code ${!Literal}} escapes. */
    public static Set<String> placeholders(String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            String inside = matcher.group(1).strip();
            if (!inside.startsWith("!")) {
                found.add(inside);
            }
        }
        return found;
    }

    private static void add(String name, Set<String> names) {
        if (name.startsWith("AWS::")) {
            return;
        }
        int dot = name.indexOf('.');
        names.add(dot < 0 ? name : name.substring(0, dot));
    }
}
