package dev.muninn.node.script;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.EcmaError;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.JavaScriptException;
import org.mozilla.javascript.NativeJSON;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Runs untrusted JavaScript (patches, conflict resolvers) on Rhino with no access to Java, under time, instruction
 * and output limits. Values cross the boundary as JSON text, which keeps JS semantics exact (5 stays 5) and
 * leaves no Java object reachable from the script. Thread-safe: each call enters its own Context.
 */
public final class JsSandbox {
    /** Results are bounded by ScriptLimits, not by Jackson's default cap of 20 M characters per string. */
    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).maxNestingDepth(dev.muninn.node.documents.Json.MAX_DEPTH)
                    .build()).build());
    private static final int CACHE_SIZE = 512;
    private static final String PRELUDE = """
            var __output = [];
            function output(x) { __output.push(typeof x === 'string' ? x : JSON.stringify(x)); }
            var console = { log: output };
            function id(doc) { return doc && doc['@metadata'] ? doc['@metadata']['@id'] : null; }
            var __counterOps = [];
            var __counterValues = {};
            function __counterDoc(doc) {
                var docId = typeof doc === 'string' ? doc : id(doc);
                if (typeof docId !== 'string' || docId === '') {
                    throw new Error('A counter function needs a document or its id');
                }
                return docId;
            }
            function incrementCounter(doc, name, value) {
                __counterOps.push({Id: __counterDoc(doc), Type: 'Increment', CounterName: name,
                    Delta: value === undefined ? 1 : value});
            }
            function deleteCounter(doc, name) {
                __counterOps.push({Id: __counterDoc(doc), Type: 'Delete', CounterName: name, Delta: 0});
            }
            function counter(doc, name) {
                var docId = __counterDoc(doc).toLowerCase();
                var key = String(name).toLowerCase();
                var known = __counterValues[docId];
                if (known === undefined) {
                    throw new Error("counter() reads the patched document's counters only, not '" + docId + "'s");
                }
                var value = known.hasOwnProperty(key) ? known[key] : null;
                for (var i = 0; i < __counterOps.length; i++) {
                    var op = __counterOps[i];
                    if (op.Id.toLowerCase() === docId && String(op.CounterName).toLowerCase() === key) {
                        value = op.Type === 'Delete' ? null : (value === null ? 0 : value) + op.Delta;
                    }
                }
                return value;
            }
            """;

    private final LimitedContextFactory factory = new LimitedContextFactory();
    private final ScriptableObject sharedScope;
    private final Script prelude;
    private final Map<String, Script> compiled = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Script> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    /** What a run produced: its return value (JSON text, or null for null/undefined) and output() lines. */
    record Result(String json, List<String> output) {
    }

    private final ScriptLimits defaultLimits;

    public JsSandbox() {
        this(ScriptLimits.DEFAULT);
    }

    /** @param defaultLimits what scripts run under unless the caller passes its own (the node's settings) */
    public JsSandbox(ScriptLimits defaultLimits) {
        this.defaultLimits = defaultLimits;
        Context cx = factory.enterContext();
        try {
            sharedScope = cx.initSafeStandardObjects(null, false);
            GuardedBuiltins.install(sharedScope);
            GuardedBuiltins.sealDeep(sharedScope);
            prelude = cx.compileString(PRELUDE, "prelude", 1, null);
        } finally {
            Context.exit();
        }
    }

    public ScriptLimits defaultLimits() {
        return defaultLimits;
    }

    /**
     * Runs {@code script} as the body of a function (so top-level {@code return} works) with {@code this} bound to
     * {@code thisObject} and each global bound to its JSON value. Returns the function's result; null and undefined
     * become {@link NullNode}.
     */
    public JsonNode evaluate(String script, Map<String, JsonNode> globals, ObjectNode thisObject, ScriptLimits limits) {
        Result result = run(script, globals, thisObject, limits);
        return result.json() == null ? NullNode.getInstance() : parse(result.json());
    }

    /** Compiles {@code script} without running it; a syntax error is a {@link ScriptException} of kind SYNTAX. */
    public void checkSyntax(String script) {
        Context cx = factory.enterContext();
        try {
            compile(cx, script);
        } finally {
            Context.exit();
        }
    }

    Result run(String script, Map<String, JsonNode> globals, JsonNode thisObject, ScriptLimits limits) {
        LimitedContextFactory.LimitedContext cx = (LimitedContextFactory.LimitedContext) factory.enterContext();
        try {
            cx.start(limits);
            Scriptable scope = cx.newObject(sharedScope);
            scope.setPrototype(sharedScope);
            scope.setParentScope(null);
            prelude.exec(cx, scope);
            for (Map.Entry<String, JsonNode> global : globals.entrySet()) {
                ScriptableObject.putProperty(scope, global.getKey(), toJs(cx, scope, global.getValue()));
            }
            Function function = (Function) compile(cx, script).exec(cx, scope);
            Object self = thisObject == null ? scope : toJs(cx, scope, thisObject);
            cx.countAllocationsFromNow();
            Object returned = function.call(cx, scope, self instanceof Scriptable s ? s : scope, new Object[0]);
            cx.checkBudgets();
            String json = toJson(cx, scope, returned, limits);
            List<String> output = new ArrayList<>();
            Object lines = NativeJSON.stringify(cx, scope, ScriptableObject.getProperty(scope, "__output"), null, null);
            for (JsonNode line : parse(lines.toString())) {
                output.add(line.asText());
            }
            return new Result(json, output);
        } catch (LimitedContextFactory.LimitExceeded e) {
            throw new ScriptException(e.kind, "Script stopped: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new ScriptException(ScriptException.Kind.TOO_LARGE, "Script stopped: recursion too deep");
        } catch (OutOfMemoryError e) {
            throw new ScriptException(ScriptException.Kind.TOO_LARGE, "Script stopped: it used too much memory");
        } catch (EvaluatorException e) {
            // Compilation errors are caught in compile(); an EvaluatorException here was raised while running.
            throw new ScriptException(ScriptException.Kind.RUNTIME, describe(e), e);
        } catch (JavaScriptException | EcmaError e) {
            throw new ScriptException(ScriptException.Kind.RUNTIME, describe(e), e);
        } catch (RhinoException e) {
            if (e.getMessage() != null && e.getMessage().contains("stack depth")) {
                throw new ScriptException(ScriptException.Kind.TOO_LARGE, "Script stopped: recursion too deep", e);
            }
            throw new ScriptException(ScriptException.Kind.RUNTIME, describe(e), e);
        } finally {
            Context.exit();
        }
    }

    private Script compile(Context cx, String script) {
        Script cached = compiled.get(script);
        if (cached != null) {
            return cached;
        }
        try {
            // Wrapping in a function lets scripts `return` a value and bind `this`.
            Script fresh = cx.compileString("(function () {\n" + script + "\n})", "script", 0, null);
            compiled.put(script, fresh);
            return fresh;
        } catch (EvaluatorException e) {
            throw new ScriptException(ScriptException.Kind.SYNTAX, describe(e), e);
        }
    }

    private static Object toJs(Context cx, Scriptable scope, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return NativeJSON.parse(cx, scope, value.toString(), (c, s, t, args) -> args[1]);
    }

    private static String toJson(Context cx, Scriptable scope, Object value, ScriptLimits limits) {
        if (value == null || value instanceof Undefined) {
            return null;
        }
        // Checked before serialising: a sparse array with a huge length would otherwise become gigabytes of "null".
        long bound = limits.maxOutputBytes() * 8L;
        if (GuardedBuiltins.graphBytes(value, bound) > bound) {
            throw new ScriptException(ScriptException.Kind.TOO_LARGE, "Script result is larger than its limit of "
                    + limits.maxOutputBytes() + " characters");
        }
        Object json = NativeJSON.stringify(cx, scope, value, null, null);
        if (json == null || json instanceof Undefined) {
            return null;
        }
        String text = json.toString();
        if (text.length() > limits.maxOutputBytes()) {
            throw new ScriptException(ScriptException.Kind.TOO_LARGE, "Script result is " + text.length()
                    + " characters; the limit is " + limits.maxOutputBytes());
        }
        return text;
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new ScriptException(ScriptException.Kind.RUNTIME, "Script produced invalid JSON: " + e.getMessage());
        }
    }

    private static String describe(RhinoException e) {
        // Line 1 of the wrapped source is our "(function () {" line; the user's first line is line 1 after it.
        int line = e.lineNumber();
        return (e.details() == null ? e.getMessage() : e.details()) + (line > 0 ? " (line " + line + ")" : "");
    }
}
