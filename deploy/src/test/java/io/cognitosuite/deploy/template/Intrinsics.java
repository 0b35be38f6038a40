package io.cognitosuite.deploy.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates intrinsic functions the way CloudFormation would for one set of parameter values, with made-up
 * but well-formed values for what only exists after deployment (queue URLs, ARNs, names). Enough to hand a
 * function's environment to its composition root; anything it does not know is an error, not a guess.
 */
public final class Intrinsics {
    public static final String REGION = "eu-west-1";
    public static final String ACCOUNT = "123456789012";
    /** What {@code !Ref} of a user pool resolves to, after the region: {@code eu-west-1_S4mp1ePoo1}. */
    public static final String USER_POOL_ID_SUFFIX = "S4mp1ePoo1";
    /** Stands for {@code AWS::NoValue}: removed from the mapping or list that holds it. */
    private static final Object NO_VALUE = new Object();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private final Template template;
    private final Map<String, Object> parameters;

    /**
     * @param given values for parameters; the others take their {@code Default}. A parameter without either
     *              is an error.
     */
    public Intrinsics(Template template, Map<String, ?> given) {
        this.template = Objects.requireNonNull(template, "template");
        Map<String, Object> values = new LinkedHashMap<>();
        template.parameters().forEach((name, definition) -> {
            Map<String, Object> parameter = Template.map(definition, "parameter " + name);
            if (given.containsKey(name)) {
                values.put(name, given.get(name));
            } else if (parameter.containsKey("Default")) {
                values.put(name, parameter.get("Default"));
            } else {
                throw new IllegalArgumentException("parameter " + name + " has no default: give it a sample value");
            }
        });
        given.keySet().stream().filter(name -> !values.containsKey(name)).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException("no parameter " + name + " in the template");
        });
        this.parameters = values;
    }

    /** The value with every intrinsic function evaluated. */
    public Object resolve(Object value) {
        Object resolved = evaluate(value);
        return resolved == NO_VALUE ? null : resolved;
    }

    /** A string for an environment variable: numbers and booleans as CloudFormation turns them into strings. */
    public String resolveString(Object value) {
        Object resolved = resolve(value);
        if (resolved instanceof List || resolved instanceof Map) {
            throw new IllegalArgumentException("not a scalar: " + value);
        }
        return resolved == null ? null : String.valueOf(resolved);
    }

    public boolean condition(String name) {
        Object definition = template.conditions().get(name);
        if (definition == null) {
            throw new IllegalArgumentException("no condition " + name);
        }
        return truth(definition);
    }

    private Object evaluate(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                String key = String.valueOf(map.keySet().iterator().next());
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return function(key, map.get(key));
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object resolved = evaluate(v);
                if (resolved != NO_VALUE) {
                    result.put(String.valueOf(k), resolved);
                }
            });
            return result;
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            for (Object element : list) {
                Object resolved = evaluate(element);
                if (resolved != NO_VALUE) {
                    result.add(resolved);
                }
            }
            return result;
        }
        return value;
    }

    private Object function(String name, Object argument) {
        switch (name) {
            case "Ref":
                return ref(String.valueOf(argument));
            case "Fn::GetAtt": {
                List<Object> parts = Template.list(argument, "Fn::GetAtt");
                return attribute(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)));
            }
            case "Fn::Sub":
                return sub(argument);
            case "Fn::If": {
                List<Object> parts = Template.list(argument, "Fn::If");
                return evaluate(condition(String.valueOf(parts.get(0))) ? parts.get(1) : parts.get(2));
            }
            case "Fn::Join": {
                List<Object> parts = Template.list(argument, "Fn::Join");
                List<Object> items = Template.list(evaluate(parts.get(1)), "Fn::Join items");
                StringBuilder joined = new StringBuilder();
                for (int i = 0; i < items.size(); i++) {
                    joined.append(i == 0 ? "" : String.valueOf(parts.get(0))).append(items.get(i));
                }
                return joined.toString();
            }
            case "Fn::Select": {
                List<Object> parts = Template.list(argument, "Fn::Select");
                int index = Integer.parseInt(String.valueOf(evaluate(parts.get(0))));
                return Template.list(evaluate(parts.get(1)), "Fn::Select items").get(index);
            }
            case "Fn::Split": {
                List<Object> parts = Template.list(argument, "Fn::Split");
                return List.of(String.valueOf(evaluate(parts.get(1))).split(Pattern.quote(String.valueOf(parts.get(0))), -1));
            }
            default:
                throw new IllegalArgumentException("Intrinsics cannot evaluate " + name + " yet");
        }
    }

    private boolean truth(Object definition) {
        Map<String, Object> map = Template.map(definition, "condition");
        String function = map.keySet().iterator().next();
        Object argument = map.get(function);
        switch (function) {
            case "Fn::Equals": {
                List<Object> parts = Template.list(argument, "Fn::Equals");
                return String.valueOf(evaluate(parts.get(0))).equals(String.valueOf(evaluate(parts.get(1))));
            }
            case "Fn::Not":
                return !truth(Template.list(argument, "Fn::Not").get(0));
            case "Fn::And":
                return Template.list(argument, "Fn::And").stream().allMatch(this::truth);
            case "Fn::Or":
                return Template.list(argument, "Fn::Or").stream().anyMatch(this::truth);
            case "Condition":
                return condition(String.valueOf(argument));
            default:
                throw new IllegalArgumentException("not a condition function: " + function);
        }
    }

    private Object ref(String name) {
        switch (name) {
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Partition":
                return "aws";
            case "AWS::StackName":
                return "cognito-suite-" + parameters.getOrDefault("Stage", "test");
            case "AWS::NoValue":
                return NO_VALUE;
            default:
                break;
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        if (name.endsWith(".Alias") || name.endsWith(".Version")) {
            String function = name.substring(0, name.lastIndexOf('.'));
            String arn = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + functionName(function);
            return name.endsWith(".Alias")
                    ? arn + ":" + template.properties(function).get("AutoPublishAlias")
                    : "1";
        }
        String type = template.type(name);
        Map<String, Object> properties = template.properties(name);
        switch (type) {
            case "AWS::SQS::Queue":
                return "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + queueName(name);
            case "AWS::Events::EventBus":
                return evaluate(properties.get("Name"));
            case Template.SERVERLESS_FUNCTION:
                return functionName(name);
            case "AWS::Logs::LogGroup":
                return evaluate(properties.get("LogGroupName"));
            case "AWS::Cognito::UserPool":
                // A pool id has the shape <region>_<id>; the API function checks it at start (USER_POOL_ID).
                return REGION + "_" + USER_POOL_ID_SUFFIX;
            default:
                return name;
        }
    }

    private Object attribute(String resource, String attribute) {
        String type = template.type(resource);
        switch (type + "." + attribute) {
            case "AWS::SQS::Queue.Arn":
                return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queueName(resource);
            case "AWS::SQS::Queue.QueueName":
                return queueName(resource);
            case "AWS::SQS::Queue.QueueUrl":
                return ref(resource);
            case "AWS::Events::EventBus.Arn":
                return "arn:aws:events:" + REGION + ":" + ACCOUNT + ":event-bus/" + ref(resource);
            case "AWS::Events::EventBus.Name":
                return ref(resource);
            default:
                if (attribute.equals("Arn")) {
                    String service = type.split("::")[1].toLowerCase(java.util.Locale.ROOT);
                    return "arn:aws:" + service + ":" + REGION + ":" + ACCOUNT + ":" + resource;
                }
                throw new IllegalArgumentException("Intrinsics does not know " + type + "." + attribute);
        }
    }

    private Object sub(Object argument) {
        String text;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> parts) {
            text = String.valueOf(parts.get(0));
            variables = Template.map(parts.get(1), "Fn::Sub variables");
        } else {
            text = String.valueOf(argument);
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String inside = matcher.group(1).strip();
            String replacement;
            if (inside.startsWith("!")) {
                replacement = "${" + inside.substring(1) + "}";
            } else if (variables.containsKey(inside)) {
                replacement = String.valueOf(evaluate(variables.get(inside)));
            } else if (inside.contains(".") && !inside.startsWith("AWS::")) {
                int dot = inside.indexOf('.');
                replacement = String.valueOf(attribute(inside.substring(0, dot), inside.substring(dot + 1)));
            } else {
                replacement = String.valueOf(ref(inside));
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String queueName(String queue) {
        Object name = template.properties(queue).get("QueueName");
        return name == null ? queue : String.valueOf(evaluate(name));
    }

    private String functionName(String function) {
        Object name = template.properties(function).get("FunctionName");
        return name == null ? function : String.valueOf(evaluate(name));
    }
}
