package dev.muninn.node.process.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Requests over the node's RavenDB surface, mixing well-formed ones with broken parameters, headers and bodies:
 * numbers that are not numbers or that overflow, truncated and deeply nested JSON, non-object bodies, junk change
 * vectors, RQL and scripts that do not parse, loop or allocate. Deterministic for a seed. Ids never start with
 * {@link #SENTINEL_PREFIX}, so the sentinel documents are only ever read.
 */
public final class FuzzInputs {
    public static final String SENTINEL_PREFIX = "sentinel/";

    private static final List<String> NUMBERS = List.of("0", "1", "-1", "25", "abc", "", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "1e9", "0x10", "2147483648", "NaN", " 5", "1.5");
    private static final List<String> IDS = List.of("users/1", "users/", "users|", "", "a%2Fb", "%00", "x".repeat(3000),
            "orders/1-A", "%E2%9C%93", "..%2F..%2Fetc", "users/1?x", "%0Aforged");
    private static final List<String> CHANGE_VECTORS = List.of("A:1-abc", "garbage", "A:0-x", "A:-5-x", ":", "A:1-",
            "A:99999999999999999999-x", "", "A:1-abc,B:2-def", "\"quoted\"");
    private static final List<String> RQL = List.of("from Users", "from Users where", "from Users limit 5, 10",
            "from Users limit 9223372036854775807, 9223372036854775807", "from Users where Name = $p",
            "from Users order by", "select * from", "from Users where Age > 'x' limit -1", "declare function",
            "from @all_docs where id() = 'users/1'", "from Users where startsWith(Name, 'a') select Name, Age",
            "from 'Users' where exists(Tags) limit 0, 1", "from Users update { this.x = 1 }", "(((((((((((");
    private static final List<String> SCRIPTS = List.of("this.x = 1;", "this.x = ;", "throw new Error('no');",
            "while (true) {}", "var a = []; while (true) a.push(new Array(100000).fill(1));", "return 'x'.repeat(1e9);",
            "this.Tags.push(args.t);", "delete this['@metadata'];", "this['@metadata']['@change-vector'] = 'A:1-x';",
            "output(this); output(args);", "JSON.stringify(new Array(1e9));", "String.prototype.repeat = null;");

    private final Random random;

    public FuzzInputs(Random random) {
        this.random = random;
    }

    public FuzzCase next(String database) {
        String db = "/databases/" + (random.nextInt(20) == 0 ? pick(List.of("nope", "", "a%20b", "..")) : database);
        switch (random.nextInt(14)) {
            case 0:
                return get(db + "/docs?id=" + id() + maybe("&metadataOnly=" + pick(List.of("true", "yes", ""))));
            case 1:
                return get(db + "/docs?" + pick(List.of("startsWith=users/&", "", "startsWith=&")) + "start="
                        + number() + "&pageSize=" + number());
            case 2:
                return request("PUT", db + "/docs?id=" + id(), headers(), body());
            case 3:
                return request("DELETE", db + "/docs?id=" + id(), headers(), null);
            case 4:
                return request("POST", db + "/bulk_docs" + maybe("?waitForReplicasTimeout=" + pick(List.of(
                        "00:00:01", "soon", "-00:00:01", "99999999.00:00:00")) + "&numberOfReplicasToWaitFor="
                        + number()), headers(), batch());
            case 5:
                return request("POST", db + "/queries", headers(), json("{\"Query\":" + quote(pick(RQL))
                        + maybe(",\"QueryParameters\":{\"p\":" + value() + "}") + "}"));
            case 6:
                if (random.nextBoolean()) {
                    // The client's own requests, so that ranges are handed out and checked for overlaps.
                    return get(db + "/hilo/next?tag=fuzz&lastBatchSize=" + pick(List.of("0", "32", "64"))
                            + "&lastMax=" + pick(List.of("0", "32", "64", "1000")));
                }
                return get(db + "/hilo/next?tag=" + pick(List.of("fuzz", "", "x".repeat(500))) + "&lastBatchSize="
                        + number() + "&lastMax=" + number());
            case 7:
                return get(db + "/hilo/return?tag=fuzz&end=" + number() + "&last=" + number());
            case 8:
                return request("PUT", db + "/cmpxchg?key=" + pick(List.of("k", "", "k%00", "x".repeat(600))) + "&index="
                        + number(), headers(), json("{\"Object\":" + value() + "}"));
            case 9:
                return get(db + "/cmpxchg?" + pick(List.of("key=k", "startsWith=k&start=" + number(), "")) + "&pageSize="
                        + number());
            case 10:
                return request("POST", db + "/replication/batch?source=" + pick(List.of("fuzzer", "")) + "&lastEtag="
                        + number(), headers(), replicationBatch());
            case 11:
                return request("PUT", db + "/attachments?id=" + id() + "&name=" + pick(List.of("a.txt", "", "../x"))
                        + maybe("&changeVector=" + pick(CHANGE_VECTORS)), Map.of(), bytes(random.nextInt(2000)));
            case 12:
                return request("PUT", "/admin/databases?replicationFactor=" + number(), headers(),
                        json("{\"DatabaseName\":" + quote(pick(List.of("fuzz-new", "", "a b", "../x", "x".repeat(300))))
                                + maybe(",\"Settings\":" + value()) + "}"));
            default:
                return request(pick(List.of("GET", "POST", "PATCH", "OPTIONS")), db + pick(List.of("/stats",
                        "/revisions?id=" + id() + "&start=" + number(), "/replication/last-etag?source=x&waitForEtag="
                                + number() + "&waitMs=" + pick(List.of("0", "10", "-1", "abc")), "/nonsense",
                        "/replication/conflicts?start=" + number())), headers(), random.nextBoolean() ? null : body());
        }
    }

    private FuzzCase get(String path) {
        return request("GET", path, headers(), null);
    }

    private FuzzCase request(String method, String path, Map<String, String> headers, byte[] body) {
        return new FuzzCase(method, path, headers, body);
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", random.nextInt(8) == 0 ? pick(List.of("text/plain", "application/xml", "x/y;;"))
                : "application/json");
        if (random.nextInt(6) == 0) {
            headers.put("If-Match", "\"" + pick(CHANGE_VECTORS) + "\"");
        }
        if (random.nextInt(15) == 0) {
            headers.put("Content-Encoding", pick(List.of("gzip", "deflate", "br", "nonsense")));
        }
        return headers;
    }

    private byte[] body() {
        switch (random.nextInt(9)) {
            case 0:
                return json("{\"Name\":" + value() + ",\"@metadata\":{\"@collection\":\"Users\"}}");
            case 1:
                return json("[1,2,3]");
            case 2:
                return json("{\"Name\":\"trunc");
            case 3:
                return json("[".repeat(5000) + "]".repeat(5000));
            case 4:
                return json("{\"x\":\"" + "y".repeat(random.nextInt(200_000)) + "\"}");
            case 5:
                return json("null");
            case 6:
                return json("{\"@metadata\":{\"@collection\":" + value() + ",\"@change-vector\":"
                        + quote(pick(CHANGE_VECTORS)) + ",\"@flags\":" + value() + "}}");
            case 7:
                return bytes(random.nextInt(300));
            default:
                return json("{\"a\":" + value() + ",\"b\":{\"c\":[" + value() + "," + value() + "]}}");
        }
    }

    private byte[] batch() {
        StringBuilder commands = new StringBuilder("{\"Commands\":[");
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                commands.append(',');
            }
            String type = pick(List.of("PUT", "DELETE", "PATCH", "Nope", ""));
            commands.append("{\"Type\":").append(quote(type)).append(",\"Id\":").append(quote(idText()));
            if (random.nextBoolean()) {
                commands.append(",\"ChangeVector\":").append(quote(pick(CHANGE_VECTORS)));
            }
            commands.append(",\"Document\":").append(random.nextInt(4) == 0 ? value()
                    : "{\"n\":" + value() + ",\"@metadata\":{\"@collection\":\"Users\"}}");
            commands.append(",\"Patch\":{\"Script\":").append(quote(pick(SCRIPTS))).append(",\"Values\":{\"t\":")
                    .append(value()).append("}}}");
        }
        commands.append("]").append(maybe(",\"TransactionMode\":" + quote(pick(List.of("SingleNode", "ClusterWide",
                "Other"))))).append("}");
        return random.nextInt(10) == 0 ? json(commands.substring(0, random.nextInt(commands.length())))
                : json(commands.toString());
    }

    private byte[] replicationBatch() {
        return json("{\"Items\":[{\"Id\":" + quote(idText()) + ",\"Collection\":" + value() + ",\"ChangeVector\":"
                + quote(pick(CHANGE_VECTORS)) + ",\"LastModified\":" + value() + ",\"Flags\":" + value()
                + ",\"Body\":" + (random.nextBoolean() ? "{\"x\":1}" : value()) + "}]}");
    }

    private String value() {
        return pick(List.of("1", "-1", "\"text\"", "null", "true", "[]", "{}", "1e400", "9223372036854775808",
                "\"\\u0000\"", "\"" + "v".repeat(random.nextInt(1000)) + "\"", "{\"nested\":{\"deeper\":[1,{}]}}"));
    }

    private String id() {
        return IDS.get(random.nextInt(IDS.size()));
    }

    private String idText() {
        return pick(List.of("users/1", "users/", "", "x".repeat(3000), "orders/1", "users|", "a\u0001b"));
    }

    private String number() {
        return NUMBERS.get(random.nextInt(NUMBERS.size()));
    }

    private String maybe(String text) {
        return random.nextBoolean() ? text : "";
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
