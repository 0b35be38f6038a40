package io.cognitosuite.common.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.cognitosuite.common.json.Json;
import io.cognitosuite.common.sqs.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * WireMock speaking EventBridge's PutEvents wire protocol (AWS JSON 1.1: {@code POST /} with
 * {@code X-Amz-Target: AWSEvents.PutEvents}), and a real SDK client built as production builds it but
 * pointed here. Answers are response templates with one result per request entry, so partial failures look
 * as the service sends them; a WireMock scenario plays a list of answers in turn.
 */
public final class EventBridgeStub implements AutoCloseable {
    public static final String TARGET = "AWSEvents.PutEvents";
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String SCENARIO = "put-events";

    /** How the stub answers one PutEvents call. */
    public enum Answer {
        /** Every entry accepted. */
        ACCEPT_ALL(200, """
                {"FailedEntryCount":0,"Entries":[{{#each (jsonPath request.body '$.Entries')}}{{#unless @first}},{{/unless}}\
                {"EventId":"{{randomValue type='UUID'}}"}{{/each}}]}"""),
        /** The first entry refused with ThrottlingException, the others accepted. */
        THROTTLE_FIRST_ENTRY(200, """
                {"FailedEntryCount":1,"Entries":[{{#each (jsonPath request.body '$.Entries')}}{{#if @first}}\
                {"ErrorCode":"ThrottlingException","ErrorMessage":"Rate exceeded"}{{else}},\
                {"EventId":"{{randomValue type='UUID'}}"}{{/if}}{{/each}}]}"""),
        /** Every entry refused with InternalFailure. */
        FAIL_ALL_ENTRIES(200, """
                {"FailedEntryCount":{{size (jsonPath request.body '$.Entries')}},"Entries":[\
                {{#each (jsonPath request.body '$.Entries')}}{{#unless @first}},{{/unless}}\
                {"ErrorCode":"InternalFailure","ErrorMessage":"Internal error"}{{/each}}]}"""),
        /** The first entry refused as malformed (a permanent failure), the others accepted. */
        REJECT_FIRST_ENTRY(200, """
                {"FailedEntryCount":1,"Entries":[{{#each (jsonPath request.body '$.Entries')}}{{#if @first}}\
                {"ErrorCode":"MalformedDetail","ErrorMessage":"Detail is malformed."}{{else}},\
                {"EventId":"{{randomValue type='UUID'}}"}{{/if}}{{/each}}]}"""),
        /** The whole call throttled. */
        THROTTLE_CALL(400, """
                {"__type":"ThrottlingException","message":"Rate exceeded"}"""),
        /** The whole call failed on the server. */
        SERVER_ERROR(500, """
                {"__type":"InternalException","message":"Internal error"}""");

        private final int status;
        private final String body;

        Answer(int status, String body) {
            this.status = status;
            this.body = body;
        }

        ResponseDefinitionBuilder response() {
            return aResponse().withStatus(status)
                    .withHeader("Content-Type", CONTENT_TYPE)
                    .withHeader("x-amzn-RequestId", "00000000-0000-4000-8000-000000000000")
                    .withBody(body)
                    .withTransformers("response-template");
        }
    }

    private final WireMockServer server;
    private final EventBridgeClient client;

    private EventBridgeStub(WireMockServer server) {
        this.server = server;
        this.client = AwsClients.eventBridgeBuilder()
                .endpointOverride(URI.create(server.baseUrl()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    public static EventBridgeStub start() {
        WireMockServer server = new WireMockServer(options().dynamicPort().containerThreads(20));
        server.start();
        EventBridgeStub stub = new EventBridgeStub(server);
        stub.answerAlways(Answer.ACCEPT_ALL);
        return stub;
    }

    public EventBridgeClient client() {
        return client;
    }

    public WireMockServer server() {
        return server;
    }

    /** Every call gets the same answer. */
    public void answerAlways(Answer answer) {
        answerAlways(answer, Duration.ZERO);
    }

    /** Every call gets the same answer after {@code delay}, as a busy service would give it. */
    public void answerAlways(Answer answer, Duration delay) {
        server.resetAll();
        server.stubFor(putEvents().willReturn(answer.response().withFixedDelay((int) delay.toMillis())));
    }

    /** Calls get the answers in turn, then every later call is accepted. */
    public void answerInTurn(Answer... answers) {
        server.resetAll();
        for (int i = 0; i < answers.length; i++) {
            server.stubFor(putEvents().inScenario(SCENARIO).whenScenarioStateIs(state(i)).willSetStateTo(state(i + 1))
                    .willReturn(answers[i].response()));
        }
        server.stubFor(putEvents().inScenario(SCENARIO).whenScenarioStateIs(state(answers.length))
                .willReturn(Answer.ACCEPT_ALL.response()));
    }

    /** Calls get the answers in turn, over and over. */
    public void answerInCycle(Answer... answers) {
        server.resetAll();
        for (int i = 0; i < answers.length; i++) {
            server.stubFor(putEvents().inScenario(SCENARIO).whenScenarioStateIs(state(i))
                    .willSetStateTo(state((i + 1) % answers.length)).willReturn(answers[i].response()));
        }
    }

    private static String state(int i) {
        return i == 0 ? Scenario.STARTED : "answer-" + i;
    }

    private static MappingBuilder putEvents() {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET));
    }

    /** The PutEvents calls received, oldest first. */
    public List<Call> calls() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        List<Call> calls = new ArrayList<>();
        for (ServeEvent event : events) {
            calls.add(new Call(event));
        }
        return calls;
    }

    /** The {@code eventId} of every entry the stub answered with an EventId, once per acceptance. */
    public List<String> acceptedEventIds() {
        List<String> ids = new ArrayList<>();
        for (Call call : calls()) {
            ids.addAll(call.acceptedEventIds());
        }
        return ids;
    }

    @Override
    public void close() {
        client.close();
        server.stop();
    }

    /** One PutEvents call as the stub saw it. */
    public static final class Call {
        private final ServeEvent event;

        Call(ServeEvent event) {
            this.event = event;
        }

        public String header(String name) {
            return event.getRequest().getHeader(name);
        }

        public JsonNode body() {
            return parse(event.getRequest().getBodyAsString());
        }

        public List<JsonNode> entries() {
            List<JsonNode> entries = new ArrayList<>();
            body().path("Entries").forEach(entries::add);
            return entries;
        }

        /** The entry's Detail, parsed. */
        public static JsonNode detail(JsonNode entry) {
            return parse(entry.path("Detail").asText());
        }

        public int status() {
            return event.getResponse().getStatus();
        }

        List<String> acceptedEventIds() {
            List<String> ids = new ArrayList<>();
            if (status() != 200) {
                return ids;
            }
            JsonNode results = parse(event.getResponse().getBodyAsString()).path("Entries");
            List<JsonNode> entries = entries();
            for (int i = 0; i < entries.size(); i++) {
                if (results.path(i).hasNonNull("EventId")) {
                    ids.add(detail(entries.get(i)).path("eventId").asText());
                }
            }
            return ids;
        }

        private static JsonNode parse(String json) {
            try {
                return Json.parse(json);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + json, e);
            }
        }
    }
}
