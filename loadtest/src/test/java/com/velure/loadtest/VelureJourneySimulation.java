package com.velure.loadtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.velure.loadtest.JourneyRecorder.RequestRecord;
import com.velure.loadtest.report.Machine;
import com.velure.loadtest.report.MarkdownReport;
import com.velure.loadtest.report.RunOutcomes;
import com.velure.loadtest.report.RunAnalysis;
import com.velure.loadtest.report.RunData;
import com.velure.loadtest.report.ServiceLogs;
import com.velure.loadtest.sampling.Sample;
import com.velure.loadtest.sampling.Sampler;
import com.velure.loadtest.stack.LocalStackProcess;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.forAll;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The original k6 user journey: a fresh user per iteration registers, logs in, lists the first
 * page of products and orders one to three of them, with the original pauses; a failed step ends
 * the iteration. Load profile, base URL and thresholds come from {@link LoadTestSettings}. Before
 * the load it starts the local stack when asked and the sampler; after it, it writes the report.
 */
public class VelureJourneySimulation extends Simulation {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Journey-pa55word";

    private final LoadTestSettings settings = LoadTestSettings.fromSystemProperties();
    private final JourneyRecorder recorder = new JourneyRecorder();
    /** Makes e-mails unique across runs against the same database. */
    private final String runTag = Long.toString(System.currentTimeMillis(), 36);

    private LocalStackProcess stack;
    private Sampler sampler;
    private ServiceLogs serviceLogs;
    private Machine machine;
    private Sample baseline;
    private long startMillis;

    {
        HttpProtocolBuilder protocol = http.baseUrl(settings.baseUrl())
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                .userAgentHeader("velure-loadtest")
                // k6 keeps each VU's connections across iterations; here every iteration is a new
                // virtual user, so share one pool instead of opening new connections per journey.
                .shareConnections();

        ChainBuilder journey = exec(this::startJourney)
                .exec(step(Step.REGISTER, http(Step.REGISTER.requestName).post("/api/auth/register")
                        .body(StringBody(s -> json(Map.of("name", s.getString("name"), "email", s.getString("email"), "password", PASSWORD))))
                        .check(captures())
                        .check(status().is(Step.REGISTER.expectedStatus), jsonPath("$.accessToken").exists().saveAs("token"))))
                .exitHereIfFailed()
                .pause(Duration.ofSeconds(1))
                .exec(step(Step.LOGIN, http(Step.LOGIN.requestName).post("/api/auth/login")
                        .body(StringBody(s -> json(Map.of("email", s.getString("email"), "password", PASSWORD))))
                        .check(captures())
                        .check(status().is(Step.LOGIN.expectedStatus), jsonPath("$.accessToken").exists().saveAs("token"))))
                .exitHereIfFailed()
                .pause(Duration.ofSeconds(1))
                .exec(step(Step.PRODUCTS, http(Step.PRODUCTS.requestName).get("/api/product/products?page=1&limit=20")
                        .check(captures())
                        .check(status().is(Step.PRODUCTS.expectedStatus), jsonPath("$.products[*]").ofMap().findAll().saveAs("products"))))
                .exitHereIfFailed()
                .pause(Duration.ofSeconds(2))
                .exec(step(Step.ORDER, http(Step.ORDER.requestName).post("/api/order/create-order")
                        .header("Authorization", s -> "Bearer " + s.getString("token"))
                        .body(StringBody(VelureJourneySimulation::orderBody))
                        .check(captures())
                        .check(status().is(Step.ORDER.expectedStatus), jsonPath("$.order_id").exists().saveAs("orderId"),
                                jsonPath("$.total").ofDouble().gt(0.0).saveAs("total"))))
                .exitHereIfFailed()
                .pause(Duration.ofSeconds(1))
                .exec(session -> {
                    recorder.userLeft();
                    return session;
                });

        ScenarioBuilder users = scenario("journey").exec(journey);
        setUp(users.injectClosed(injection(settings.profile())).protocols(protocol))
                .assertions(
                        forAll().responseTime().percentile(95.0).lt((int) settings.thresholds().requestP95Ms()),
                        forAll().failedRequests().percent().lt(settings.thresholds().failurePercent()));
    }

    /** k6 stages as closed-model steps: each Gatling user is one iteration; Gatling keeps the count at the target. */
    static List<ClosedInjectionStep> injection(LoadProfile profile) {
        List<ClosedInjectionStep> steps = new ArrayList<>();
        int users = 0;
        for (LoadProfile.Stage stage : profile.stages()) {
            Duration during = Duration.ofSeconds(stage.seconds());
            steps.add(stage.targetUsers() == users ? constantConcurrentUsers(users).during(during)
                    : rampConcurrentUsers(users).to(stage.targetUsers()).during(during));
            users = stage.targetUsers();
        }
        return steps;
    }

    /** Saved on every response, failed or not, so the recorder sees status, time and the API's message. */
    private static List<io.gatling.javaapi.core.CheckBuilder> captures() {
        return List.of(status().saveAs("status"), responseTimeInMillis().saveAs("elapsed"),
                jsonPath("$.error").optional().saveAs("error"), header("Retry-After").optional().saveAs("retryAfter"));
    }

    /** What a step's checks save, cleared before it runs so that nothing stale is taken for its answer. */
    private static String[] outputs(Step step) {
        return switch (step) {
            case REGISTER, LOGIN -> new String[]{"status", "elapsed", "error", "retryAfter", "token"};
            case PRODUCTS -> new String[]{"status", "elapsed", "error", "retryAfter", "products"};
            case ORDER -> new String[]{"status", "elapsed", "error", "retryAfter", "orderId", "total"};
        };
    }

