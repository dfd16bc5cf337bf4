package dev.muninn.node.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class JsSandboxTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsSandbox SANDBOX = new JsSandbox();
    final PatchScript patches = new PatchScript(SANDBOX);

    static ObjectNode doc(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    static ObjectNode user() throws Exception {
        return doc("{\"Name\":\"Oren\",\"Age\":41,\"Tags\":[\"a\"],\"Items\":[{\"qty\":0},{\"qty\":2}],\"Old\":1,"
                + "\"@metadata\":{\"@id\":\"users/1\",\"@change-vector\":\"A:1-x\",\"@collection\":\"Users\"}}");
    }

    @Test
    void patchesMutateThisWithArgs() throws Exception {
        PatchOutcome outcome = patches.apply("users/1", user(),
                "this.Name = args.name; this.Age += 1; this.Tags.push(args.tag); delete this.Old;"
                        + "this.Items = this.Items.filter(i => i.qty > 0);",
                doc("{\"name\":\"Ayende\",\"tag\":\"b\"}"));
        ObjectNode patched = outcome.document();
        assertThat(outcome.modified()).isTrue();
        assertThat(patched.get("Name").asText()).isEqualTo("Ayende");
        assertThat(patched.get("Age").isIntegralNumber()).as("5 stays 5, not 5.0").isTrue();
        assertThat(patched.get("Age").asInt()).isEqualTo(42);
        assertThat(patched.get("Tags")).hasSize(2);
        assertThat(patched.has("Old")).isFalse();
        assertThat(patched.get("Items")).hasSize(1);
    }

    @Test
    void unchangedDocumentIsNotModified() throws Exception {
        assertThat(patches.apply("users/1", user(), "var x = this.Name;", null).modified()).isFalse();
    }

    @Test
    void serverOwnedMetadataCannotBeForged() throws Exception {
        PatchOutcome outcome = patches.apply("users/1", user(),
                "this['@metadata']['@change-vector'] = 'forged'; this['@metadata']['@id'] = 'other';"
                        + "this['@metadata']['Custom'] = 'ok';", null);
        assertThat(outcome.document().at("/@metadata/@change-vector").asText()).isEqualTo("A:1-x");
        assertThat(outcome.document().at("/@metadata/@id").asText()).isEqualTo("users/1");
        assertThat(outcome.document().at("/@metadata/Custom").asText()).isEqualTo("ok");
    }

    @Test
    void helpersIdAndOutput() throws Exception {
        PatchOutcome outcome = patches.apply("users/1", user(), "output(id(this)); console.log({a: 1});", null);
        assertThat(outcome.debugOutput()).containsExactly("users/1", "{\"a\":1}");
    }

    @Test
    void inputIsNotMutatedWhenTheScriptThrows() throws Exception {
        ObjectNode input = user();
        ObjectNode before = input.deepCopy();
        assertThatThrownBy(() -> patches.apply("users/1", input, "this.Name = 'x'; throw new Error('boom');", null))
                .isInstanceOf(ScriptException.class).hasMessageContaining("boom")
                .extracting(e -> ((ScriptException) e).kind()).isEqualTo(ScriptException.Kind.RUNTIME);
        assertThat(input).isEqualTo(before);
    }

    @Test
    void syntaxErrorsAreReportedAsSuch() throws Exception {
        assertThatThrownBy(() -> patches.apply("users/1", user(), "this.Name = ;", null))
                .isInstanceOf(ScriptException.class)
                .extracting(e -> ((ScriptException) e).kind()).isEqualTo(ScriptException.Kind.SYNTAX);
    }

    @Test
    void infiniteLoopsStopAtTheTimeLimitAndCannotBeCaught() {
        ScriptLimits limits = new ScriptLimits(Duration.ofMillis(300), Long.MAX_VALUE, 1 << 20);
        long started = System.nanoTime();
        assertThatThrownBy(() -> SANDBOX.evaluate("try { while (true) {} } catch (e) {} return 1;", Map.of(), null,
                limits)).isInstanceOf(ScriptException.class)
                .extracting(e -> ((ScriptException) e).kind()).isEqualTo(ScriptException.Kind.TIMEOUT);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void instructionBudget() {
        ScriptLimits limits = new ScriptLimits(Duration.ofMinutes(1), 100_000, 1 << 20);
        assertThatThrownBy(() -> SANDBOX.evaluate("var n = 0; for (;;) { n++; }", Map.of(), null, limits))
                .isInstanceOf(ScriptException.class);
    }

    /** Each of these allocated gigabytes in one or a few built-in calls before the budget existed (issue 15). */
    @Test
    void scriptsThatAllocateWithoutBoundStopAtTheirMemoryBudget() {
        ScriptLimits limits = new ScriptLimits(Duration.ofSeconds(20), Long.MAX_VALUE, 1 << 20, 64L << 20);
        for (String script : List.of(
                "var keep = []; for (var i = 0; i < 100000; i++) { keep.push(new Array(1000000).fill(i)); } return 1;",
                "return 'x'.repeat(1 << 30).length;",
                "return ''.padStart(1 << 30, 'ab').length;",
                "var a = []; a.length = 4000000000; return a.join(',').length;",
                "return JSON.stringify({ a: new Array(1 << 30) }).length;",
                "return Array.from({ length: 1 << 30 }).length;",
                "var keep = []; while (true) { keep.push({ a: 'some text ' + keep.length }); }",
                "try { 'x'.repeat(1 << 30); } catch (e) {} return 'caught';")) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> SANDBOX.evaluate(script, Map.of(), null, limits)).as(script)
                    .isInstanceOf(ScriptException.class).hasMessageContaining("memory budget")
                    .extracting(e -> ((ScriptException) e).kind()).isEqualTo(ScriptException.Kind.TOO_LARGE);
            assertThat((System.nanoTime() - started) / 1_000_000).as(script).isLessThan(10_000);
        }
    }

    @Test
    void aSparseResultIsRefusedBeforeItIsSerialised() {
        assertThatThrownBy(() -> SANDBOX.evaluate("return new Array(1 << 30);", Map.of(), null, ScriptLimits.DEFAULT))
                .isInstanceOf(ScriptException.class).hasMessageContaining("larger than its limit");
    }

    @Test
    void ordinaryScriptsRunWithinTheBudgetAndTheBuiltInsStillWork() throws Exception {
        ScriptLimits limits = new ScriptLimits(Duration.ofSeconds(20), Long.MAX_VALUE, 1 << 20, 64L << 20);
        JsonNode result = SANDBOX.evaluate("""
                var parts = [];
                for (var i = 0; i < 20000; i++) { parts.push(('' + i).padStart(6, '0')); }
                var joined = parts.slice(0, 3).join('-');
                return { joined: joined, n: parts.length, r: 'ab'.repeat(3), f: new Array(3).fill(7),
                         keys: Object.keys({ a: 1, b: 2 }), from: Array.from('xyz'), isArray: Array.isArray([]),
                         json: JSON.parse(JSON.stringify({ x: [1, 2] })).x[1], upper: 'abc'.toUpperCase() };
                """, Map.of(), null, limits);
        assertThat(result.toString()).isEqualTo("{\"joined\":\"000000-000001-000002\",\"n\":20000,\"r\":\"ababab\","
                + "\"f\":[7,7,7],\"keys\":[\"a\",\"b\"],\"from\":[\"x\",\"y\",\"z\"],\"isArray\":true,\"json\":2,"
                + "\"upper\":\"ABC\"}");
    }

    @Test
    void builtInsStaySharedButCannotBeChangedByAScript() throws Exception {
        assertThatThrownBy(() -> SANDBOX.evaluate("String.prototype.repeat = function () { return 'evil'; };",
                Map.of(), null, ScriptLimits.DEFAULT)).isInstanceOf(ScriptException.class);
        assertThatThrownBy(() -> SANDBOX.evaluate("Array.prototype.evil = 1;", Map.of(), null, ScriptLimits.DEFAULT))
                .isInstanceOf(ScriptException.class);
        assertThat(SANDBOX.evaluate("return 'a'.repeat(2) + [].evil;", Map.of(), null, ScriptLimits.DEFAULT)
                .asText()).isEqualTo("aaundefined");
    }

    @Test
    void noJavaAccess() {
        for (String script : List.of("java.lang.System.exit(1);", "return Packages.java.io.File;",
                "return new java.io.File('x');", "return this.getClass();",
                "return java.lang.Runtime.getRuntime().exec('true');")) {
            assertThatThrownBy(() -> SANDBOX.evaluate(script, Map.of(), null, ScriptLimits.DEFAULT))
                    .as(script).isInstanceOf(ScriptException.class);
        }
    }

    @Test
    void runawayRecursionAndHugeOutput() {
        assertThatThrownBy(() -> SANDBOX.evaluate("function f(n) { return f(n + 1) + 1; } return f(0);", Map.of(),
                null, ScriptLimits.DEFAULT)).isInstanceOf(ScriptException.class);
        ScriptLimits small = new ScriptLimits(Duration.ofSeconds(5), 50_000_000, 1000);
        assertThatThrownBy(() -> SANDBOX.evaluate("var s = 'x'; while (s.length < 5000) s += s; return s;", Map.of(),
                null, small)).isInstanceOf(ScriptException.class)
                .extracting(e -> ((ScriptException) e).kind()).isEqualTo(ScriptException.Kind.TOO_LARGE);
    }

    @Test
    void evaluateWithGlobalsAndReturnMergesConflicts() throws Exception {
        JsonNode docs = JSON.readTree("[{\"Items\":{\"milk\":1,\"eggs\":2}},{\"Items\":{\"milk\":3,\"bread\":1}}]");
        String resolver = "var out = docs[0];"
                + "for (var i = 1; i < docs.length; i++) { for (var k in docs[i].Items) {"
                + "  out.Items[k] = Math.max(out.Items[k] || 0, docs[i].Items[k]); } }"
                + "return out;";
        JsonNode merged = SANDBOX.evaluate(resolver, Map.of("docs", docs), null, ScriptLimits.DEFAULT);
        assertThat(merged.at("/Items/milk").asInt()).isEqualTo(3);
        assertThat(merged.at("/Items/eggs").asInt()).isEqualTo(2);
        assertThat(merged.at("/Items/bread").asInt()).isEqualTo(1);
        assertThat(SANDBOX.evaluate("return null;", Map.of(), null, ScriptLimits.DEFAULT).isNull()).isTrue();
    }

    @Test
    void concurrentPatchesAreIndependent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                results.add(pool.submit(() -> patches.apply("users/1", user(), "this.Age = args.n * 2;",
                        JSON.readTree("{\"n\":" + n + "}")).document().get("Age").asInt()));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(i * 2);
            }
        } finally {
            pool.shutdown();
        }
    }
}
