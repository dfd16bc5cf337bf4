package dev.muninn.node.process.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The pieces requests are made of, each mixing what a client would send with what it never should: numbers that are
 * not numbers or overflow, ids with separators and escapes, junk change vectors, JSON values of every type, bodies
 * that are truncated, nested past the parser's limit, not UTF-8 or not JSON at all. Deterministic for the random.
 */
final class FuzzValues {
    private static final List<String> NUMBERS = List.of("0", "1", "-1", "25", "abc", "", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "1e9", "0x10", "2147483648", "-2147483649", "NaN", " 5",
            "1.5", "%2B1", "0001", "１");
    private static final List<String> IDS = List.of("users/1", "users/", "users|", "", "a%2Fb", "%00", "x".repeat(3000),
            "orders/1-A", "%E2%9C%93", "..%2F..%2Fetc", "users/1?x", "%0Aforged", "USERS/1", "%F0%9F%98%80",
            "%ED%A0%80", "%FF%FE", "users%2F1%23frag", "Raven/Hilo/users", "@empty");
    static final List<String> CHANGE_VECTORS = List.of("A:1-abc", "garbage", "A:0-x", "A:-5-x", ":", "A:1-",
            "A:99999999999999999999-x", "", "A:1-abc,B:2-def", "\"quoted\"", "A:9223372036854775807-GpgaB7hnSJGAijZpG6MAEg",
            "A:1-abc,A:2-abc", "RAFT:1-x", ",", "A:1-" + "z".repeat(2000));
    private static final List<String> DATABASE_NAMES = List.of("fuzz-new", "", "a b", "../x", "x".repeat(300), "fuzz",
            "FUZZ", "con", "a/b", "名前", "-x", "nope");

    private final Random random;

    FuzzValues(Random random) {
        this.random = random;
    }

    String number() {
        return pick(NUMBERS);
    }

    /** An id for a query string: already percent-encoded where it needs to be. */
    String id() {
        return pick(IDS);
    }

    /** An id inside a JSON body: control characters, surrogates and separators included. */
    String idText() {
        return pick(List.of("users/1", "users/", "", "x".repeat(3000), "orders/1", "users|", "a\u0001b", "\ud800",
                "\uD83D\uDE00", "USERS/1", "users/1\u0000", " users/1 "));
    }

    String changeVector() {
        return pick(CHANGE_VECTORS);
    }

    String databaseName() {
        return pick(DATABASE_NAMES);
    }

    /** A JSON value of any type, including ones no client would send. */
    String value() {
        return pick(List.of("1", "-1", "\"text\"", "null", "true", "[]", "{}", "1e400", "9223372036854775808",
                "\"\\u0000\"", "\"" + "v".repeat(random.nextInt(1000)) + "\"", "{\"nested\":{\"deeper\":[1,{}]}}",
                "\"\\ud800\"", "\"\\uDBFF\\uDFFF\"", "-0", "0.1e-400", "\"名前 ✓ 😀\"", "[null,[null,[null]]]"));
    }

    /** A request body: a document, or anything a client could wrongly send as one. */
    byte[] body() {
        switch (random.nextInt(13)) {
            case 0:
                return json("{\"Name\":" + value() + ",\"@metadata\":{\"@collection\":\"Users\"}}");
            case 1:
                return json(pick(List.of("[1,2,3]", "\"a string\"", "42", "true", "", " ", "{}{}", "{\"a\":1}x")));
            case 2:
                return json(pick(List.of("{\"Name\":\"trunc", "{\"Name\":", "{", "{\"a\":[1,2", "{\"a\" 1}",
                        "{'single':'quotes'}", "{\"a\":1,}", "{a:1}", "{\"a\":01}", "{\"a\":NaN}")));
            case 3:
                return json(nested(pick(List.of(999, 1001, 5000)), random.nextBoolean()));
            case 4:
                return json("{\"x\":\"" + "y".repeat(random.nextInt(200_000)) + "\"}");
            case 5:
                return json("null");
            case 6:
                return json("{\"@metadata\":{\"@collection\":" + value() + ",\"@change-vector\":"
                        + quote(changeVector()) + ",\"@flags\":" + value() + ",\"@id\":" + value() + ",\"@expires\":"
                        + value() + "}}");
            case 7:
                return bytes(random.nextInt(300));
            case 8:
                return unicode();
            case 9:
                return json("{\"a\":1,\"a\":2,\"@metadata\":{\"@collection\":\"Users\"},\"@metadata\":" + value() + "}");
            case 10:
                return json("{\"@metadata\":" + value() + "}");
            default:
                return json("{\"a\":" + value() + ",\"b\":{\"c\":[" + value() + "," + value() + "]}}");
        }
    }

