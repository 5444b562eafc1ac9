// Dumps Spark's config registry as JSON. Compiled and run by tools/gen_catalog.py; not part of sparklint.
//
// Usage: java -cp "<jars>/*:<classes>" SparkConfigDump <jars-dir> <out.json>
//
// It uses reflection only (no compile-time dependency on Spark or Scala), so one source works for
// every Spark version from 3.3 (Scala 2.12) to 4.x (Scala 2.13). It records keys, types, numbers and
// raw probe results; the Python side decides types and units. Spark's doc strings are never read.
//
// What it reads (paths in apache/spark):
//  - core/src/main/scala/org/apache/spark/internal/config/ConfigEntry.scala: ConfigEntry.knownConfigs,
//    filled when each config-holder object is initialised;
//  - core/src/main/scala/org/apache/spark/SparkConf.scala: deprecatedConfigs, configsWithAlternatives;
//  - sql/catalyst/src/main/scala/org/apache/spark/sql/internal/SQLConf.scala: deprecatedSQLConfigs,
//    removedSQLConfigs.

import java.io.File;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

public final class SparkConfigDump {
    // Sample strings fed to each entry's valueConverter; the result class (or the failure) tells the type.
    static final String[] PROBES = {
        "true", "false", "0", "1", "10", "1000", "0.5", "10.5", "1b", "1k", "1m", "1g", "1t",
        "1ms", "1s", "1min", "1h", "1d", "a,b", "zz_sparklint_probe", "",
    };
    static final byte[] BUILDER_MARK = "org/apache/spark/internal/config/ConfigBuilder".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        File jarsDir = new File(args[0]);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<String> holders = findHolders(jarsDir);
        List<String> initFailures = new ArrayList<>();
        int initialised = 0;
        for (String name : holders) {
            try {
                Class.forName(name, true, loader);
                initialised++;
            } catch (Throwable t) {
                initFailures.add(name + ": " + t.getClass().getName());
            }
        }
        Class<?> function1 = Class.forName("scala.Function1", false, loader);
        Method apply = function1.getMethod("apply", Object.class);

        Object entryCompanion = module("org.apache.spark.internal.config.ConfigEntry$", loader);
        @SuppressWarnings("unchecked")
        Map<String, Object> known = (Map<String, Object>) member(entryCompanion, "knownConfigs");
        TreeMap<String, Object> sorted = new TreeMap<>(known);

