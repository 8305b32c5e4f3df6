package io.gfxfleet.orchestrator.logs;

import io.gfxfleet.orchestrator.publish.s3.S3Target;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Job logs as objects {@code <prefix><job>/<attempt>/<name>} in an S3 bucket: the store for big
 * fleets, where logs would otherwise be most of the database.
 */
public final class S3JobLogs implements JobLogs {
    private final S3Target bucket;
    private final String prefix;

    public S3JobLogs(S3Target bucket, String prefix) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("the logs prefix must be empty or end in '/': '" + prefix + "'");
        }
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public StoredLog put(String jobId, int attempt, String name, byte[] content) throws IOException {
        bucket.put(key(jobId, attempt, name), content, contentType(name));
        return new StoredLog(attempt, name, content.length);
    }

    @Override
    public List<StoredLog> list(String jobId) throws IOException {
        String folder = prefix + jobId + "/";
        List<StoredLog> out = new ArrayList<>();
        for (S3Object o : bucket.listObjects(folder)) {
            String[] attemptAndName = o.key().substring(folder.length()).split("/", 2);
            if (attemptAndName.length == 2 && attemptAndName[0].matches("[0-9]{1,4}") && !attemptAndName[1].contains("/")) {
                out.add(new StoredLog(Integer.parseInt(attemptAndName[0]), attemptAndName[1], o.size()));
            }
        }
        out.sort(Comparator.comparingInt(StoredLog::attempt).thenComparing(StoredLog::name));
        return out;
    }

    @Override
    public Optional<byte[]> read(String jobId, int attempt, String name) throws IOException {
        return bucket.get(key(jobId, attempt, name));
    }

    @Override
    public int deleteForJobs(Collection<String> jobIds) throws IOException {
        List<String> keys = new ArrayList<>();
        for (String jobId : jobIds) {
            keys.addAll(bucket.list(prefix + jobId + "/"));
        }
        bucket.delete(keys);
        return keys.size();
    }

    @Override
    public String describe() {
        return bucket.describe() + (prefix.isEmpty() ? "" : " under " + prefix);
    }

    @Override
    public void close() {
        bucket.close();
    }

    private String key(String jobId, int attempt, String name) {
        return prefix + jobId + "/" + attempt + "/" + name;
    }

    static String contentType(String name) {
        return name.endsWith(".xml") ? "application/xml" : name.endsWith(".json") ? "application/json" : "text/plain; charset=utf-8";
    }
}
