package dev.muninn.node.script;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * Puts a guard around the built-ins through which one call can allocate without bound: {@code 'x'.repeat(n)},
 * {@code padStart}, {@code new Array(n).fill(0)}, {@code join}, {@code JSON.stringify} of a sparse array with a
 * huge length, and the like. The interpreter counts instructions, but such a call is one instruction, so the
 * instruction observer alone would see its allocation only after the heap was gone (ADR 0033).
 * <p>
 * Before a call the guard estimates what it could allocate from its receiver and arguments and refuses it when the
 * estimate exceeds what the script has left of its budget; after the call it checks the budget again, so repeated
 * calls cannot creep past it between two instruction observations either.
 */
final class GuardedBuiltins {
    /** Array methods that touch a bounded number of elements whatever the length. */
    static final Set<String> CONSTANT_TIME_ARRAY_METHODS = Set.of("push", "pop", "at");
    /**
     * Bytes per array element a copying or iterating built-in may allocate. Measured on Rhino 1.9.2: filling a sparse
     * array (any {@code new Array(n)} above 10 000) costs 266 bytes per element, a dense one 6; the estimate takes
     * the worst, so it errs towards refusing very long arrays, which patches do not need.
     */
    static final long BYTES_PER_ELEMENT = 300;
    /** Bytes per character of a string a built-in copies (Java strings are UTF-16 at worst). */
    static final long BYTES_PER_CHAR = 2;

    private GuardedBuiltins() {
    }

    /** Guards every function of String.prototype, Array.prototype, Array, Object and JSON in {@code scope}. */
    static void install(ScriptableObject scope) {
        guardAll(prototypeOf(scope, "String"), Receiver.STRING);
        guardAll(prototypeOf(scope, "Array"), Receiver.ARRAY);
        guardAll((ScriptableObject) ScriptableObject.getProperty(scope, "Array"), Receiver.NONE);
        guardAll((ScriptableObject) ScriptableObject.getProperty(scope, "Object"), Receiver.NONE);
        guardAll((ScriptableObject) ScriptableObject.getProperty(scope, "JSON"), Receiver.NONE);
    }

    /**
     * Seals every object reachable from {@code scope} through properties and prototypes: the shared scope's
     * built-ins are shared by all scripts, so none may change them for the others.
     */
    static void sealDeep(ScriptableObject scope) {
        Set<Scriptable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Scriptable> pending = new ArrayDeque<>();
        pending.push(scope);
        while (!pending.isEmpty()) {
            Scriptable object = pending.pop();
            if (!seen.add(object)) {
                continue;
            }
            if (object.getPrototype() != null) {
                pending.push(object.getPrototype());
            }
            if (!(object instanceof ScriptableObject scriptable)) {
                continue;
            }
            for (Object id : scriptable.getAllIds()) {
                Object value = valueOf(scriptable, id);
                if (value instanceof Scriptable child) {
                    pending.push(child);
                }
            }
            if (!scriptable.isSealed()) {
                scriptable.sealObject();
            }
        }
    }

    private static Object valueOf(ScriptableObject object, Object id) {
        try {
            return id instanceof String name ? ScriptableObject.getProperty(object, name)
                    : id instanceof Integer index ? ScriptableObject.getProperty(object, index) : null;
        } catch (RhinoException e) {
            return null; // an accessor that refuses this receiver (e.g. RegExp.prototype.flags): nothing to seal
        }
    }

    private static ScriptableObject prototypeOf(ScriptableObject scope, String constructor) {
        Scriptable ctor = (Scriptable) ScriptableObject.getProperty(scope, constructor);
        return (ScriptableObject) ScriptableObject.getProperty(ctor, "prototype");
    }

    private static void guardAll(ScriptableObject holder, Receiver receiver) {
        for (Object id : holder.getAllIds()) {
            if (!(id instanceof String name) || name.equals("constructor")) {
                continue;
            }
            Object value = holder.get(name, holder);
            if (value instanceof Function target && !(value instanceof Guarded)) {
                holder.put(name, holder, new Guarded(name, target, receiver));
            }
        }
    }

    /**
     * What serialising {@code root} to JSON could allocate: every reachable array's length (holes become "null")
     * and every string, walked without calling getters; the walk stops as soon as the sum passes {@code stopAbove}.
     */
    static long graphBytes(Object root, long stopAbove) {
        Set<Scriptable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(root);
        long bytes = 0;
        while (!pending.isEmpty() && bytes <= stopAbove) {
            Object value = pending.pop();
            if (value instanceof CharSequence text) {
                bytes = Guarded.saturatedAdd(bytes, text.length() * BYTES_PER_CHAR);
            } else if (value instanceof ScriptableObject object && !(object instanceof Function) && seen.add(object)) {
                if (object instanceof NativeArray array) {
                    bytes = Guarded.saturatedAdd(bytes, Guarded.saturatedMultiply(array.getLength(), 8));
                }
                for (Object id : object.getIds()) {
                    bytes = Guarded.saturatedAdd(bytes, 16);
                    Object child = id instanceof String key ? object.get(key, object)
                            : id instanceof Integer index ? object.get(index, object) : null;
                    if (child != null) {
                        pending.push(child);
                    }
                }
            } else {
                bytes = Guarded.saturatedAdd(bytes, 8);
            }
        }
        return bytes;
    }

