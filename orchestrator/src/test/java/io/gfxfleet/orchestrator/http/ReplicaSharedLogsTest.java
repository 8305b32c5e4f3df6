package io.gfxfleet.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.gfxfleet.orchestrator.Orchestrator;
import io.gfxfleet.orchestrator.OrchestratorConfig;
import io.gfxfleet.orchestrator.intake.IndexAllowlist;
import io.gfxfleet.orchestrator.logs.JobLogSettings;
import io.gfxfleet.orchestrator.publish.s3.S3ProxyServer;
import io.gfxfleet.orchestrator.publish.s3.S3Settings;
import io.gfxfleet.orchestrator.scheduler.LeasePolicy;
import io.gfxfleet.orchestrator.scripted.ScriptedAgent;
import io.gfxfleet.protocol.json.Json;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas on one PostgreSQL: a log uploaded through one is listed and served by the other,
 * whether logs are kept in the database or in an S3 bucket; the per-log cap holds; pruning's
 * delete-logs-for-jobs removes them from both.
 */
class ReplicaSharedLogsTest {
    static final String PG = System.getProperty("gfxfleet.test.postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void databaseLogsUploadedThroughOneReplicaAreServedByTheOther() throws Exception {
        uploadThroughAReadThroughB(new JobLogSettings(null, "", 64 * 1024), "db");
    }

    @Test
    void bucketLogsUploadedThroughOneReplicaAreServedByTheOther() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            S3Settings bucket = s3.bucket("gfxfleet-logs");
            uploadThroughAReadThroughB(new JobLogSettings(bucket, "job-logs/", 64 * 1024), "s3");
            assertTrue(s3.blobStore().list("gfxfleet-logs", org.jclouds.blobstore.options.ListContainerOptions.Builder.recursive())
                    .isEmpty(), "pruning deleted the objects");
        }
    }

    private void uploadThroughAReadThroughB(JobLogSettings logs, String kind) throws Exception {
        String schema = "sharedlogs_" + kind + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String url = PG + "&currentSchema=" + schema;
        try (Orchestrator a = Orchestrator.start(config(url, logs)); Orchestrator b = Orchestrator.start(config(url, logs))) {
            ScriptedAgent.submit(a.baseUrl(), "logs-" + kind, "linux", "7.10.0", "gfx94X-dcgpu");
            ScriptedAgent.Grant grant = new ScriptedAgent(a.baseUrl(), "agent-a").lease("gfx94X-dcgpu");
            String text = "step log of " + kind + " ✓\n".repeat(100);
            HttpResponse<String> up = upload(a, grant, "install.log", text.getBytes(StandardCharsets.UTF_8));
            assertEquals(201, up.statusCode(), up.body());

            JsonNode listed = Json.MAPPER.readTree(get(b, "/api/v1/jobs/" + grant.jobId() + "/logs").body());
            assertEquals(1, listed.size(), listed.toString());
            assertEquals("install.log", listed.get(0).path("name").asText());
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, listed.get(0).path("bytes").asLong());
            HttpResponse<String> served = get(b, listed.get(0).path("url").asText());
            assertEquals(200, served.statusCode());
            assertEquals(text, served.body());

            // The cap: one byte over is refused and nothing is stored.
            HttpResponse<String> tooBig = upload(a, grant, "huge.log", new byte[64 * 1024 + 1]);
            assertEquals(413, tooBig.statusCode(), tooBig.body());
            assertEquals(1, Json.MAPPER.readTree(get(b, "/api/v1/jobs/" + grant.jobId() + "/logs").body()).size());

            // The operation pruning calls: the logs of these jobs, gone for every replica.
            assertEquals(1, a.jobLogs().deleteForJobs(List.of(grant.jobId(), "no-such-job")));
            assertEquals(0, Json.MAPPER.readTree(get(b, "/api/v1/jobs/" + grant.jobId() + "/logs").body()).size());
        } finally {
            try (Connection c = DriverManager.getConnection(PG); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static OrchestratorConfig config(String url, JobLogSettings logs) {
        return new OrchestratorConfig("127.0.0.1", 0, url, null, LeasePolicy.DEFAULT, IndexAllowlist.ANY).withJobLogs(logs);
    }

    private static HttpResponse<String> upload(Orchestrator o, ScriptedAgent.Grant grant, String name, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(o.baseUrl() + "/api/v1/leases/" + grant.leaseId() + "/logs/" + name))
                .header(LogRoutes.TOKEN_HEADER, grant.token())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(Orchestrator o, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(o.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