    /** Text that is not what it claims: a BOM, raw control characters, bytes that are not UTF-8, overlong forms. */
    private byte[] unicode() {
        switch (random.nextInt(5)) {
            case 0:
                return concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, json("{\"Name\":\"bom\"}"));
            case 1:
                return concat(json("{\"Name\":\""), new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xED, (byte) 0xA0,
                        (byte) 0x80}, json("\"}"));
            case 2:
                return json("{\"Name\":\"raw\ttab\nand\u0000nul\"}");
            case 3:
                return "{\"Name\":\"utf16\"}".getBytes(StandardCharsets.UTF_16);
            default:
                return json("{\"名前\":\"✓\",\"😀\":\"\uD83D\uDE00\",\"@metadata\":{\"@collection\":\"Юзеры\"}}");
        }
    }

    /** Arrays or objects nested {@code depth} deep: the node's parser stops at 1000. */
    private static String nested(int depth, boolean objects) {
        return objects ? "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) : "[".repeat(depth) + "]".repeat(depth);
    }

    String script() {
        return pick(List.of("this.x = 1;", "this.x = ;", "throw new Error('no');", "while (true) {}",
                "var a = []; while (true) a.push(new Array(100000).fill(1));", "return 'x'.repeat(1e9);",
                "this.Tags.push(args.t);", "delete this['@metadata'];", "this['@metadata']['@change-vector'] = 'A:1-x';",
                "output(this); output(args);", "JSON.stringify(new Array(1e9));", "String.prototype.repeat = null;",
                "function f() { f(); } f();", "put('users/1', {a: 1});", "del('users/1');",
                "this['@metadata'] = null;", "load(null).x = 1;", "this.n = args.t * 2; this.s = '' + args.t;",
                "for (var i = 0; i < 1e12; i++) {}", "new Function('return 1')();", "java.lang.System.exit(1);",
                "Object.defineProperty(this, 'x', {get: function() { throw 1; }});", "this.x = 1 // unterminated /*",
                "incrementCounter(this, 'likes', args.t);", "incrementCounter('users/none', 'x');",
                "deleteCounter(this, 'likes'); this.c = counter(this, 'likes');", "incrementCounter(this, '', 1e300);",
                "__counterOps = null;", "counter('users/2', 'x');", "incrementCounter(this, {}, 1);"));
    }

    String rql() {
        return pick(List.of("from Users", "from Users where", "from Users limit 5, 10",
                "from Users limit 9223372036854775807, 9223372036854775807", "from Users where Name = $p",
                "from Users order by", "select * from", "from Users where Age > 'x' limit -1", "declare function",
                "from @all_docs where id() = 'users/1'", "from Users where startsWith(Name, 'a') select Name, Age",
                "from 'Users' where exists(Tags) limit 0, 1", "from Users update { this.x = 1 }", "(((((((((((",
                "from Users where Name in ($p)", "from Users where Name = 'unterminated",
                "from Users where id() = $missing", "from Users order by Name desc, Age as long limit 2147483648",
                "from Sentinels", "from Users include Friend", "from index 'Nope'", "from Users where " + "(".repeat(500),
                "from Users where Name = 1 or " + "Name = 1 or ".repeat(500) + "Name = 1", "", "from \u0000",
                "from Users select { Name: this.Name }", "declare function f(x) { while(true){} } from Users as u "
                        + "select f(u)", "from Users where regex(Name, '(a+)+$')"));
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    boolean nextBoolean() {
        return random.nextBoolean();
    }

    String maybe(String text) {
        return random.nextBoolean() ? text : "";
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A JSON string literal for any text, control characters escaped (lone surrogates kept as they are). */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