    /** What a built-in's receiver contributes to the estimate. */
    enum Receiver {
        STRING, ARRAY, NONE
    }

    /** A built-in behind the budget check; it delegates everything else to the original. */
    static final class Guarded extends BaseFunction {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final transient Function target;
        private final Receiver receiver;

        Guarded(String name, Function target, Receiver receiver) {
            this.name = name;
            this.target = target;
            this.receiver = receiver;
            setPrototype(target.getPrototype());
            setParentScope(target.getParentScope());
        }

        @Override
        public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] args) {
            LimitedContextFactory.LimitedContext limited = cx instanceof LimitedContextFactory.LimitedContext l
                    ? l : null;
            if (limited != null) {
                long estimate = estimate(thisObj, args, limited.allocationLeft());
                if (estimate > limited.allocationLeft()) {
                    throw new LimitedContextFactory.LimitExceeded(ScriptException.Kind.TOO_LARGE, name + "() would "
                            + "allocate about " + (estimate >> 20) + " MB, more than the script's memory budget of "
                            + (limited.maxAllocatedBytes >> 20) + " MB allows");
                }
            }
            Object result = target.call(cx, scope, thisObj, args);
            if (limited != null) {
                limited.checkBudgets();
            }
            return result;
        }

        @Override
        public Scriptable construct(Context cx, Scriptable scope, Object[] args) {
            throw ScriptRuntime.typeError(name + " is not a constructor");
        }

        @Override
        public String getFunctionName() {
            return name;
        }

        @Override
        public int getLength() {
            return target instanceof BaseFunction base ? base.getLength() : 0;
        }

        @Override
        public int getArity() {
            return getLength();
        }

        /** An upper estimate of the bytes the call may allocate; exactness does not matter, magnitude does. */
        long estimate(Scriptable thisObj, Object[] args, long left) {
            long bytes = 0;
            if (receiver == Receiver.STRING) {
                long chars = chars(thisObj);
                bytes = chars * BYTES_PER_CHAR;
                if (name.equals("repeat")) {
                    bytes = saturatedMultiply(chars, number(args, 0)) * BYTES_PER_CHAR;
                } else if (name.equals("padStart") || name.equals("padEnd")) {
                    bytes = Math.max(bytes, number(args, 0) * BYTES_PER_CHAR);
                }
            } else if (receiver == Receiver.ARRAY && !CONSTANT_TIME_ARRAY_METHODS.contains(name)) {
                // Copies or walks the whole length: on a sparse array with a huge length, that is the danger.
                bytes = saturatedMultiply(length(thisObj), BYTES_PER_ELEMENT);
            }
            if (name.equals("stringify")) {
                return args.length == 0 ? 0 : graphBytes(args[0], left);
            }
            for (Object arg : args) {
                bytes = saturatedAdd(bytes, argumentBytes(arg));
            }
            return bytes;
        }

        private static long argumentBytes(Object arg) {
            if (arg instanceof CharSequence text) {
                return text.length() * BYTES_PER_CHAR;
            }
            if (arg instanceof Scriptable object) {
                return saturatedMultiply(length(object), BYTES_PER_ELEMENT)
                        + chars(object) * BYTES_PER_CHAR;
            }
            return 0;
        }

        /** A String object's length (Rhino's wrapper class is not public; its length does not flatten it). */
        private static long chars(Scriptable object) {
            if (isStringObject(object) && object.get("length", object) instanceof Number length) {
                return length.longValue();
            }
            return 0;
        }

        private static boolean isStringObject(Scriptable object) {
            return object != null && "String".equals(object.getClassName());
        }

        /** An array's length, or an array-like's numeric {@code length} (e.g. {@code {length: 1e9}} for from()). */
        private static long length(Scriptable object) {
            if (object instanceof NativeArray array) {
                return array.getLength();
            }
            if (isStringObject(object)) {
                return 0;
            }
            Object length = object instanceof ScriptableObject scriptable && scriptable.has("length", scriptable)
                    ? scriptable.get("length", scriptable) : null;
            return length instanceof Number number ? clamp(number.doubleValue()) : 0;
        }

        private static long number(Object[] args, int index) {
            return index < args.length && args[index] instanceof Number number ? clamp(number.doubleValue()) : 0;
        }

        private static long clamp(double value) {
            return Double.isNaN(value) || value <= 0 ? 0 : value >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) value;
        }

        static long saturatedMultiply(long a, long b) {
            long high = Math.multiplyHigh(a, b);
            long product = a * b;
            return high != 0 || product < 0 ? Long.MAX_VALUE : product;
        }

        static long saturatedAdd(long a, long b) {
            long sum = a + b;
            return sum < 0 ? Long.MAX_VALUE : sum;
        }
    }
}
