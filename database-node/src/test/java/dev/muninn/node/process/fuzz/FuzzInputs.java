package dev.muninn.node.process.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Requests over the node's RavenDB surface (every JAX-RS resource and Vert.x route under {@code node/http}), mixing
 * well-formed ones with broken parameters, headers and bodies. Deterministic for a seed.
 *
 * <p>What the invariants watch is never targeted, so that a change there is always a bug: ids never start with
 * {@link #SENTINEL_PREFIX}, the HiLo document of the tag whose ranges are checked ({@value #HILO_TAG}) is never written,
 * the fuzzed database is never deleted, and the cluster is never given a node that could cost it its majority (only
 * tags and URLs that do not exist or do not parse).
 */
public final class FuzzInputs {
    public static final String SENTINEL_PREFIX = "sentinel/";
    public static final String HILO_TAG = "fuzz";

    private final FuzzValues values;

    public FuzzInputs(Random random) {
        this.values = new FuzzValues(random);
    }

    public FuzzCase next(String database) {
        String db = "/databases/" + (values.nextInt(20) == 0
                ? values.pick(List.of("nope", "", "a%20b", "..", "%00", "FUZZ")) : database);
        FuzzCase request = route(db, database);
        if (values.nextInt(12) == 0) {
            request = mangleQuery(request);
        }
        if (request.body() != null && values.nextInt(10) == 0) {
            request = encode(request);
        }
        return request;
    }

    private FuzzCase route(String db, String database) {
        switch (values.nextInt(24)) {
            case 0:
                return get(db + "/docs?id=" + values.id() + values.maybe("&id=" + values.id())
                        + values.maybe("&metadataOnly=" + values.pick(List.of("true", "yes", "")))
                        + values.maybe("&include=" + values.pick(List.of("Name", "", "a.b[].c", "@metadata"))));
            case 1:
                return get(db + "/docs?" + values.pick(List.of("startsWith=users/&", "", "startsWith=&",
                        "startsWith=%00&")) + "start=" + values.number() + "&pageSize=" + values.number());
            case 2:
                return request("PUT", db + "/docs?id=" + values.id(), headers(), values.body());
            case 3:
                return request(values.pick(List.of("DELETE", "HEAD")), db + "/docs?id=" + values.id(), headers(), null);
            case 4:
                return request("POST", db + "/bulk_docs?disableAtomicDocumentWrites=" + values.pick(List.of("false",
                        "true", "x")) + values.maybe("&waitForReplicasTimeout=" + values.pick(List.of("00:00:01", "soon",
                        "-00:00:01", "99999999.00:00:00", "1.00:00:00")) + "&numberOfReplicasToWaitFor=" + values.number()
                        + values.maybe("&throwOnTimeoutInWaitForReplicas=" + values.pick(List.of("true", "maybe"))))
                        + values.maybe("&raft-request-id=" + values.pick(List.of("", "x", "x".repeat(500), "%00"))),
                        headers(), batch());
            case 5:
                return query(db);
            case 6:
                if (values.nextBoolean()) {
                    // The client's own requests, so that ranges are handed out and checked for overlaps.
                    return get(db + "/hilo/next?tag=" + HILO_TAG + "&lastBatchSize=" + values.pick(List.of("0", "32",
                            "64")) + "&lastMax=" + values.pick(List.of("0", "32", "64", "1000")));
                }
                return get(db + "/hilo/next?tag=" + values.pick(List.of(HILO_TAG, "", "x".repeat(500), "users", "%00"))
                        + "&lastBatchSize=" + values.number() + "&lastMax=" + values.number());
            case 7:
                // RavenDB's client returns the unused end of a range with a PUT.
                return request(values.nextInt(8) == 0 ? "GET" : "PUT", db + "/hilo/return?tag=" + values.pick(List.of(
                        HILO_TAG, "users", "")) + "&end=" + (values.nextBoolean() ? values.number() : values.pick(List.of(
                        "32", "64", "96", "128", "160", "192", "1056"))) + "&last=" + (values.nextBoolean()
                        ? values.number() : values.pick(List.of("0", "16", "31", "40", "63", "100", "1000"))), headers(),
                        null);
            case 8:
                return request("PUT", db + "/cmpxchg?key=" + values.pick(List.of("k", "", "k%00", "x".repeat(600),
                        "rvn-atomic/users/1", "k/" + values.number())) + "&index=" + values.number(), headers(),
                        values.nextInt(6) == 0 ? values.body() : FuzzValues.json("{\"Object\":" + values.value()
                                + values.maybe(",\"@metadata\":" + values.value()) + "}"));
            case 9:
                return request(values.pick(List.of("GET", "GET", "DELETE")), db + "/cmpxchg?" + values.pick(List.of(
                        "key=k", "key=k&key=k", "startsWith=k&start=" + values.number(), "", "key=")) + "&pageSize="
                        + values.number() + "&index=" + values.number(), headers(), null);
            case 10:
                return request("POST", db + "/replication/batch?source=" + values.pick(List.of("fuzzer", "", "A"))
                        + "&lastEtag=" + values.number(), headers(), replicationBatch());
            case 11:
                return attachments(db);
            case 12:
                return request("PUT", "/admin/databases?replicationFactor=" + values.number(), headers(),
                        FuzzValues.json("{\"DatabaseName\":" + FuzzValues.quote(values.databaseName())
                                + values.maybe(",\"Settings\":" + values.value()) + values.maybe(",\"Disabled\":"
                                + values.value()) + values.maybe(",\"Topology\":" + values.value()) + "}"));
            case 13:
                return adminDatabases(database);
            case 14:
                return cluster();
            case 15:
                return databaseAdmin(db);
            case 16:
                return request("POST", db + "/docs" + values.maybe("?include=" + values.pick(List.of("Name", ""))),
                        headers(), values.nextInt(4) == 0 ? values.body() : FuzzValues.json("{\"Ids\":["
                                + FuzzValues.quote(values.idText()) + "," + values.value() + "]}"));
            case 17:
                // Operations RavenDB has and this node may not: a patch of one document, by query, a delete by query.
                return request(values.pick(List.of("PATCH", "PATCH", "DELETE")), db + values.pick(List.of("/docs?id="
                        + values.id() + values.maybe("&changeVector=" + values.changeVector()) + values.maybe(
                        "&skipPatchIfChangeVectorMismatch=" + values.pick(List.of("true", "x"))), "/queries")),
                        headers(), FuzzValues.json("{\"Patch\":{\"Script\":" + FuzzValues.quote(values.script())
                                + "},\"Query\":{\"Query\":" + FuzzValues.quote(values.rql()) + "}}"));
            case 18:
                return get(db + values.pick(List.of("/revisions?id=" + values.id() + "&start=" + values.number()
                        + "&pageSize=" + values.number() + values.maybe("&changeVector=" + values.changeVector())
                        + values.maybe("&before=" + values.pick(List.of("2020-01-01T00:00:00Z", "yesterday", ""))),
                        "/revisions/count?id=" + values.id(), "/replication/conflicts?start=" + values.number()
                        + "&pageSize=" + values.number() + values.maybe("&docId=" + values.id()))));
            case 19:
                return get(db + "/replication/last-etag?source=x&waitForEtag=" + values.number() + "&waitMs="
                        // Not a wait longer than a second that is valid: the node caps one at 30 s, and a run of
                        // them would be the whole run's time.
                        + values.pick(List.of("0", "10", "-1", "abc", "1000", "99999999999999999999")));
            case 20:
                return get(values.pick(List.of("/topology?name=" + database, "/topology?name=", "/topology",
                        "/cluster/topology", "/cluster/node-info", "/info/tcp", "/build/version", db + "/healthcheck",
                        db + "/configuration/client", db + "/tasks", db + "/task?key=" + values.number() + "&type="
                                + values.pick(List.of("Backup", "Replication", "Nope", "")),
                        db + "/operations/state?id=" + values.number(), "/operations/state?id=" + values.number(),
                        "/periodic-backup/status?name=" + database + "&taskId=" + values.number(),
                        db + "/replication/active-connections", db + "/replication/stream?source=x&lastEtag="
                                + values.number(), "/databases?start=" + values.number() + "&pageSize=" + values.number(),
                        "/admin/databases?name=" + values.pick(List.of(database, "nope", "")),
                        "/admin/certificates", "/admin/secrets/generate")));
            case 21:
                return request(values.pick(List.of("GET", "POST", "PATCH", "OPTIONS", "TRACE", "PUT", "DELETE")),
                        db + values.pick(List.of("/stats", "/nonsense", "/docs/extra", "/bulk_docs", "/queries",
                                "/hilo/next", "/cmpxchg", "/admin/backup", "//docs")), headers(),
                        values.nextBoolean() ? null : values.body());
            case 22:
                return issue20(db);
            default:
                return request("PUT", db + "/docs?id=" + values.id(), headers(), FuzzValues.json(
                        "{\"Name\":" + values.value() + ",\"@metadata\":{\"@collection\":" + FuzzValues.quote(
                        values.pick(List.of("Users", "users", "", "@hilo", "Sentinels"))) + "}}"));
        }
    }

    /**
     * Issue 20's surface: bulk insert streams (whole, cut, garbage, an attachment whose length lies), PATCH /docs,
     * streams, patch and delete by query. Never aimed at the sentinels' collection: a valid by-query operation changes
     * what it matches, which is its job, not a finding.
     */
    private FuzzCase issue20(String db) {
        switch (values.nextInt(7)) {
            case 5:
                return request("POST", db + "/counters", headers(), values.nextInt(4) == 0 ? values.body()
                        : FuzzValues.json("{\"ReplyWithAllNodesValues\":" + values.value() + ",\"Documents\":["
                        + documentCounters() + (values.nextBoolean() ? "," + documentCounters() : "") + "]}"));
            case 6:
                return get(db + "/counters?docId=" + values.id() + values.maybe("&counter=" + values.pick(List.of(
                        "likes", "", "%00", "x".repeat(2000)))) + values.maybe("&counter=views")
                        + values.maybe("&full=" + values.pick(List.of("true", "x"))));
            case 0: {
                StringBuilder stream = new StringBuilder("[");
                int count = values.nextInt(5);
                for (int i = 0; i < count; i++) {
                    stream.append(i == 0 ? "" : ",").append(values.pick(List.of(
                            "{\"Id\":" + FuzzValues.quote(values.idText()) + ",\"Type\":\"PUT\",\"Document\":"
                                    + values.value() + "}",
                            "{\"Id\":\"bulk/" + i + "\",\"Type\":\"PUT\",\"Document\":{\"n\":" + i
                                    + ",\"@metadata\":{\"@collection\":\"FuzzBulk\"}}}",
                            "{\"Type\":\"HeartBeat\"}", "{\"Type\":\"Counters\",\"Id\":\"bulk/1\"}",
                            "{\"Type\":\"Counters\",\"Id\":\"bulk/1\",\"Counters\":" + documentCounters() + "}",
                            "{\"Id\":\"bulk/1\",\"Type\":\"AttachmentPUT\",\"Name\":\"a\",\"ContentLength\":"
                                    + values.pick(List.of("3", "-1", "99999999999", "\"x\"")) + "}abc",
                            values.value())));
                }
                String body = stream.append(values.pick(List.of("]", "", "]]", "] x"))).toString();
                byte[] bytes = FuzzValues.json(values.nextInt(6) == 0 ? body.substring(0, values.nextInt(body.length()
                        + 1)) : body);
                return request("POST", db + "/bulk_insert?id=" + values.pick(List.of("1", "x", "", "-5"))
                        + values.maybe("&skipOverwriteIfUnchanged=" + values.pick(List.of("true", "no"))), headers(),
                        bytes);
            }
            case 1:
                return request("PATCH", db + "/docs?id=" + values.id() + values.maybe("&debug=true")
                        + values.maybe("&test=" + values.pick(List.of("true", "x")))
                        + values.maybe("&skipPatchIfChangeVectorMismatch=true"), headers(), values.nextInt(4) == 0
                        ? values.body() : FuzzValues.json("{\"Patch\":{\"Script\":" + FuzzValues.quote(
                        values.script()) + ",\"Values\":" + values.value() + "}" + values.maybe(
                        ",\"PatchIfMissing\":" + values.value()) + "}"));
            case 2:
                return get(db + "/streams/docs?" + values.pick(List.of("startsWith=users/", "startsWith=", "",
                        "startsWith=%00")) + values.maybe("&matches=" + values.pick(List.of("*", "1?|2*", "[", "")))
                        + values.maybe("&exclude=*1") + values.maybe("&startAfter=" + values.id())
                        + "&start=" + values.number() + "&pageSize=" + values.number()
                        + values.maybe("&format=" + values.pick(List.of("jsonl", "json", "xml"))));
            case 3:
                return request("POST", db + "/streams/queries" + values.maybe("?format=jsonl"), headers(),
                        query(db).body());
            default:
                String rql = values.pick(List.of("from FuzzBulk", "from FuzzBulk where n > 1", "from Users where",
                        "from FuzzBulk update { " + values.script() + " }", "from FuzzBulk update {",
                        "from FuzzBulk update { this.n = $p }", "update { }", "from FuzzBulk limit 1 update { x }"));
                String body = "{\"Query\":" + FuzzValues.quote(rql) + ",\"QueryParameters\":" + values.value() + "}";
                boolean patch = values.nextBoolean();
                return request(patch ? "PATCH" : "DELETE", db + "/queries" + values.maybe("?maxOpsPerSec="
                        + values.pick(List.of("1000", "0", "x", "-1"))), headers(), values.nextInt(4) == 0
                        ? values.body() : FuzzValues.json(patch ? "{\"Query\":" + body + "}" : body));
        }
    }

    private FuzzCase query(String db) {
        StringBuilder body = new StringBuilder("{\"Query\":").append(values.nextInt(15) == 0 ? values.value()
                : FuzzValues.quote(values.rql()));
        if (values.nextBoolean()) {
            body.append(",\"QueryParameters\":").append(values.nextInt(4) == 0 ? values.value()
                    : "{\"p\":" + values.value() + "}");
        }
        if (values.nextBoolean()) {
            body.append(",\"Start\":").append(values.pick(List.of("0", "-1", "9223372036854775807", "\"x\"", "1e3",
                    "2147483648"))).append(",\"PageSize\":").append(values.pick(List.of("10", "-5", "0",
                    "9223372036854775807", "null", "2147483647")));
        }
        if (values.nextInt(5) == 0) {
            body.append(",\"WaitForNonStaleResults\":").append(values.value()).append(",\"WaitForNonStaleResultsTimeout\":")
                    .append(FuzzValues.quote(values.pick(List.of("00:00:01", "x", "-1.00:00:00"))));
        }
        body.append("}");
        return request("POST", db + "/queries" + values.maybe("?queryHash=" + values.number() + "&metadataOnly="
                + values.pick(List.of("true", "x"))), headers(), FuzzValues.json(body.toString()));
    }

    private FuzzCase attachments(String db) {
        String where = db + "/attachments?id=" + values.id() + "&name=" + values.pick(List.of("a.txt", "", "../x",
                "%00", "x".repeat(600)));
        switch (values.nextInt(3)) {
            case 0:
                return request("PUT", where + values.maybe("&changeVector=" + values.changeVector())
                        + values.maybe("&contentType=" + values.pick(List.of("text/plain", "", "%00", "x", "a%2Fb%3B%3B"))), Map.of(),
                        values.bytes(values.nextInt(2000)));
            case 1:
                return request(values.pick(List.of("GET", "HEAD")), where, headers(), null);
            default:
                return request("DELETE", where + values.maybe("&changeVector=" + values.changeVector()), headers(),
                        null);
        }
    }

    /** Database administration that can never delete the fuzzed database. */
    private FuzzCase adminDatabases(String database) {
        switch (values.nextInt(3)) {
            case 0:
                String name = values.databaseName();
                if (name.equalsIgnoreCase(database)) {
                    name = "nope";
                }
                return request("DELETE", "/admin/databases", headers(), values.nextInt(4) == 0 ? values.body()
                        : FuzzValues.json("{\"DatabaseNames\":" + values.pick(List.of("[" + FuzzValues.quote(name)
                                + "]", "[]", "null", "\"" + name + "\"", "[1]")) + ",\"HardDelete\":" + values.value()
                                + values.maybe(",\"FromNodes\":" + values.pick(List.of("[\"Z\"]", "[]", "5")))
                                + values.maybe(",\"TimeToWaitForConfirmation\":" + FuzzValues.quote(values.pick(
                                        List.of("00:00:01", "x", "-00:00:01")))) + "}"));
            case 1:
                return request("PUT", "/admin/databases/node?name=" + values.pick(List.of(database, "nope", ""))
                        + "&node=" + values.pick(List.of("Z", "", "a b", "A".repeat(50))), headers(), null);
            default:
                return request("POST", "/admin/replication/conflicts/solver?name=" + values.pick(List.of(database,
                        "nope", "")), headers(), values.nextInt(3) == 0 ? values.body() : FuzzValues.json(
                        "{\"ResolveToLatest\":" + values.value() + values.maybe(",\"ResolveByCollection\":{\"Users\":"
                                + "{\"Script\":" + FuzzValues.quote(values.script()) + "}}") + "}"));
        }
    }

    /** Cluster administration with tags and URLs that name no node: a real one could cost the cluster its leader. */
    private FuzzCase cluster() {
        String tag = values.pick(List.of("Z", "", "a b", "A".repeat(50), "%00", "B"));
        switch (values.nextInt(4)) {
            case 0:
                return request("PUT", "/admin/cluster/node?url=" + values.pick(List.of("notaurl", "", "ftp://x",
                        "http://", "http://127.0.0.77:99999", "%00", "http://[::1")) + values.maybe("&tag=" + tag)
                        + values.maybe("&watcher=" + values.pick(List.of("true", "x"))), headers(), null);
            case 1:
                return request(values.pick(List.of("DELETE")), "/admin/cluster/node?nodeTag=" + tag, headers(), null);
            case 2:
                return request("POST", "/admin/cluster/" + values.pick(List.of("promote", "demote")) + "?nodeTag=" + tag,
                        headers(), null);
            default:
                return request(values.pick(List.of("GET", "POST")), "/admin/cluster/" + values.pick(List.of("state",
                        "noop", "bootstrap", "nope")), headers(), values.nextBoolean() ? null : values.body());
        }
    }

    /** Settings of one database, with bodies that are broken or name what does not exist. */
    private FuzzCase databaseAdmin(String db) {
        switch (values.nextInt(7)) {
            case 0:
                return request("POST", db + "/admin/revisions/config", headers(), values.nextInt(3) == 0
                        ? values.body() : FuzzValues.json("{\"Default\":{\"Disabled\":" + values.value()
                                + ",\"MinimumRevisionsToKeep\":" + values.value() + ",\"MinimumRevisionAgeToKeep\":"
                                + values.value() + "},\"Collections\":" + values.value() + "}"));
            case 1:
                return request("PUT", db + "/admin/connection-strings", headers(), values.nextInt(3) == 0
                        ? values.body() : FuzzValues.json("{\"Type\":" + values.pick(List.of("\"Raven\"", "\"Sql\"",
                                "5", "null")) + ",\"Name\":" + values.value() + ",\"Database\":" + values.value()
                                + ",\"TopologyDiscoveryUrls\":" + values.pick(List.of("[\"notaurl\"]", "[]", "\"x\"",
                                "null")) + "}"));
            case 2:
                return request("POST", db + "/admin/tasks/external-replication", headers(), values.nextInt(3) == 0
                        ? values.body() : FuzzValues.json("{\"Watcher\":{\"Name\":" + values.value()
                                + ",\"ConnectionStringName\":" + values.pick(List.of("\"nope\"", "null", "5", "\"\""))
                                + ",\"TaskId\":" + values.value() + "}}"));
            case 3:
                // Never a valid destination: a backup would write outside the test's directory.
                return request("POST", db + values.pick(List.of("/admin/backup", "/admin/periodic-backup")), headers(),
                        values.nextInt(3) == 0 ? values.body() : FuzzValues.json("{\"BackupType\":"
                                + values.pick(List.of("\"Nope\"", "\"Backup\"", "5", "null")) + ",\"LocalSettings\":"
                                + values.pick(List.of("{\"FolderPath\":\"\"}", "{\"FolderPath\":5}", "null", "[]"))
                                + ",\"FullBackupFrequency\":" + values.pick(List.of("\"not cron\"",
                                "\"* * * * * * * *\"", "5")) + "}"));
            case 4:
                return request("POST", "/admin/restore/database", headers(), values.nextInt(3) == 0 ? values.body()
                        : FuzzValues.json("{\"DatabaseName\":" + FuzzValues.quote(values.databaseName())
                                + ",\"BackupLocation\":" + values.pick(List.of("\"/nonexistent\"", "\"\"", "5", "null",
                                "\"../../..\"")) + "}"));
            case 5:
                return request(values.pick(List.of("POST", "DELETE")), db + (values.nextBoolean()
                        ? "/admin/tasks/state?key=" + values.number() + "&type=" + values.pick(List.of("Backup",
                        "Replication", "Nope")) + "&disable=" + values.pick(List.of("true", "maybe", ""))
                        : "/admin/tasks?id=" + values.number() + "&type=" + values.pick(List.of("Backup", "Replication",
                        "Nope", ""))), headers(), null);
            default:
                return request("POST", values.pick(List.of("/admin/secrets?name=" + db.substring(11),
                        "/admin/secrets/distribute?name=x&node=Z", "/admin/certificates")), headers(), values.body());
        }
    }

    private FuzzCase get(String path) {
        return request("GET", path, headers(), null);
    }

    private static FuzzCase request(String method, String path, Map<String, String> headers, byte[] body) {
        return new FuzzCase(method, path, headers, body);
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", values.nextInt(8) == 0 ? values.pick(List.of("text/plain", "application/xml",
                "x/y;;", "", "application/json; charset=latin1", "multipart/mixed; boundary=x",
                "multipart/form-data")) : "application/json");
        if (values.nextInt(6) == 0) {
            headers.put("If-Match", values.pick(List.of("\"" + values.changeVector() + "\"", values.changeVector(),
                    "*", "\"\"", "W/\"x\"")));
        }
        if (values.nextInt(12) == 0) {
            headers.put("If-None-Match", "\"" + values.changeVector() + "\"");
        }
        if (values.nextInt(15) == 0) {
            // Claims an encoding the body does not have; encode() sends real (and broken) encoded bodies.
            headers.put("Content-Encoding", values.pick(List.of("gzip", "deflate", "br", "nonsense", "gzip, gzip")));
        }
        if (values.nextInt(20) == 0) {
            headers.put(values.pick(List.of("Known-Raft-Index", "Topology-Etag", "Raven-Client-Version",
                    "Accept-Encoding")), values.pick(List.of("-1", "abc", "9223372036854775808", "", "gzip;q=x")));
        }
        return headers;
    }

    /** Repeats, empties or breaks a query string parameter. */
    private FuzzCase mangleQuery(FuzzCase request) {
        String path = request.path();
        String mangled = path + (path.contains("?") ? "&" : "?") + values.pick(List.of("id=users/2", "start=5",
                "pageSize=abc", "=x", "&", "id", "name", "%", "%zz=1", "a=%", "tag=fuzz&tag=other", "x=" + "y".repeat(
                6000), "x=" + "y".repeat(17_000)));
        return new FuzzCase(request.method(), mangled, request.headers(), request.body());
    }

    /** The body sent compressed, as the client may, or compressed and cut short, or as another encoding. */
    private FuzzCase encode(FuzzCase request) {
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        byte[] body = request.body();
        String encoding = values.pick(List.of("gzip", "gzip", "deflate"));
        byte[] encoded = compress(body, encoding);
        switch (values.nextInt(3)) {
            case 0:
                break;
            case 1:
                encoded = java.util.Arrays.copyOf(encoded, values.nextInt(encoded.length));
                break;
            default:
                encoding = encoding.equals("gzip") ? "deflate" : "gzip";
                break;
        }
        headers.put("Content-Encoding", encoding);
        return new FuzzCase(request.method(), request.path(), headers, encoded);
    }

    private static byte[] compress(byte[] body, String encoding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var compressor = encoding.equals("gzip") ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            compressor.write(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private byte[] batch() {
        StringBuilder commands = new StringBuilder("{\"Commands\":[");
        int count = values.nextInt(4);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                commands.append(',');
            }
            String type = values.pick(List.of("PUT", "DELETE", "PATCH", "CompareExchangePUT", "AttachmentPUT", "Nope",
                    "", "Counters"));
            commands.append("{\"Type\":").append(FuzzValues.quote(type)).append(",\"Id\":")
                    .append(FuzzValues.quote(values.idText()));
            if (values.nextBoolean()) {
                commands.append(",\"ChangeVector\":").append(FuzzValues.quote(values.changeVector()));
            }
            commands.append(",\"Document\":").append(values.nextInt(4) == 0 ? values.value()
                    : "{\"n\":" + values.value() + ",\"@metadata\":{\"@collection\":\"Users\"}}");
            commands.append(",\"Patch\":{\"Script\":").append(FuzzValues.quote(values.script()))
                    .append(",\"Values\":{\"t\":").append(values.value()).append("}}");
            if (type.equals("Counters")) {
                commands.append(",\"Counters\":").append(values.nextInt(5) == 0 ? values.value() : documentCounters());
            }
            if (values.nextInt(4) == 0) {
                commands.append(",\"PatchIfMissing\":").append(values.value()).append(",\"Index\":")
                        .append(values.number().isEmpty() ? "0" : values.value());
            }
            commands.append("}");
        }
        commands.append("]").append(values.maybe(",\"TransactionMode\":" + FuzzValues.quote(values.pick(List.of(
                "SingleNode", "ClusterWide", "Other"))))).append("}");
        return values.nextInt(10) == 0 ? FuzzValues.json(commands.substring(0, values.nextInt(commands.length())))
                : FuzzValues.json(commands.toString());
    }

    /** One document's counter operations, valid or not (names, types and deltas from the edges). */
    private String documentCounters() {
        StringBuilder operations = new StringBuilder();
        int count = values.nextInt(4);
        for (int i = 0; i < count; i++) {
            operations.append(i == 0 ? "" : ",").append(values.nextInt(6) == 0 ? values.value()
                    : "{\"Type\":" + FuzzValues.quote(values.pick(List.of("Increment", "Delete", "Get", "GetAll",
                    "Put", "increment", ""))) + ",\"CounterName\":" + values.pick(List.of("\"likes\"", "\"LIKES\"",
                    "\"\"", "null", "5", FuzzValues.quote("x".repeat(2000)))) + ",\"Delta\":" + values.pick(List.of(
                    "1", "-1", "0", "9223372036854775807", "-9223372036854775808", "1.5", "\"2\"", "null",
                    "99999999999999999999")) + "}");
        }
        return "{\"DocumentId\":" + FuzzValues.quote(values.pick(List.of("users/1", "bulk/1", values.idText())))
                + ",\"Operations\":[" + operations + "]}";
    }

    private byte[] replicationBatch() {
        return FuzzValues.json("{\"Items\":[{\"Id\":" + FuzzValues.quote(values.idText()) + ",\"Collection\":"
                + values.value() + ",\"ChangeVector\":" + FuzzValues.quote(values.changeVector()) + ",\"LastModified\":"
                + values.value() + ",\"Flags\":" + values.value() + ",\"Body\":" + (values.nextBoolean() ? "{\"x\":1}"
                : values.value()) + "}]" + values.maybe(",\"Counters\":[{\"Id\":" + FuzzValues.quote(values.idText())
                + ",\"ChangeVector\":" + FuzzValues.quote(values.changeVector()) + ",\"Body\":" + values.pick(List.of(
                "{\"Counters\":{\"likes\":{\"Name\":\"likes\",\"Values\":{\"x\":[1,5]}}}}",
                "{\"Counters\":{\"likes\":{\"Name\":\"\",\"Values\":{\"x\":[1]}}}}", "{\"Counters\":5}",
                values.value())) + "}]") + values.maybe(",\"LastEtag\":" + values.value()) + "}");
    }
}