    /** The request, then its outcome into the recorder; a user whose request failed leaves. */
    private ChainBuilder step(Step step, HttpRequestActionBuilder request) {
        return exec(session -> session.removeAll(outputs(step)).set("sentAt", System.currentTimeMillis()))
                .exec(request)
                .exec(session -> record(step, session));
    }

    private Session startJourney(Session session) {
        recorder.journeyStarted();
        long user = session.userId();
        return session.set("name", "Load Test " + user)
                .set("email", "lt-" + runTag + "-" + user + "@example.com")
                .set("journeyStart", System.currentTimeMillis());
    }

    private Session record(Step step, Session session) {
        long now = System.currentTimeMillis();
        Integer status = session.contains("status") ? session.getInt("status") : null;
        long elapsed = session.contains("elapsed") ? session.getInt("elapsed") : now - session.getLong("sentAt");
        boolean statusOk = status != null && status == step.expectedStatus;
        boolean bodyOk = switch (step) {
            case REGISTER, LOGIN -> session.contains("token") && statusOk;
            case PRODUCTS -> session.contains("products") && !session.getList("products").isEmpty();
            case ORDER -> session.contains("orderId") && session.contains("total");
        };
        String failure = null;
        if (session.isFailed()) {
            if (status == null) {
                failure = "no response (connection failed or timed out)";
            } else if (!statusOk) {
                failure = session.contains("error") ? session.getString("error") : "unexpected status";
            } else {
                failure = "response without " + step.expectedBody;
            }
        }
        // What the server acknowledged, so that the fault suite can hold it to it afterwards.
        String subject = !statusOk ? null : switch (step) {
            case REGISTER -> session.getString("email");
            case ORDER -> session.contains("orderId") ? session.getString("orderId") : null;
            case LOGIN, PRODUCTS -> null;
        };
        recorder.request(new RequestRecord(step, now, elapsed, status == null ? 0 : status, statusOk, bodyOk, failure,
                session.contains("retryAfter") ? session.getString("retryAfter") : null, subject));
        if (failure != null) {
            recorder.userLeft();
        } else if (step == Step.ORDER) {
            recorder.journeyCompleted(now, now - session.getLong("journeyStart"));
        }
        return session;
    }

    /** One to three distinct products of the page, quantity one to three each, named and priced as listed. */
    private static String orderBody(Session session) {
        List<Map<String, Object>> products = new ArrayList<>(session.getList("products"));
        Collections.shuffle(products, ThreadLocalRandom.current());
        int lines = Math.min(products.size(), ThreadLocalRandom.current().nextInt(1, 4));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> product : products.subList(0, lines)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("product_id", product.get("_id"));
            item.put("name", product.get("name"));
            item.put("price", product.get("price"));
            item.put("quantity", ThreadLocalRandom.current().nextInt(1, 4));
            items.add(item);
        }
        return json(Map.of("items", items));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void before() {
        try {
            Files.createDirectories(settings.runDirectory());
            if (settings.stack().isPresent()) {
                stack = LocalStackProcess.start(settings.stack().get(), settings.runDirectory().resolve("stack.log"));
            }
            if (settings.warmupJourneys() > 0) {
                new Warmup(settings.baseUrl()).run(settings.warmupJourneys(), "lt-" + runTag, PASSWORD);
            }
            machine = Machine.describe(settings.stackHome());
            serviceLogs = settings.stackHome().map(home -> new ServiceLogs(home.resolve("logs"))).orElse(null);
            if (serviceLogs != null) {
                serviceLogs.mark();
            }
            sampler = new Sampler(settings, recorder);
            startMillis = System.currentTimeMillis();
            baseline = sampler.sampleNow();
            System.out.println("[loadtest] " + settings.profile().name() + " profile against " + settings.baseUrl()
                    + " for " + settings.profile().totalSeconds() + " s; results in " + settings.runDirectory());
            sampler.start();
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (stack != null) {
                stack.close();
            }
            throw new IllegalStateException("load test could not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void after() {
        long endMillis = System.currentTimeMillis();
        try {
            sampler.close();
            recorder.writeCsv(settings.runDirectory());
            RunData data = new RunData(settings, startMillis, endMillis, recorder.requests(), recorder.journeys(),
                    recorder.startedJourneys(), sampler.samples(), baseline, sampler.failures(),
                    serviceLogs == null ? Map.of() : serviceLogs.tooManyConnections(), machine, gatlingReport().orElse(null),
                    settings.database().map(db -> RunOutcomes.read(db, startMillis)).orElse(null), stack == null ? null : stack.bootTime());
            RunAnalysis analysis = new RunAnalysis(data);
            Path report = MarkdownReport.write(analysis);
            System.out.println("[loadtest] " + (analysis.passed() ? "every threshold met" : "THRESHOLDS MISSED") + "; report: " + report);
        } catch (IOException | RuntimeException e) {
            System.err.println("[loadtest] the report could not be written: " + e);
            e.printStackTrace();
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    /** Gatling's own results folder of this run (it writes index.html there after this hook). */
    private Optional<String> gatlingReport() throws IOException {
        try (Stream<Path> dirs = Files.list(settings.runDirectory())) {
            return dirs.filter(d -> Files.exists(d.resolve("simulation.log")))
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
                    .map(d -> settings.runDirectory().relativize(d).resolve("index.html").toString());
        }
    }
}
