package dev.muninn.node.process.fuzz;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Bugs the fuzzer found that the node still has: the cases that hit one are generated (so the seed's sequence stays
 * the same) but not sent, so that the tier passes on today's node. Each entry names its reproduction in the notes;
 * whoever fixes one removes its entry here and the fuzzer checks it again. Nothing else is skipped.
 */
public final class KnownFindings {
    /** One finding: a name for the run's summary, what goes wrong, and which cases hit it. */
    public record Finding(String name, String what, Predicate<FuzzCase> hits) {
    }

    private static final List<Finding> OPEN = List.of(
            // A request line past Vert.x's limit (quarkus.http.limits.max-initial-line-length, 4096) is answered by
            // the HTTP codec before any route: 414 with an empty body, no RavenDB error.
            new Finding("F1 long request line: 414 without a JSON error", "GET /databases/fuzz/docs?id=x&x=<6000 x>",
                    request -> request.method().length() + 1 + request.uri().length() + " HTTP/1.1".length() > 4096),
            // The parser takes JSON nested up to 1000 deep and the writer writes up to 1000, but the node wraps what
            // it took: a document nested 999 deep is stored (201) and then every read of it (GET, a listing, a
            // query) is a 200 whose JSON breaks off, with an error object written into it; a compare-exchange value
            // or a revisions configuration as deep is a 500 (the Raft command cannot be written).
            new Finding("F5 JSON nested close to the 1000 limit: unreadable document, 500", "PUT "
                    + "/databases/fuzz/docs?id=deep/1 with {\"a\": nested 999 deep, then GET it", request ->
                    nesting(decoded(request)) >= 990 && nesting(decoded(request)) <= 1000),
            // A one-time backup whose LocalSettings.FolderPath is a number is taken: 200, and the backup is written
            // to that number as a path relative to the node's working directory (here, the module's directory).
            new Finding("F6 backup FolderPath that is a number: accepted, written under the working directory",
                    "POST /databases/fuzz/admin/backup {\"BackupType\":\"Backup\",\"LocalSettings\":{\"FolderPath\":5}}",
                    request -> request.path().contains("/admin/backup") && decoded(request) != null
                            && new String(decoded(request), java.nio.charset.StandardCharsets.UTF_8)
                            .matches("(?s).*\"FolderPath\":\\s*[-0-9].*")));

    /** How deep the body's arrays and objects nest, brackets inside strings not counted. */
    private static int nesting(byte[] body) {
        if (body == null) {
            return 0;
        }
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return deepest;
    }

    /** The body as the node reads it: decoded per its Content-Encoding; null when it does not decode. */
    private static byte[] decoded(FuzzCase request) {
        String encoding = request.headers().entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Content-Encoding"))
                .map(header -> header.getValue().trim().toLowerCase(java.util.Locale.ROOT)).findFirst().orElse("");
        if (request.body() == null || request.body().length == 0 || !List.of("gzip", "deflate", "br")
                .contains(encoding)) {
            return request.body();
        }
        if (encoding.equals("br")) {
            return null; // the fuzzer never sends real brotli
        }
        var in = new java.io.ByteArrayInputStream(request.body());
        try (var decoded = encoding.equals("gzip") ? new java.util.zip.GZIPInputStream(in)
                : new java.util.zip.InflaterInputStream(in)) {
            return decoded.readAllBytes();
        } catch (java.io.IOException notEncoded) {
            return null;
        }
    }

    private KnownFindings() {
    }

    /** The open finding this case would hit, if any. */
    public static Optional<Finding> hitBy(FuzzCase request) {
        return OPEN.stream().filter(finding -> finding.hits().test(request)).findFirst();
    }
}