        StringBuilder out = new StringBuilder();
        out.append("{\n\"holders_found\": ").append(holders.size());
        out.append(",\n\"holders_initialised\": ").append(initialised);
        out.append(",\n\"init_failures\": ").append(jsonList(initFailures));
        out.append(",\n\"entries\": [\n");
        boolean first = true;
        for (Map.Entry<String, Object> item : sorted.entrySet()) {
            Object entry = item.getValue();
            if (!first) out.append(",\n");
            first = false;
            out.append(entryJson(entry, apply));
        }
        out.append("\n],\n\"deprecated_configs\": ").append(deprecations(loader, "org.apache.spark.SparkConf$", "deprecatedConfigs"));
        out.append(",\n\"configs_with_alternatives\": ").append(alternates(loader));
        out.append(",\n\"deprecated_sql_configs\": ").append(deprecations(loader, "org.apache.spark.sql.internal.SQLConf$", "deprecatedSQLConfigs"));
        out.append(",\n\"removed_sql_configs\": ").append(deprecations(loader, "org.apache.spark.sql.internal.SQLConf$", "removedSQLConfigs"));
        out.append("\n}\n");
        try (PrintWriter writer = new PrintWriter(args[1], "UTF-8")) {
            writer.write(out.toString());
        }
        System.exit(0);  // holder objects may have started non-daemon threads
    }

    /** Top-level and nested Scala objects (Foo$) under org/apache/spark whose bytecode mentions ConfigBuilder. */
    static List<String> findHolders(File jarsDir) throws Exception {
        List<String> names = new ArrayList<>();
        File[] jars = jarsDir.listFiles((dir, name) -> name.startsWith("spark-") && name.endsWith(".jar"));
        if (jars == null) return names;
        for (File jar : jars) {
            try (JarFile jarFile = new JarFile(jar)) {
                Enumeration<JarEntry> entries = jarFile.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    String path = entry.getName();
                    if (!path.startsWith("org/apache/spark/") || !path.endsWith("$.class")) continue;
                    if (path.contains("$anon") || path.contains("$$")) continue;
                    byte[] bytes;
                    try (InputStream in = jarFile.getInputStream(entry)) {
                        bytes = in.readAllBytes();
                    }
                    if (indexOf(bytes, BUILDER_MARK) >= 0) {
                        names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
        }
        Collections.sort(names);
        return names;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    static Object module(String className, ClassLoader loader) throws Exception {
        return Class.forName(className, true, loader).getField("MODULE$").get(null);
    }

    /** A no-arg method or a field named `name` (Scala may mangle private names to a$b$$name). */
    static Object member(Object target, String name) throws Exception {
        for (Class<?> cls = target.getClass(); cls != null; cls = cls.getSuperclass()) {
            for (Method method : cls.getDeclaredMethods()) {
                if (method.getParameterCount() == 0 && (method.getName().equals(name) || method.getName().endsWith("$$" + name))) {
                    method.setAccessible(true);
                    return method.invoke(target);
                }
            }
            for (Field field : cls.getDeclaredFields()) {
                if (field.getName().equals(name) || field.getName().endsWith("$$" + name)) {
                    field.setAccessible(true);
                    return field.get(target);
                }
            }
        }
        throw new NoSuchFieldException(target.getClass().getName() + "." + name);
    }

    static Object call(Object target, String name) throws Exception {
        Method method = target.getClass().getMethod(name);
        method.setAccessible(true);
        return method.invoke(target);
    }

    /** Elements of a Scala collection (2.12 or 2.13) through its public iterator(). */
    static List<Object> elements(Object collection) throws Exception {
        List<Object> items = new ArrayList<>();
        Object iterator = call(collection, "iterator");
        Method hasNext = iterator.getClass().getMethod("hasNext");
        Method next = iterator.getClass().getMethod("next");
        hasNext.setAccessible(true);
        next.setAccessible(true);
        while ((Boolean) hasNext.invoke(iterator)) items.add(next.invoke(iterator));
        return items;
    }

    static String entryJson(Object entry, Method apply) throws Exception {
        StringBuilder json = new StringBuilder("{");
        field(json, "key", (String) call(entry, "key"));
        json.append(',');
        field(json, "kind", entry.getClass().getSimpleName());
        json.append(',');
        field(json, "version", (String) call(entry, "version"));
        json.append(",\"public\":").append(call(entry, "isPublic"));
        List<String> alternatives = new ArrayList<>();
        for (Object alt : elements(call(entry, "alternatives"))) alternatives.add(String.valueOf(alt));
        json.append(",\"alternatives\":").append(jsonList(alternatives));
        String defaultString;
        try {
            defaultString = String.valueOf(call(entry, "defaultValueString"));
        } catch (Throwable t) {
            defaultString = null;
        }
        json.append(',');
        field(json, "default_string", defaultString);
        String defaultClass = null;
        try {
            Object option = call(entry, "defaultValue");
            if ((Boolean) call(option, "isDefined")) {
                Object value = call(option, "get");
                defaultClass = value == null ? null : value.getClass().getName();
                if (value instanceof Enum || (value != null && isA(value.getClass(), "scala.Enumeration$Value"))) {
                    json.append(",\"default_enum\":true");
                }
            }
        } catch (Throwable t) {
            defaultClass = null;
        }
        json.append(',');
        field(json, "default_class", defaultClass);
        try {
            Object fallback = member(entry, "fallback");
            json.append(',');
            field(json, "fallback", (String) call(fallback, "key"));
        } catch (NoSuchFieldException e) {
            // not a FallbackConfigEntry
        }
        Object converter = call(entry, "valueConverter");
        json.append(",\"probes\":{");
        boolean first = true;
        for (String probe : PROBES) {
            if (!first) json.append(',');
            first = false;
            json.append(quote(probe)).append(':');
            json.append(probe(converter, apply, probe));
        }
        json.append('}');
        String constraint = constraint(converter, apply);
        if (constraint != null) json.append(",\"constraint\":").append(constraint);
        List<String> candidates = enumCandidates(converter, apply);
        if (!candidates.isEmpty()) {
            json.append(",\"enum_values\":").append(jsonList(candidates));
            boolean ignoresCase = true;
            for (String value : candidates) {
                try {
                    apply.invoke(converter, value.toLowerCase(java.util.Locale.ROOT));
                    apply.invoke(converter, value.toUpperCase(java.util.Locale.ROOT));
                } catch (Throwable t) {
                    ignoresCase = false;
                }
            }
            json.append(",\"enum_ignore_case\":").append(ignoresCase);
        }
        json.append('}');
        return json.toString();
    }

    // ---------------------------------------------------------------- checkValue constraints, by probing
    //
    // TypedConfigBuilder.checkValue(validator, message) wraps the converter: a value that parses but
    // fails the validator throws IllegalArgumentException(message). Numbers are fed to the converter as
    // bare strings, so sizes and times are probed in the entry's own unit (what checkValue sees).
    // The accepted set is found on fixed points (0, negatives, the int and long limits, ...) and each
    // change between neighbouring points is bisected: integers exactly, doubles to the nearest
    // short decimal, whose own acceptance tells an open end from a closed one.

    static final long[] INT_POINTS = {Integer.MIN_VALUE, -1000000, -1000, -100, -10, -2, -1, 0, 1, 2, 3, 8, 10, 16,
        100, 1000, 1024, 10000, 65535, 65536, 1000000, 1L << 24, Integer.MAX_VALUE};
    static final long[] LONG_EXTRA = {Long.MIN_VALUE, -(1L << 40), 1L << 31, 1L << 40, Long.MAX_VALUE};
    static final double[] DOUBLE_POINTS = {-1e300, -1e9, -1, -0.5, 0, 1e-300, 1e-9, 0.001, 0.1, 0.5, 0.999, 1,
        1.5, 2, 10, 100, 1e9, 1e300};

    /** A refusal by a check (not by parsing): [refused, message]; null when the converter accepts. */
    static String[] tryValue(Object converter, Method apply, String text) {
        try {
            apply.invoke(converter, text);
            return null;
        } catch (Throwable t) {
            Throwable cause = t.getCause() != null ? t.getCause() : t;
            return new String[] {cause.getClass().getName(), String.valueOf(cause.getMessage())};
        }
    }

    static String numberText(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return String.valueOf((long) value);
        return String.valueOf(value);
    }

    /** {"kind": "int"|"double", "accept": [[lo, hi, open], ...], "refused": value, "message": text}, or null. */
    static String constraint(Object converter, Method apply) {
        Object one = null;  // the converted value of the first sample a number-typed entry accepts
        for (String sample : new String[] {"1", "0.5", "1024", "1048576", "1073741824", "0", "-1"}) {
            try {
                one = apply.invoke(converter, sample);
                if (one != null && one.getClass().getName().equals("scala.Some")) one = call(one, "get");
                break;
            } catch (Throwable t) {
                one = null;
            }
        }
        if (one == null) return null;  // not a number
        if (one instanceof Integer || one instanceof Long) {
            List<Long> candidates = new ArrayList<>();
            for (long p : INT_POINTS) candidates.add(p);
            if (one instanceof Long) for (long p : LONG_EXTRA) candidates.add(p);
            Collections.sort(candidates);
            // A point the parser refuses (NumberFormatException: a negative size) is outside the type,
            // not refused by a check: it is left out, and the interval is judged on the rest.
            List<Long> points = new ArrayList<>();
            List<Boolean> accepted = new ArrayList<>();
            String refusedValue = null, message = null;
            for (long point : candidates) {
                String[] refusal = tryValue(converter, apply, String.valueOf(point));
                if (refusal != null && refusal[0].endsWith("NumberFormatException")) continue;
                points.add(point);
                accepted.add(refusal == null);
                if (refusal != null && (refusedValue == null || Math.abs((double) point) <= Math.abs(Double.parseDouble(refusedValue)))) {
                    refusedValue = String.valueOf(point);  // the refusal nearest 0 reads best
                    message = refusal[1];
                }
            }
            boolean[] ok = new boolean[points.size()];
            for (int i = 0; i < ok.length; i++) ok[i] = accepted.get(i);
            if (message == null || ok.length == 0) return null;  // every probe accepted: no check
            StringBuilder accept = new StringBuilder("[");
            Long low = ok[0] ? points.get(0) : null;
            for (int i = 1; i <= ok.length; i++) {
                boolean now = i < ok.length && ok[i];
                boolean before = ok[i - 1];
                if (now && !before) low = firstAccepted(converter, apply, points.get(i - 1), points.get(i));
                if (!now && before) {
                    long high = i < ok.length ? firstAccepted(converter, apply, points.get(i), points.get(i - 1)) : points.get(i - 1);
                    if (accept.length() > 1) accept.append(',');
                    accept.append('[').append(low).append(',').append(high).append(",0]");
                }
            }
            accept.append(']');
            return "{\"kind\":\"int\",\"accept\":" + accept + ",\"refused\":" + quote(refusedValue)
                + ",\"message\":" + quote(message) + "}";
        }
        if (one instanceof Double || one instanceof Float) {
            double[] points = DOUBLE_POINTS;
            boolean[] ok = new boolean[points.length];
            String refusedValue = null, message = null;
            for (int i = 0; i < ok.length; i++) {
                String[] refusal = tryValue(converter, apply, numberText(points[i]));
                ok[i] = refusal == null;
                if (refusal != null && refusal[0].endsWith("NumberFormatException")) return null;
                if (refusal != null && (refusedValue == null || Math.abs(points[i]) <= Math.abs(Double.parseDouble(refusedValue)))) {
                    refusedValue = numberText(points[i]);
                    message = refusal[1];
                }
            }
            if (message == null) return null;
            StringBuilder accept = new StringBuilder("[");
            String low = ok[0] ? "null" : null;
            int lowOpen = 0;
            for (int i = 1; i <= ok.length; i++) {
                boolean now = i < ok.length && ok[i];
                boolean before = ok[i - 1];
                if (now && !before) {
                    double edge = edge(converter, apply, points[i - 1], points[i]);
                    low = numberText(edge);
                    lowOpen = tryValue(converter, apply, numberText(edge)) == null ? 0 : 1;
                }
                if (!now && before) {
                    String high = "null";
                    int highOpen = 0;
                    if (i < ok.length) {
                        double edge = edge(converter, apply, points[i], points[i - 1]);
                        high = numberText(edge);
                        highOpen = tryValue(converter, apply, numberText(edge)) == null ? 0 : 2;
                    }
                    if (accept.length() > 1) accept.append(',');
                    accept.append('[').append(low).append(',').append(high).append(',').append(lowOpen | highOpen).append(']');
                }
            }
            accept.append(']');
            boolean nan = tryValue(converter, apply, "NaN") == null;
            return "{\"kind\":\"double\",\"accept\":" + accept + ",\"refused\":" + quote(refusedValue)
                + ",\"message\":" + quote(message) + ",\"nan\":" + nan + "}";
        }
        return null;
    }

    /** The accepted integer nearest `refused` between a refused and an accepted point (exact bisection). */
    static long firstAccepted(Object converter, Method apply, long refused, long accepted) {
        long bad = refused, good = accepted;
        while (Math.abs(good - bad) > 1) {
            long mid = bad / 2 + good / 2 + ((bad % 2 + good % 2) / 2);
            if (mid == bad || mid == good) break;
            if (tryValue(converter, apply, String.valueOf(mid)) == null) good = mid; else bad = mid;
        }
        return good;
    }

    /** The boundary between a refused and an accepted double, as the shortest decimal within 1e-9 of it. */
    static double edge(Object converter, Method apply, double refused, double accepted) {
        double bad = refused, good = accepted;
        for (int i = 0; i < 200 && bad != good; i++) {
            double mid = (Math.abs(bad) > 1e10 || Math.abs(good) > 1e10) && Math.signum(bad) == Math.signum(good)
                ? Math.signum(good) * Math.sqrt(Math.abs(bad)) * Math.sqrt(Math.abs(good)) : (bad + good) / 2;
            if (mid == bad || mid == good) break;
            if (tryValue(converter, apply, numberText(mid)) == null) good = mid; else bad = mid;
        }
        for (int digits = 0; digits <= 12; digits++) {
            double scale = Math.pow(10, digits);
            double nice = Math.round(good * scale) / scale;
            if (Math.abs(nice - good) <= 1e-9 * Math.max(1, Math.abs(good))) return nice;
        }
        return good;
    }

    /** ["class", "value"] when the converter accepts the sample, ["!", "exception class"] when it rejects it. */
    static String probe(Object converter, Method apply, String sample) {
        try {
            Object value = apply.invoke(converter, sample);
            String text;
            if (value != null && value.getClass().getName().equals("scala.Some")) {
                value = call(value, "get");  // OptionalConfigEntry wraps its converter in Some(...)
            }
            if (value == null) {
                return "[\"null\",null]";
            }
            String className = value.getClass().getName();
            if (className.startsWith("scala.collection")) {
                text = String.valueOf(elements(value).size());
            } else {
                text = String.valueOf(value);
            }
            return "[" + quote(className) + "," + quote(text) + "]";
        } catch (Throwable t) {
            Throwable cause = t.getCause() != null ? t.getCause() : t;
            return "[\"!\"," + quote(cause.getClass().getName()) + "]";
        }
    }

    /**
     * Values of a checkValues(Set) or enumConf(Enumeration) restriction, found by walking what the
     * converter's closures captured: TypedConfigBuilder.checkValues keeps the Set in its lambda, and
     * each transform/checkValue lambda keeps the previous builder, whose `converter` is the previous step.
     * A candidate is kept only if the converter accepts every value; the caller also requires that the
     * converter rejects an arbitrary string.
     */
    static List<String> enumCandidates(Object converter, Method apply) {
        LinkedHashSet<String> values = new LinkedHashSet<>();
        walk(converter, values, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
        List<String> accepted = new ArrayList<>();
        for (String value : values) {
            try {
                apply.invoke(converter, value);
                accepted.add(value);
            } catch (Throwable t) {
                return Collections.emptyList();
            }
        }
        return accepted;
    }

    static void walk(Object node, Set<String> values, Set<Object> seen, int depth) {
        if (node == null || depth > 12 || !seen.add(node)) return;
        Class<?> cls = node.getClass();
        String name = cls.getName();
        try {
            if (isA(cls, "scala.Enumeration")) {
                for (Object value : elements(call(node, "values"))) values.add(String.valueOf(value));
                return;
            }
            if (node instanceof Class && ((Class<?>) node).isEnum()) {  // enumConf(classOf[E]) keeps the class
                for (Object constant : ((Class<?>) node).getEnumConstants()) values.add(String.valueOf(constant));
                return;
            }
            if (isA(cls, "scala.collection.Set") || isA(cls, "scala.collection.immutable.Set")) {
                for (Object value : elements(node)) {
                    if (value instanceof String || value instanceof Number || value instanceof Enum
                            || isA(value.getClass(), "scala.Enumeration$Value")) {
                        values.add(String.valueOf(value));
                    }
                }
                return;
            }
        } catch (Throwable t) {
            return;
        }
        boolean isFunction = isA(cls, "scala.Function1") || name.contains("$$Lambda") || name.contains("$anonfun");
        boolean isBuilder = name.equals("org.apache.spark.internal.config.TypedConfigBuilder");
        if (!isFunction && !isBuilder) return;
        for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) continue;
                if (isBuilder && !field.getName().equals("converter")) continue;
                try {
                    field.setAccessible(true);
                    walk(field.get(node), values, seen, depth + 1);
                } catch (Throwable t) {
                    // a field we cannot read holds nothing we need
                }
            }
        }
    }

    static boolean isA(Class<?> cls, String typeName) {
        if (cls == null) return false;
        if (cls.getName().equals(typeName)) return true;
        for (Class<?> iface : cls.getInterfaces()) {
            if (isA(iface, typeName)) return true;
        }
        return isA(cls.getSuperclass(), typeName);
    }

    static String deprecations(ClassLoader loader, String holder, String name) {
        StringBuilder json = new StringBuilder("[");
        try {
            Object map = member(module(holder, loader), name);
            boolean first = true;
            for (Object pair : elements(map)) {
                Object value = call(pair, "_2");
                if (!first) json.append(',');
                first = false;
                json.append('{');
                field(json, "key", (String) call(value, "key"));
                json.append(',');
                field(json, "version", (String) call(value, "version"));
                for (String optional : new String[] {"deprecationMessage", "comment", "defaultValue"}) {
                    try {
                        Object text = call(value, optional);
                        json.append(',');
                        field(json, optional, text == null ? null : String.valueOf(text));
                    } catch (NoSuchMethodException e) {
                        // this record type has no such field
                    }
                }
                json.append('}');
            }
        } catch (Throwable t) {
            return "{\"error\":" + quote(t.toString()) + "}";
        }
        return json.append(']').toString();
    }

    static String alternates(ClassLoader loader) {
        StringBuilder json = new StringBuilder("[");
        try {
            Object map = member(module("org.apache.spark.SparkConf$", loader), "configsWithAlternatives");
            boolean first = true;
            for (Object pair : elements(map)) {
                String current = (String) call(pair, "_1");
                for (Object alternate : elements(call(pair, "_2"))) {
                    if (!first) json.append(',');
                    first = false;
                    json.append('{');
                    field(json, "key", (String) call(alternate, "key"));
                    json.append(',');
                    field(json, "replacement", current);
                    json.append(',');
                    field(json, "version", (String) call(alternate, "version"));
                    Object translation = call(alternate, "translation");
                    json.append(",\"translated\":").append(translation != null);
                    json.append('}');
                }
            }
        } catch (Throwable t) {
            return "{\"error\":" + quote(t.toString()) + "}";
        }
        return json.append(']').toString();
    }

    static void field(StringBuilder json, String name, String value) {
        json.append(quote(name)).append(':').append(value == null ? "null" : quote(value));
    }

    static String jsonList(List<String> items) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) json.append(',');
            json.append(quote(items.get(i)));
        }
        return json.append(']').toString();
    }

    static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"': json.append("\\\""); break;
                case '\\': json.append("\\\\"); break;
                case '\n': json.append("\\n"); break;
                case '\r': json.append("\\r"); break;
                case '\t': json.append("\\t"); break;
                default:
                    if (c < 0x20) json.append(String.format("\\u%04x", (int) c));
                    else json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
