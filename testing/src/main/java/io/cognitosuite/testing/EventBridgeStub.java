package io.cognitosuite.testing;

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
import io.cognitosuite.core.json.Json;
import io.cognitosuite.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * WireMock speaking EventBridge's PutEvents wire protocol (AWS JSON 1.1: {@code POST /} with
 * {@code X-Amz-Target: AWSEvents.PutEvents}), and a real SDK client built as production builds it but
 * pointed here. Answers are response templates with one result per request entry, so partial failures look
 * as the service sends them; a WireMock scenario plays a list of answers in turn.
 *
 * <p>What the stub accepted and what the client learned can differ: when an answer reaches the client too late
 * (its call timed out, as a loaded machine or a cold JVM makes happen), the stub has taken the entries but the
 * client saw a failure and may send them again. The client's side is recorded too
 * ({@link #answeredAcceptedEventIds()}, {@link #unansweredEventIds()}), so a test can tell such a lost answer
 * from a relay that sends an event again after being told it was accepted.
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
    private final ClientSide clientSide = new ClientSide();
    private final EventBridgeClient client;

    private EventBridgeStub(WireMockServer server) {
        this.server = server;
        EventBridgeClientBuilder builder = AwsClients.configured(EventBridgeClient.builder())
                .endpointOverride(URI.create(server.baseUrl()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
        // Added to the production configuration (retries off), not in place of it: the interceptor only watches.
        this.client = builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                .addExecutionInterceptor(clientSide).build()).build();
    }

    public static EventBridgeStub start() {
        WireMockServer server = new WireMockServer(options().dynamicPort().containerThreads(20));
        server.start();
        EventBridgeStub stub = new EventBridgeStub(server);
        stub.answerAlways(Answer.ACCEPT_ALL);
        stub.warmUp();
        stub.answerAlways(Answer.ACCEPT_ALL);
        return stub;
    }

    /**
     * The JVM's first PutEvents call loads and links the SDK's whole request path; on a loaded machine it has
     * outlasted an adapter's 1 s attempt timeout (a lost answer, so a resend) in whichever test came first. One call
     * here, before any test, pays for that; its record is cleared by the reset that follows.
     */
    private void warmUp() {
        try {
            client.putEvents(r -> r.entries(e -> e.source("warm-up").detailType("warm-up").detail("{}")));
        } catch (software.amazon.awssdk.core.exception.SdkException slowEvenSo) {
            // only a warm-up: what the tests check are their own calls
        }
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
        reset();
        server.stubFor(putEvents().willReturn(answer.response().withFixedDelay((int) delay.toMillis())));
    }

    /** Calls get the answers in turn, then every later call is accepted. */
    public void answerInTurn(Answer... answers) {
        reset();
        for (int i = 0; i < answers.length; i++) {
            server.stubFor(putEvents().inScenario(SCENARIO).whenScenarioStateIs(state(i)).willSetStateTo(state(i + 1))
                    .willReturn(answers[i].response()));
        }
        server.stubFor(putEvents().inScenario(SCENARIO).whenScenarioStateIs(state(answers.length))
                .willReturn(Answer.ACCEPT_ALL.response()));
    }

    /**
     * The first call gets {@code answer} only after {@code delay}, as an answer lost to the caller's timeout
     * would arrive; every later call is accepted at once.
     */
    public void answerFirstLate(Answer answer, Duration delay) {
        reset();
        server.stubFor(putEvents().inScenario(SCENARIO).whenScenarioStateIs(Scenario.STARTED).willSetStateTo(state(1))
                .willReturn(answer.response().withFixedDelay((int) delay.toMillis())));
        server.stubFor(putEvents().inScenario(SCENARIO).whenScenarioStateIs(state(1))
                .willReturn(Answer.ACCEPT_ALL.response()));
    }

    /** Calls get the answers in turn, over and over. */
    public void answerInCycle(Answer... answers) {
        reset();
        for (int i = 0; i < answers.length; i++) {
            server.stubFor(putEvents().inScenario(SCENARIO).whenScenarioStateIs(state(i))
                    .willSetStateTo(state((i + 1) % answers.length)).willReturn(answers[i].response()));
        }
    }

    private void reset() {
        server.resetAll();
        clientSide.clear();
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

    /**
     * The {@code eventId} of every entry the client was answered as accepted, once per answer it received: what
     * the caller knew the bus had taken.
     */
    public List<String> answeredAcceptedEventIds() {
        return clientSide.answeredAccepted();
    }

    /**
     * The {@code eventId} of every entry sent in a call that got no answer the client could read (it timed out
     * or the connection failed), once per such call. The stub may well have accepted these: a lost answer.
     */
    public List<String> unansweredEventIds() {
        return clientSide.unanswered();
    }

    @Override
    public void close() {
        client.close();
        server.stop();
    }

    /** Records, on the client, which PutEvents answers arrived and which calls ended without one. */
    private static final class ClientSide implements ExecutionInterceptor {
        private final List<String> answeredAccepted = Collections.synchronizedList(new ArrayList<>());
        private final List<String> unanswered = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutEventsRequest request
                    && context.response() instanceof PutEventsResponse response) {
                List<PutEventsResultEntry> results = response.hasEntries() ? response.entries() : List.of();
                for (int i = 0; i < request.entries().size() && i < results.size(); i++) {
                    if (results.get(i).errorCode() == null && results.get(i).eventId() != null) {
                        answeredAccepted.add(eventId(request.entries().get(i)));
                    }
                }
            }
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            // An error answer (throttled, 5xx) is an answer: the stub accepted nothing in such a call.
            if (context.request() instanceof PutEventsRequest request
                    && !(context.exception() instanceof AwsServiceException)) {
                request.entries().forEach(entry -> unanswered.add(eventId(entry)));
            }
        }

        List<String> answeredAccepted() {
            synchronized (answeredAccepted) {
                return List.copyOf(answeredAccepted);
            }
        }

        List<String> unanswered() {
            synchronized (unanswered) {
                return List.copyOf(unanswered);
            }
        }

        void clear() {
            answeredAccepted.clear();
            unanswered.clear();
        }

        private static String eventId(PutEventsRequestEntry entry) {
            return Call.parse(entry.detail()).path("eventId").asText();
        }
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
