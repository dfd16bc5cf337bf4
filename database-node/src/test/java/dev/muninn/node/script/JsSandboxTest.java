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
